"""Every participant can answer, in headless Chromium: axe-core finds nothing serious, pages
reflow at 320 px and 200 % zoom, the keyboard alone completes each shipped form, and no answer
is lost or sent twice with or without JavaScript."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from flask import Flask

from survey import store
from tests.conftest import SUGGESTION
from tests.conftest import add_session
from tests.conftest import answer_session_form

pytestmark = pytest.mark.browser
LANGUAGES = ("th", "en", "ms")
SERIOUS = frozenset({"critical", "serious"})
SUBMIT = {"th": "ส่งคำตอบ", "en": "Submit", "ms": "Hantar"}
# A 320 px phone, and a 360 px phone at 200 % zoom: the page lays out in 180 CSS px.
NARROW = ({"width": 320, "height": 640}, 1)
ZOOMED = ({"width": 180, "height": 360}, 2)
MIN_TARGET = 44  # CSS px, WCAG 2.5.5
TARGETS = ".choice label, .row, .lang a, .bar button, .error-summary a, #start button"


def serious_violations(page: Any) -> list[str]:
    """Return axe-core's critical and serious findings on the page, one line each."""
    found = Axe().run(page).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in found
        if v["impact"] in SERIOUS
    ]


def stored(app: Flask, session: dict[str, Any]) -> int:
    with app.app_context():
        return store.count_responses(session["id"])


@pytest.fixture
def sessions(live_app: tuple[Flask, str], questionnaires: dict) -> dict[str, dict[str, Any]]:
    app, _ = live_app
    return {name: add_session(app, q) for name, q in questionnaires.items()}


@pytest.fixture
def small_phone(browser: Any) -> Iterator[Any]:
    """Opens a page at a given viewport and zoom; closes every context afterwards."""
    contexts: list[Any] = []

    def open_page(viewport: dict[str, int], zoom: int) -> Any:
        context = browser.new_context(
            viewport=viewport, device_scale_factor=zoom, is_mobile=True, has_touch=True
        )
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_axe_finds_nothing_serious_on_any_participant_page(
    live_app: tuple[Flask, str], phone: Any, sessions: dict, lang: str
) -> None:
    app, base = live_app
    short, full = sessions["session_feedback"]["code"], sessions["workshop_evaluation"]["code"]
    problems: dict[str, list[str]] = {}
    phone.goto(f"{base}/?lang={lang}")
    problems["start"] = serious_violations(phone)
    phone.goto(f"{base}/j/{full}?lang={lang}")
    problems["full form"] = serious_violations(phone)
    phone.goto(f"{base}/j/{short}?lang={lang}")
    problems["form"] = serious_violations(phone)
    phone.get_by_role("button", name=SUBMIT[lang]).tap()
    phone.locator("#error-summary").wait_for()
    assert phone.evaluate("document.activeElement.id") == "error-summary"
    problems["errors"] = serious_violations(phone)
    # The page expired (the session cookie is gone): shown again with what was given.
    phone.context.clear_cookies(name="session")
    answer_session_form(phone)
    phone.get_by_role("button", name=SUBMIT[lang]).tap()
    phone.locator(".notice[role=alert]:not([hidden])").wait_for()
    problems["expired"] = serious_violations(phone)
    phone.get_by_role("button", name=SUBMIT[lang]).tap()
    phone.wait_for_url("**/thanks?t=*")
    problems["thanks"] = serious_violations(phone)
    phone.goto(f"{base}/j/{short}")
    phone.locator("#answered").wait_for()
    problems["answered"] = serious_violations(phone)
    phone.goto(f"{base}/j/{short}/poster")
    problems["poster"] = serious_violations(phone)
    assert {page: found for page, found in problems.items() if found} == {}
    assert stored(app, sessions["session_feedback"]) == 1


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_page_scrolls_sideways_at_320_px_or_200_percent_zoom(
    live_app: tuple[Flask, str], small_phone: Any, sessions: dict, lang: str
) -> None:
    _, base = live_app
    paths = ["/", *(f"/j/{s['code']}" for s in sessions.values())]
    for viewport, zoom in (NARROW, ZOOMED):
        page = small_phone(viewport, zoom)
        for path in paths:
            page.goto(f"{base}{path}?lang={lang}")
            widths = page.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            assert widths[0] <= widths[1], f"{path} at {viewport['width']} px x{zoom}: {widths}"
        page.get_by_role("button", name=SUBMIT[lang]).tap()
        page.locator("#error-summary").wait_for()
        widths = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert widths[0] <= widths[1], f"errors at {viewport['width']} px x{zoom}: {widths}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_target_is_at_least_44_px_at_320_px(
    live_app: tuple[Flask, str], small_phone: Any, sessions: dict, lang: str
) -> None:
    _, base = live_app
    page = small_phone(*NARROW)
    for path in ("/", *(f"/j/{s['code']}" for s in sessions.values())):
        page.goto(f"{base}{path}?lang={lang}")
        sizes = page.eval_on_selector_all(
            TARGETS,
            "els => els.filter(e => e.offsetParent).map(e => {"
            "const r = e.getBoundingClientRect(); return [e.textContent.trim(), r.width, r.height]})",
        )
        assert sizes
        small = [s for s in sizes if s[1] < MIN_TARGET or s[2] < MIN_TARGET]
        assert small == [], f"{path}: {small}"
    page.goto(f"{base}/j/{sessions['session_feedback']['code']}?lang={lang}")
    rows = page.eval_on_selector_all(
        'fieldset[data-q="recommend"] .choice', "els => new Set(els.map(e => e.offsetTop)).size"
    )
    assert rows == 2  # 0-10 fits in two rows


