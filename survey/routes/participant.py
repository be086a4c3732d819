"""Participants: open a session's form by its join code, answer, and get a thank-you page."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any

import segno
from flask import Blueprint
from flask import Response
from flask import abort
from flask import current_app
from flask import get_template_attribute
from flask import jsonify
from flask import make_response
from flask import redirect
from flask import render_template
from flask import request
from flask import session as flask_session
from flask import url_for
from markupsafe import Markup
from werkzeug.wrappers import Response as BaseResponse

from analysis.questionnaire.conditions import pages
from analysis.questionnaire.conditions import visible_questions
from analysis.questionnaire.model import Questionnaire
from survey import audit
from survey import store
from survey.forms import ALL_PAGES
from survey.forms import ResponseForm
from survey.forms import answer_values
from survey.forms import build_form
from survey.forms import csrf
from survey.forms import form_answers
from survey.forms import form_layout
from survey.forms import new_token
from survey.forms import posted_answers
from survey.forms import unknown_fields
from survey.forms import without_hidden
from survey.i18n import LANGUAGE_COOKIE
from survey.i18n import LANGUAGE_NAMES
from survey.i18n import current_language
from survey.i18n import translate
from survey.join_codes import clean_code
from survey.limits import bounded_int
from survey.privacy import full_notice
from survey.privacy import short_notice

bp = Blueprint("participant", __name__)

RESPONDENT_COOKIE = "sala_rk"
COOKIE_MAX_AGE = 365 * 24 * 3600
# Session key: join code -> how many responses this browser had there when it asked to answer
# once more; one more may be stored.
ANSWER_AGAIN = "answer_again"
# Fresh forms' pages kept per worker: a few questionnaires in three languages at an event.
FRESH_PAGES_CACHED = 64
_FRESH_PAGES: dict[tuple[int, str], tuple[Questionnaire, Markup]] = {}
DRAFT_SCOPE_CHARS = 16  # 64 bits: enough to tell browsers apart, too short to stand for the key


@bp.get("/")
def home() -> Response:
    """The start page: type a join code if the QR code cannot be scanned."""
    return _start_page()


@bp.get("/j")
def join() -> BaseResponse:
    """Send a typed join code on to its form, in the language chosen on the start page."""
    code = clean_code(request.args.get("code", ""))
    if not code:
        return _start_page(missing=True)
    language = request.args.get("lang")
    if language not in LANGUAGE_NAMES:
        language = None
    return redirect(url_for("participant.form", code=code, lang=language))


def _start_page(code: str = "", missing: bool = False) -> Response:
    """The start page; with `code`, saying no session has it (404), with `missing`, asking for
    a code (400). The code field and the language links are there either way."""
    language = current_language()
    status, heading, notice, here = 200, None, None, None
    if missing:
        status, notice = 400, translate("code_missing", language)
        heading, here = translate("enter_code", language), url_for("participant.home")
    elif code:
        status, heading = 404, translate("not_found_title", language)
        notice = f"{heading}: {translate('not_found_body', language)}"
        here = url_for("participant.form", code=code)
    body = render_template(
        "participant/home.html",
        language=language,
        languages=list(LANGUAGE_NAMES.items()),
        heading=heading,
        notice=notice,
        typed=code,
        here=here,
    )
    return make_response(body, status)


def _open_session(code: str) -> dict[str, Any]:
    session = store.session_by_code(code)
    if session is None:
        # The start page, the code as typed in its field, ready to be put right.
        cleaned = clean_code(code)
        abort(_start_page(code=cleaned, missing=not cleaned))
    if not session["is_open"]:
        abort(403)
    return session


@bp.get("/j/<code>")
def form(code: str) -> Response:
    """The questionnaire form of an open session, or a note that this browser already answered."""
    session = _open_session(code)
    if _already_answered(session):
        return _answered_page(session, request.cookies[RESPONDENT_COOKIE], current_language())
    questionnaire = store.questionnaire_of(session)
    language = _language_for(questionnaire)
    form = build_form(questionnaire, language, formdata=None, token=new_token(), lang=language)
    form.step.data = _first_step(questionnaire)
    flask_session.permanent = True  # the CSRF token outlives a browser closed mid-form
    return _form_page(session, questionnaire, form, language, fresh=True)


def _first_step(questionnaire: Questionnaire) -> str:
    """Return the step of a fresh form: its first page, or all pages when there is one."""
    return "0" if len(pages(questionnaire)) > 1 else ALL_PAGES


# The form posts to /send, not to the address it is shown at: a browser without JavaScript whose
# post fails offline then keeps the form, answers and all, one step back in its history (a post
# to the same address replaces it). /j/<code> still takes posts from pages opened before.
@bp.post("/j/<code>")
@bp.post("/j/<code>/send")
def submit(code: str) -> BaseResponse:
    """Store the answers once (the token makes retries harmless), then acknowledge.

    Only the questions shown for the answers given count: a hidden question is never required
    and what is sent for it is not stored. Without JavaScript a form with conditions comes in
    pages (``analysis.questionnaire.conditions.pages``): each post checks its page and shows the
    next one that has a question to show, carrying every answer so far.
    """
    session = _open_session(code)
    questionnaire = store.questionnaire_of(session)
    language = _language_for(questionnaire)
    if unknown_fields(questionnaire, list(request.form)):
        # A form of an earlier version (or a crafted post): shown again with what still fits.
        return resubmit_page(session["code"], translate("form_changed", language))
    shown = visible_questions(questionnaire, posted_answers(questionnaire, request.form))
    formdata = without_hidden(questionnaire, request.form, shown)
    step = _step(request.form.get("step"), questionnaire)
    if step is not None:
        return _page_step(session, questionnaire, language, formdata, shown, step)
    form = build_form(questionnaire, language, required=shown, formdata=formdata)
    return _store(session, questionnaire, form, language, shown)


def _store(
    session: dict[str, Any],
    questionnaire: Questionnaire,
    form: ResponseForm,
    language: str,
    shown: frozenset[str],
) -> BaseResponse:
    """Check the whole form, store the answers to the questions shown, then acknowledge."""
    if not form.validate():
        if "token" in form.errors:
            abort(400)
        return _form_page(session, questionnaire, form, language, status=422, shown=shown)
    respondent_key = request.cookies.get(RESPONDENT_COOKIE) or secrets.token_urlsafe(24)
    try:
        _, stored = store.save_response(
            session["id"],
            form.token.data,
            respondent_key[:64],
            language,
            answer_values(questionnaire, form, shown),
            questionnaire=session["questionnaire"],
            earlier_allowed=_answer_again().get(session["code"], 0),
        )
    except store.QuestionnaireChangedError:
        return resubmit_page(session["code"], translate("form_changed", language))
    except store.AlreadyAnsweredError:
        # A second tab's form, sent after the first one was stored: this person is counted once.
        return _answered_page(session, respondent_key, language, status=409)
    if stored:
        _forget_answer_again(session["code"])
    thanks_url = url_for("participant.thanks", code=session["code"], t=form.token.data)
    # The page's script asks for JSON: it loads the thank-you page itself, once.
    response = (
        jsonify(stored=True, thanks=thanks_url) if _wants_json() else redirect(thanks_url, 303)
    )
    _remember(response, respondent_key, language)
    return response


def _wants_json() -> bool:
    """Whether the request comes from the form's script, which asks for JSON."""
    return request.accept_mimetypes.best_match(["text/html", "application/json"]) == (
        "application/json"
    )


