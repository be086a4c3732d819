/* Participant pages. The form: conditions, progress, a draft kept on this phone for a few hours,
   one request per submit, and a check of the token before saying "not sent". The thank-you and
   already-answered pages forget the draft. Kept out of the HTML so a Content-Security-Policy
   needs no inline script. Every page works without it. */
(function () {
  "use strict";
  var DRAFT_MS = 4 * 3600e3; // a draft older than this belongs to someone who has left
  var SENT_MS = 864e5; // how long "back" to a sent form reuses its token
  var TIMEOUT_MS = 30000;

  function byId(id) { return document.getElementById(id); }
  function read(key) { try { return JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { return null; } }
  function write(key, value) { try { localStorage.setItem(key, JSON.stringify(value)); } catch (e) {} }
  function forgetDrafts(code) {
    try {
      for (var i = localStorage.length - 1; i >= 0; i--) {
        var k = localStorage.key(i);
        if (k === "sala:" + code || k.indexOf("sala:draft:" + code + ":") === 0) localStorage.removeItem(k);
      }
    } catch (e) {}
  }

  function focusSummary() {
    var s = byId("error-summary");
    if (s) { s.focus(); return true; }
    return false;
  }

  // GOV.UK error summary: a link puts the focus on the answer and shows its question.
  document.addEventListener("click", function (ev) {
    var a = ev.target.closest && ev.target.closest(".error-summary a");
    if (!a) return;
    var input = byId(a.getAttribute("href").slice(1));
    if (!input) return;
    ev.preventDefault();
    input.focus({ preventScroll: true });
    var q = input.closest("fieldset");
    (q || input).scrollIntoView({ block: "start" });
  });

  function initForm(f) {
    if (!window.FormData) return;
    var code = f.dataset.code, key = "sala:draft:" + code + ":" + (f.dataset.draft || "");
    var net = byId("net"), b = f.querySelector("button[type=submit]"), p = byId("progress");
    var preview = f.hasAttribute("data-preview");
    if (f.classList.contains("paged")) {
      f.classList.remove("paged");
      f.elements.step.value = "all";
      b.textContent = b.dataset.submit;
      var bk = byId("back"), po = byId("page-of");
      if (bk) bk.parentNode.removeChild(bk);
      if (po) po.hidden = true;
    }
    p.hidden = false;
    var label = b.textContent;

    function chosen(q) {
      var s = f.querySelector('fieldset.q[data-q="' + q + '"]'), out = [];
      if (!s || s.hidden) return out;
      var ins = s.querySelectorAll("input:checked");
      for (var i = 0; i < ins.length; i++) out.push(ins[i].value);
      return out;
    }
    function conditions() {
      var qs = f.querySelectorAll("fieldset.q[data-show-if]");
      for (var i = 0; i < qs.length; i++) {
        var s = qs[i], c = JSON.parse(s.getAttribute("data-show-if")), ok = true;
        for (var j = 0; j < c.length; j++) {
          var v = chosen(c[j].q), hit = false;
          for (var k = 0; k < v.length; k++) if (c[j].v.indexOf(v[k]) >= 0) hit = true;
          if (!hit) ok = false;
        }
        s.hidden = !ok; s.disabled = !ok;
      }
      var g = f.querySelectorAll(".group"), last = null;
      for (var n = 0; n < g.length; n++) {
        g[n].hidden = !g[n].querySelector("fieldset.q:not([hidden])");
        if (g[n].hidden) continue;
        var sec = g[n].getAttribute("data-section");
        g[n].querySelector("h2").hidden = sec == last;
        last = sec;
      }
    }
    function progress() {
      var q = f.querySelectorAll("fieldset.q:not([hidden])"), n = 0;
      for (var i = 0; i < q.length; i++) {
        var ins = q[i].querySelectorAll("input,textarea");
        for (var j = 0; j < ins.length; j++) {
          var e = ins[j];
          if (((e.type == "radio" || e.type == "checkbox") && e.checked) || ((e.type == "text" || e.tagName == "TEXTAREA") && e.value.trim())) { n++; break; }
        }
      }
      var text = p.dataset.label + " " + n + "/" + q.length;
      if (p.textContent != text) p.textContent = text; // read out (aria-live) only when it changes
    }
    function save() {
      conditions();
      if (!preview) {
        var d = {};
        new FormData(f).forEach(function (v, k) { if (k != "csrf_token") (d[k] = d[k] || []).push(v); });
        write(key, { at: Date.now(), d: d });
      }
      progress();
    }
    function restore() {
      var s = read(key);
      if (preview || !s || f.dataset.fresh != "1" || Date.now() - s.at > DRAFT_MS) return;
      var n = 0;
      Object.keys(s.d).forEach(function (k) {
        var v = s.d[k], els = f.querySelectorAll('[name="' + k + '"]');
        for (var i = 0; i < els.length; i++) {
          var e = els[i];
          if (e.type == "radio" || e.type == "checkbox") e.checked = v.indexOf(e.value) >= 0;
          else if (e.name != "lang") e.value = v[0];
        }
        if (k != "token") n++;
      });
      if (n) byId("restored").hidden = false;
    }
    function resent() {
      var nav = window.performance && performance.getEntriesByType && performance.getEntriesByType("navigation")[0];
      if (!nav || nav.type != "back_forward") return;
      var s = read("sala:sent:" + code);
      if (s && Date.now() - s.at < SENT_MS) f.elements.token.value = s.t;
    }
    function sent(url) { forgetDrafts(code); location.href = url; }
    function failed() {
      b.disabled = false; b.textContent = label; net.hidden = false;
      net.scrollIntoView({ block: "center" });
    }
    // The reply was lost: ask whether the token was stored before saying "not sent".
    function check() {
      fetch(f.dataset.status + "?t=" + encodeURIComponent(f.elements.token.value), {
        credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" }
      }).then(function (r) { return r.json(); })
        .then(function (j) { if (j.stored) sent(j.thanks); else failed(); })
        .catch(failed);
    }
    // The server's page for a rejected answer (errors, expired page) replaces this one's content.
    function show(html) {
      var doc = new DOMParser().parseFromString(html, "text/html"), main = doc.querySelector("main");
      if (!main) { failed(); return; }
      document.title = doc.title;
      var old = document.querySelector("main");
      old.parentNode.replaceChild(document.adoptNode(main), old);
      var again = byId("answer-form");
      if (again) initForm(again);
      if (!focusSummary()) { var n = main.querySelector("[role=alert]:not([hidden])") || main.querySelector("h1"); if (n) { n.tabIndex = -1; n.focus(); } }
    }

    restore(); resent(); conditions(); progress();
    // Back to this page from the thank-you page (back/forward cache): ready to send again.
    window.addEventListener("pageshow", function (ev) {
      if (ev.persisted) { b.disabled = false; b.textContent = label; resent(); }
    });
    f.addEventListener("input", save);
    f.addEventListener("change", save);
    var over = byId("start-over");
    if (over) over.addEventListener("click", function () {
      try { localStorage.removeItem(key); } catch (e) {}
      f.reset(); conditions(); progress();
      byId("restored").hidden = true;
      var first = f.querySelector("input:not([type=hidden]),textarea");
      if (first) first.focus();
    });
    f.addEventListener("submit", function (ev) {
      if (!window.fetch || preview) return;
      ev.preventDefault();
      conditions();
      if (b.disabled) return;
      save();
      b.disabled = true; b.textContent = b.dataset.sending; net.hidden = true;
      var c = window.AbortController ? new AbortController() : null;
      var timer = setTimeout(function () { if (c) c.abort(); }, TIMEOUT_MS);
      fetch(f.action, {
        method: "POST", body: new FormData(f), credentials: "same-origin",
        headers: { Accept: "application/json" }, signal: c && c.signal
      }).then(function (r) {
        clearTimeout(timer);
        if (r.ok && (r.headers.get("Content-Type") || "").indexOf("application/json") === 0) {
          return r.json().then(function (j) { sent(j.thanks); });
        }
        return r.text().then(show);
      }).catch(function () { clearTimeout(timer); check(); });
    });
  }

  function init() {
    var thanks = byId("thanks"), answered = byId("answered"), f = byId("answer-form");
    if (thanks && thanks.dataset.code) {
      forgetDrafts(thanks.dataset.code);
      write("sala:sent:" + thanks.dataset.code, { t: thanks.dataset.token, at: Date.now() });
    }
    if (answered && answered.dataset.code) forgetDrafts(answered.dataset.code);
    if (f) initForm(f);
    focusSummary();
  }
  if (document.readyState == "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