def keyboard_answers(page: Any) -> str:
    """Complete the form with Tab, Space and typing alone; return the submit button's text."""
    answered: set[str] = set()
    for _ in range(200):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "(() => { const e = document.activeElement;"
            " return [e.tagName, e.type || '', e.name || '', e.textContent.trim()] })()"
        )
        tag, kind, name, text = focused
        if tag == "BUTTON" and kind == "submit":
            return str(text)
        if kind in ("radio", "checkbox") and name not in answered:
            page.keyboard.press("Space")
            answered.add(name)
        elif tag == "TEXTAREA" or kind == "text":
            page.keyboard.type("ดีมากค่ะ")
    raise AssertionError("Tab never reached the submit button")


@pytest.mark.parametrize("name", ["session_feedback", "workshop_evaluation"])
def test_the_keyboard_alone_completes_each_shipped_form(
    live_app: tuple[Flask, str], phone: Any, sessions: dict, name: str
) -> None:
    app, base = live_app
    phone.goto(f"{base}/j/{sessions[name]['code']}")
    assert keyboard_answers(phone) == "ส่งคำตอบ"
    phone.keyboard.press("Enter")
    phone.wait_for_url("**/thanks?t=*")
    assert stored(app, sessions[name]) == 1


def luminance(css_rgb: str) -> float:
    """Return the relative luminance of an "rgb(r, g, b)" colour (WCAG 2.2, "relative luminance")."""
    channels = [int(v) / 255 for v in re.findall(r"\d+", css_rgb)[:3]]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """Return the WCAG contrast ratio of two colours, 1 to 21."""
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_focus_ring_has_3_to_1_contrast_with_what_is_around_it(
    live_app: tuple[Flask, str], phone: Any, sessions: dict
) -> None:
    _, base = live_app
    phone.goto(f"{base}/j/{sessions['session_feedback']['code']}")
    while phone.evaluate("document.activeElement.name") != "speaker":
        phone.keyboard.press("Tab")
    phone.keyboard.press("Space")  # chosen: the answer itself turns blue
    ring = phone.evaluate(
        "(() => { const label = document.activeElement.nextElementSibling;"
        " const s = getComputedStyle(label);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth), s.outlineColor,"
        " parseFloat(s.outlineOffset),"
        " getComputedStyle(label.closest('fieldset')).backgroundColor] })()"
    )
    style, width, color, offset, card = ring
    assert style == "solid"
    assert width >= 2
    # WCAG 1.4.11: the ring against the card it sits on; set off from the (blue) answer, so it
    # never has to stand out against it.
    assert contrast(color, card) >= 3
    assert offset >= 1