@bp.get("/j/<code>/send")
def send_page(code: str) -> BaseResponse:
    """The address a form is sent to, opened as a page (a language link or a reload of an old
    page): the form itself, in the language asked for."""
    language = request.args.get("lang")
    return redirect(
        url_for(
            "participant.form", code=code, lang=language if language in LANGUAGE_NAMES else None
        ),
        303,
    )


@bp.get("/j/<code>/status")
def status(code: str) -> Response:
    """Whether the answer sent with token ?t= is stored: the form's script asks before it says
    "not sent" when the reply to a submit was lost. JSON: {"stored": bool, "thanks": url|null}."""
    session = store.session_by_code(code)
    if session is None:
        abort(404)
    token = request.args.get("t", "")
    stored = bool(token) and store.response_by_token(token) is not None
    thanks_url = url_for("participant.thanks", code=session["code"], t=token) if stored else None
    response = jsonify(stored=stored, thanks=thanks_url)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/j/<code>/again")
@csrf.exempt  # It only lets this browser see the form once more; nothing stored changes.
def answer_again(code: str) -> BaseResponse:
    """Show a fresh form to a browser that already answered, for one more response."""
    session = _open_session(code)
    respondent_key = request.cookies.get(RESPONDENT_COOKIE, "")[:64]
    earlier = store.count_responses(session["id"], respondent_key) if respondent_key else 0
    flask_session[ANSWER_AGAIN] = {**_answer_again(), session["code"]: earlier}
    flask_session.permanent = True
    return redirect(url_for("participant.form", code=session["code"]), 303)