def test_without_javascript_back_after_a_failed_submit_keeps_every_answer(
    live_app: tuple[Flask, str], phone_without_js: Any, sessions: dict
) -> None:
    app, base = live_app
    page = phone_without_js
    session = sessions["session_feedback"]
    page.goto(f"{base}/j/{session['code']}")
    assert not page.locator("#progress").is_visible()  # nothing to count without a script
    answer_session_form(page)
    page.locator('input[name="recommend"][value="9"]').check()
    page.route("**/send", lambda route: route.abort("internetdisconnected"))
    page.get_by_role("button", name="ส่งคำตอบ").tap()
    page.wait_for_timeout(500)
    page.go_back()
    page.locator("#answer-form").wait_for()
    assert page.locator("textarea[name=suggestion]").input_value() == SUGGESTION
    assert page.locator('input[name="speaker"][value="5"]').is_checked()
    assert page.locator('input[name="knowledge__after"][value="4"]').is_checked()
    assert page.locator('input[name="recommend"][value="9"]').is_checked()
    page.unroute("**/send")
    page.get_by_role("button", name="ส่งคำตอบ").tap()
    page.wait_for_url("**/thanks?t=*")
    assert stored(app, session) == 1


def test_a_lost_reply_to_a_stored_answer_shows_the_thank_you(
    live_app: tuple[Flask, str], phone: Any, sessions: dict
) -> None:
    app, base = live_app
    session = sessions["session_feedback"]
    phone.goto(f"{base}/j/{session['code']}")
    answer_session_form(phone)

    def stored_then_lost(route: Any) -> None:
        route.fetch()  # the server stores the answer...
        route.abort("connectionreset")  # ...and the phone never hears back

    phone.route("**/send", stored_then_lost)
    phone.get_by_role("button", name="ส่งคำตอบ").tap()
    phone.wait_for_url("**/thanks?t=*")
    assert "ขอบคุณสำหรับคำตอบ" in phone.locator("h1").inner_text()
    assert not phone.locator("#net").is_visible()
    assert stored(app, session) == 1


def test_one_request_per_submit_and_one_thank_you_page(
    live_app: tuple[Flask, str], phone: Any, sessions: dict
) -> None:
    app, base = live_app
    session = sessions["session_feedback"]
    sent: list[str] = []
    phone.on("request", lambda r: sent.append(f"{r.method} {r.url.split('?')[0]}"))
    phone.goto(f"{base}/j/{session['code']}")
    phone.get_by_role("button", name="ส่งคำตอบ").tap()
    phone.locator("#error-summary").wait_for()
    assert sent.count(f"POST {base}/j/{session['code']}/send") == 1
    answer_session_form(phone)  # the page the server sent back works as the first did
    phone.get_by_role("button", name="ส่งคำตอบ").tap()
    phone.wait_for_url("**/thanks?t=*")
    phone.locator("#thanks").wait_for()
    assert sent.count(f"POST {base}/j/{session['code']}/send") == 2
    assert sent.count(f"GET {base}/j/{session['code']}/thanks") == 1
    assert stored(app, session) == 1


def test_on_a_shared_phone_the_next_person_can_drop_a_draft(
    live_app: tuple[Flask, str], phone: Any, sessions: dict
) -> None:
    _, base = live_app
    url = f"{base}/j/{sessions['session_feedback']['code']}"
    phone.goto(url)
    answer_session_form(phone)
    phone.reload()
    assert phone.locator("#restored").is_visible()
    assert phone.locator("textarea[name=suggestion]").input_value() == SUGGESTION
    phone.get_by_role("button", name="เริ่มใหม่ (ไม่ใช่คำตอบของฉัน)").tap()
    assert not phone.locator("#restored").is_visible()
    assert phone.locator("textarea[name=suggestion]").input_value() == ""
    assert not phone.locator('input[name="speaker"]:checked').count()
    phone.reload()
    assert not phone.locator("#restored").is_visible()
    # A draft belongs to the browser's respondent key: without it, nothing comes back.
    answer_session_form(phone)
    phone.context.clear_cookies(name="sala_rk")
    phone.reload()
    assert not phone.locator("#restored").is_visible()
    assert phone.locator("textarea[name=suggestion]").input_value() == ""