@bp.get("/j/<code>/thanks")
def thanks(code: str) -> BaseResponse:
    """The acknowledgement, shown only for a response that is really stored."""
    session = store.session_by_code(code)
    if session is None:
        abort(404)
    token = request.args.get("t", "")
    # The token proves an answer stored in this session: one from another session proves nothing.
    if store.response_by_token(token, session["id"]) is None:
        return redirect(url_for("participant.form", code=session["code"]))
    return make_response(
        render_template(
            "participant/thanks.html",
            session=session,
            token=token,
            language=current_language(),
            can_withdraw=session["is_open"],
        )
    )


@bp.get("/j/<code>/privacy")
def privacy(code: str) -> str:
    """The workshop's full privacy notice (PDPA s. 23), in the participant's language."""
    session = store.session_by_code(code)
    if session is None:
        abort(404)
    language = current_language()
    return render_template(
        "participant/privacy.html",
        session=session,
        sections=full_notice(_workshop_of(session), language),
        language=language,
    )


@bp.post("/j/<code>/withdraw")
def withdraw(code: str) -> BaseResponse:
    """Delete this browser's answer while the session is open: the proof is the token of the
    thank-you page together with the browser's respondent cookie; recorded in the audit log."""
    session = _open_session(code)
    token = request.form.get("t", "")
    respondent_key = request.cookies.get(RESPONDENT_COOKIE, "")[:64]
    if not token or not respondent_key:
        abort(400)
    if request.form.get("confirm") != "1":  # not ticked: nothing is deleted by a stray tap
        return redirect(url_for("participant.thanks", code=session["code"], t=token), 303)
    withdrawn = store.withdraw_response(session["id"], token, respondent_key)
    language = current_language()
    if withdrawn is None:  # a second tap, or a page kept after withdrawing: nothing to delete
        return make_response(
            render_template(
                "participant/withdrawn.html", session=session, language=language, gone=True
            ),
            404,
        )
    audit.record("withdrawal", session["workshop_id"], session["code"], {"response": withdrawn})
    _forget_answer_again(session["code"])
    response = make_response(
        render_template("participant/withdrawn.html", session=session, language=language)
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def _workshop_of(session: dict[str, Any]) -> dict[str, Any]:
    return store.workshop_by_id(session["workshop_id"]) or {}


@bp.get("/j/<code>/poster")
def poster(code: str) -> str:
    """A printable A4 poster: title, QR code and short URL in large type."""
    session = store.session_by_code(code)
    if session is None:
        abort(404)
    url = participant_url(session["code"])
    qr = segno.make(url, error="m")
    return render_template(
        "participant/poster.html",
        session=session,
        url=url,
        qr_svg=qr.svg_inline(scale=10, border=2, omitsize=True),
        language=current_language(),
    )


def _step(posted: str | None, questionnaire: Questionnaire) -> int | None:
    """Return the page a post without JavaScript comes from, or None for the whole form."""
    step = bounded_int(posted, None)
    return None if step is None else min(step, len(pages(questionnaire)) - 1)


def _page_step(
    session: dict[str, Any],
    questionnaire: Questionnaire,
    language: str,
    formdata: Any,
    shown: frozenset[str],
    step: int,
) -> BaseResponse:
    """Check a page of a form without JavaScript, then show the page it leads to."""
    split = pages(questionnaire)
    answered = {q.id for page in split[: step + 1] for q in page if q.id in shown}
    if request.form.get("go") == "back":
        target: int | None = max(step - 1, 0)
        while target and not any(q.id in shown for q in split[target]):
            target -= 1
    else:
        form = build_form(questionnaire, language, required=answered, formdata=formdata)
        form.validate()
        if "token" in form.errors or "csrf_token" in form.errors:
            abort(400)
        columns = {c for q in questionnaire.questions if q.id in answered for c in q.columns}
        if any(name in columns for name in form.errors):
            form.step.data = str(step)
            return _form_page(session, questionnaire, form, language, status=422, shown=shown)
        later = [i for i in range(step + 1, len(split)) if any(q.id in shown for q in split[i])]
        target = later[0] if later else None
    if target is None:
        # Nothing left to show: the answers so far are the whole response.
        form = build_form(questionnaire, language, required=shown, formdata=formdata)
        form.step.data = ALL_PAGES
        return _store(session, questionnaire, form, language, shown)
    form = build_form(questionnaire, language, required=(), formdata=formdata)
    form.step.data = str(target)
    return _form_page(session, questionnaire, form, language, shown=shown)


def participant_url(code: str) -> str:
    """Return the full URL a participant opens for a join code."""
    base = current_app.config["PUBLIC_URL"] or request.host_url
    return f"{base.rstrip('/')}/j/{code}"


def _language_for(questionnaire: Questionnaire) -> str:
    language = current_language()
    return language if language in questionnaire.languages else "th"


def resubmit_page(code: str, notice: str) -> Response:
    """Return the form again with what was posted, for a post that could not be accepted."""
    session = _open_session(code)
    questionnaire = store.questionnaire_of(session)
    language = _language_for(questionnaire)
    shown = visible_questions(questionnaire, posted_answers(questionnaire, request.form))
    form = build_form(
        questionnaire, language, formdata=without_hidden(questionnaire, request.form, shown)
    )
    if not form.token.data:
        form.token.data = new_token()
    if _step(form.step.data, questionnaire) is None:
        form.step.data = ALL_PAGES
    return _form_page(session, questionnaire, form, language, 400, notice)


def _form_page(
    session: dict[str, Any],
    questionnaire: Questionnaire,
    form: ResponseForm,
    language: str,
    status: int = 200,
    notice: str | None = None,
    shown: frozenset[str] | None = None,
    fresh: bool = False,
) -> Response:
    """The form page; `fresh`: a form as first shown (nothing answered, first page), whose
    questions' markup is the same for everyone and comes from a cache."""
    if shown is None:
        shown = visible_questions(questionnaire, form_answers(questionnaire, form))
    respondent_key = request.cookies.get(RESPONDENT_COOKIE) or secrets.token_urlsafe(24)
    body = render_template(
        "participant/form.html",
        session=session,
        questionnaire=questionnaire,
        form=form,
        language=language,
        languages=[(lang, LANGUAGE_NAMES[lang]) for lang in questionnaire.languages],
        notice=notice,
        privacy=short_notice(_workshop_of(session), language),
        draft_scope=draft_scope(respondent_key),
        pages_html=_fresh_pages(questionnaire, language) if fresh else None,
        **form_layout(questionnaire, form, shown),
    )
    response = make_response(body, status)
    # Cacheable by the browser only, so "back" shows the same filled form with the same token.
    response.headers["Cache-Control"] = "private"
    _remember(response, respondent_key, language)
    return response


def _fresh_pages(questionnaire: Questionnaire, language: str) -> Markup:
    """Return the pages of a fresh form of `questionnaire` in `language` as HTML, rendered once
    per worker for each questionnaire version: they carry no token, nonce or answer, and were
    about a third of the server's CPU time per participant (bench/submit_burst.py, issue 16)."""
    # The snapshot's parsed Questionnaire is one object per version (store.questionnaire_of
    # caches it); holding it in the value keeps its id from being reused by another.
    key = (id(questionnaire), language)
    found = _FRESH_PAGES.get(key)
    if found is None or found[0] is not questionnaire:
        if len(_FRESH_PAGES) >= FRESH_PAGES_CACHED:
            _FRESH_PAGES.clear()
        form = build_form(questionnaire, language, formdata=None)
        form.step.data = _first_step(questionnaire)
        shown = visible_questions(questionnaire, form_answers(questionnaire, form))
        layout = form_layout(questionnaire, form, shown)
        render_pages = get_template_attribute("_form.html", "render_pages")
        html = render_pages(
            form,
            layout["pages"],
            layout["step"],
            layout["shown"],
            layout["show_if"],
            language,
        )
        found = _FRESH_PAGES[key] = (questionnaire, Markup(html))
    return found[1]


def draft_scope(respondent_key: str) -> str:
    """Return the name under which this browser's script keeps its unsent draft: derived from
    the anonymous respondent key (an HttpOnly cookie the script cannot read), so another
    browser profile, or a phone whose cookies were cleared, never gets someone else's draft."""
    secret = str(current_app.config["SECRET_KEY"]).encode()
    digest = hmac.new(secret, b"draft:" + respondent_key.encode(), hashlib.sha256)
    return digest.hexdigest()[:DRAFT_SCOPE_CHARS]


def _already_answered(session: dict[str, Any]) -> bool:
    """Whether this browser sent a response here and did not ask to answer again."""
    respondent_key = request.cookies.get(RESPONDENT_COOKIE)
    if not respondent_key or session["code"] in _answer_again():
        return False
    return store.has_answered(session["id"], respondent_key[:64])


def _forget_answer_again(code: str) -> None:
    """Drop `code` from the sessions this browser may answer once more."""
    codes = _answer_again()
    if code in codes:
        flask_session[ANSWER_AGAIN] = {c: n for c, n in codes.items() if c != code}


def _answer_again() -> dict[str, int]:
    """Return the join codes this browser asked to answer once more, with how many responses it
    had there then."""
    codes = flask_session.get(ANSWER_AGAIN)
    # A list is what versions before the counts kept: such a browser is asked to tap once more.
    return dict(codes) if isinstance(codes, dict) else {}


def _answered_page(
    session: dict[str, Any], respondent_key: str, language: str, status: int = 200
) -> Response:
    """The note that this browser's answer is in, with a button to answer again; no answers."""
    body = render_template(
        "participant/answered.html",
        session=session,
        language=language,
        languages=list(LANGUAGE_NAMES.items()),
    )
    response = make_response(body, status)
    # Never kept: after "answer again" the same address shows the form.
    response.headers["Cache-Control"] = "no-store"
    _remember(response, respondent_key, language)
    return response


def _remember(response: BaseResponse, respondent_key: str, language: str) -> None:
    """Keep the anonymous respondent key and the chosen language in cookies."""
    secure = request.is_secure
    response.set_cookie(
        RESPONDENT_COOKIE,
        respondent_key,
        max_age=COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=secure,
    )
    response.set_cookie(
        LANGUAGE_COOKIE, language, max_age=COOKIE_MAX_AGE, samesite="Lax", secure=secure
    )
