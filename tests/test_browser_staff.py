"""The facilitator's laptop in headless Chromium: a live dashboard, and a projector that never
shows a comment before it is approved."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from flask import Flask

from survey import store
from survey.schema import sessions
from tests.conftest import PASSWORD
from tests.conftest import SUGGESTION
from tests.conftest import add_session
from tests.conftest import add_user
from tests.conftest import answer_session_form
from tests.conftest import workshop_spec
from tests.test_browser_access import serious_violations

pytestmark = pytest.mark.browser

# Updates must reach the facilitator within 3 seconds of a submit.
UPDATE_WITHIN_MS = 3000


def log_in(page: Any, base: str, next_path: str) -> None:
    page.goto(f"{base}{next_path}")
    assert "/login?next=" in page.url
    page.get_by_label("ชื่อผู้ใช้").fill("somchai")
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_url(f"{base}{next_path}")


def submit_from_phone(phone: Any, base: str, code: str) -> None:
    phone.goto(f"{base}/j/{code}")
    answer_session_form(phone)
    phone.get_by_role("button", name="ส่งคำตอบ").tap()
    phone.wait_for_url("**/thanks?t=*")


def test_the_dashboard_shows_a_new_answer_without_a_reload(
    live_app: tuple[Flask, str], laptop: Any, phone: Any, questionnaires: dict
) -> None:
    app, base = live_app
    session = add_session(app, questionnaires["session_feedback"])
    add_user(app, "somchai", "facilitator", (session["workshop_id"],))
    log_in(laptop, base, f"/staff/sessions/{session['id']}/dashboard")
    assert laptop.locator("#count").inner_text() == "0"
    laptop.evaluate("window.notReloaded = true")
    submit_from_phone(phone, base, session["code"])
    laptop.locator("#count", has_text="1").wait_for(timeout=UPDATE_WITHIN_MS)
    laptop.locator("#texts li", has_text=SUGGESTION).wait_for(timeout=UPDATE_WITHIN_MS)
    speaker = laptop.locator('tr[data-column="speaker"] .mean')
    assert speaker.inner_text() == "5.00"
    assert laptop.evaluate("window.notReloaded") is True


def test_an_unapproved_comment_never_reaches_the_projector(
    live_app: tuple[Flask, str], laptop: Any, phone: Any, questionnaires: dict
) -> None:
    app, base = live_app
    session = add_session(app, questionnaires["session_feedback"])
    add_user(app, "somchai", "facilitator", (session["workshop_id"],))
    log_in(laptop, base, f"/staff/sessions/{session['id']}/present")
    assert laptop.locator(".code").inner_text() == session["code"]
    submit_from_phone(phone, base, session["code"])
    laptop.locator("#count", has_text="1").wait_for(timeout=UPDATE_WITHIN_MS)
    texts_slide = laptop.locator('section[data-kind="texts"]')
    for _ in range(12):
        if texts_slide.is_visible():
            break
        laptop.keyboard.press("PageDown")
    assert texts_slide.is_visible()
    assert "ยังไม่มีความคิดเห็นที่ผ่านการคัดกรอง" in texts_slide.inner_text()
    laptop.wait_for_timeout(2500)
    assert SUGGESTION not in laptop.content()
    moderation = laptop.context.new_page()
    moderation.goto(f"{base}/staff/sessions/{session['id']}/moderation")
    assert SUGGESTION in moderation.content()
    with moderation.expect_navigation():
        moderation.get_by_role("button", name="อนุมัติทั้งหมดที่รออยู่ (1)").click()
    moderation.wait_for_load_state("load")
    # closing a page while its form post is still navigating hung Chromium now and then
    assert moderation.get_by_role("button", name="อนุมัติทั้งหมดที่รออยู่ (1)").count() == 0
    moderation.close()
    laptop.locator('section[data-kind="texts"] li', has_text=SUGGESTION).wait_for(
        timeout=UPDATE_WITHIN_MS
    )
    assert laptop.locator('section[data-kind="texts"]').is_visible()
    laptop.keyboard.press("Home")
    assert laptop.locator('section[data-kind="join"]').is_visible()


# A title with no place to break: Thai words run together, then a pasted link.
UNBROKEN_TITLE = "การประชุมเชิงปฏิบัติการพัฒนาศักยภาพผู้นำท้องที่" * 4 + "https://example.org/" + "x" * 120


@pytest.mark.parametrize("width", [1280, 800])
def test_a_long_unbroken_session_title_wraps_on_staff_pages(
    live_app: tuple[Flask, str], browser: Any, questionnaires: dict, width: int
) -> None:
    app, base = live_app
    questionnaire = questionnaires["session_feedback"]
    day = {"date": dt.date(2019, 8, 20), "title": "วันที่ 1"}
    spec = workshop_spec(
        questionnaire,
        days=[day | {"sessions": [{"title": UNBROKEN_TITLE, "questionnaire": questionnaire}]}],
    )
    with app.app_context():
        workshop_id = store.create_workshop(spec)
        session = store.list_sessions(workshop_id)[0]
    add_user(app, "somchai", "facilitator", (workshop_id,))
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="th-TH")
    page = context.new_page()
    paths = [
        f"/staff/workshops/{workshop_id}",
        f"/staff/workshops/{workshop_id}/dashboard",
        f"/staff/sessions/{session['id']}/dashboard",
    ]
    log_in(page, base, paths[0])
    wide = {}
    for path in paths:
        page.goto(f"{base}{path}")
        assert UNBROKEN_TITLE[:20] in page.content()
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            wide[path] = scroll_width
    # The cells beside the title keep their date and join code on one line each.
    page.goto(f"{base}{paths[0]}")
    for whole in ("#sessions td .muted", "#sessions code.join"):
        assert page.locator(whole).first.evaluate("e => e.getClientRects().length") == 1, whole
    context.close()
    assert wide == {}


def test_staff_pages_fit_a_360_px_phone_and_each_session_reads_as_a_card(
    live_app: tuple[Flask, str], browser: Any, questionnaires: dict
) -> None:
    app, base = live_app
    session = add_session(app, questionnaires["session_feedback"])
    workshop_id = session["workshop_id"]
    add_user(app, "somchai", "admin")
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, locale="th-TH"
    )
    page = context.new_page()
    try:
        log_in(page, base, f"/staff/workshops/{workshop_id}")
        paths = [
            "/staff/",
            f"/staff/workshops/{workshop_id}",
            f"/staff/workshops/{workshop_id}/dashboard",
            f"/staff/sessions/{session['id']}/dashboard",
            "/staff/users",
            "/staff/audit",
            "/staff/questionnaires",
            f"/staff/analysis/workshops/{workshop_id}",
            f"/staff/sessions/{session['id']}/moderation",
        ]
        with app.app_context():
            store.save_response(session["id"], "t-360", "k-360", "th", {"speaker": ["5"]})
        for path in paths:
            page.goto(f"{base}{path}")
            widths = page.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            assert widths[0] <= widths[1], f"{path} scrolls sideways at 360 px: {widths}"
            # a table that scrolls inside its own box can be scrolled from the keyboard too
            assert serious_violations(page) == [], path
        # A question's label in the dashboard's table wraps between words, not a letter a line:
        # the table scrolls sideways inside its own box instead.
        page.goto(f"{base}/staff/sessions/{session['id']}/dashboard")
        label = page.locator('tr[data-column="speaker"] td').first
        label.wait_for()
        assert label.evaluate("cell => cell.getBoundingClientRect().width") >= 120
        page.goto(f"{base}/staff/workshops/{workshop_id}")
        row = page.locator(f'tr[data-session="{session["id"]}"]')
        # The session's cells stack under their column's names: the join code and the button
        # that closes the session are whole and on screen, not squeezed into a 50 px column.
        code = row.locator("code.join")
        assert code.inner_text() == session["code"]
        box = code.bounding_box()
        assert box is not None
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= 360
        label = (
            row.locator("td").nth(2).evaluate("cell => getComputedStyle(cell, '::before').content")
        )
        assert "รหัสเข้าร่วม" in label
        button = row.get_by_role("button")
        box = button.bounding_box()
        assert box is not None
        assert box["x"] + box["width"] <= 360
        assert box["height"] >= 30
    finally:
        context.close()


@pytest.mark.parametrize("screen", [(1024, 768), (1280, 900), (1280, 720), (1920, 1080)])
def test_the_join_slide_fits_a_4_3_projector_as_well_as_a_wide_one(
    live_app: tuple[Flask, str], browser: Any, questionnaires: dict, screen: tuple[int, int]
) -> None:
    app, base = live_app
    session = add_session(app, questionnaires["session_feedback"])
    add_user(app, "somchai", "facilitator", (session["workshop_id"],))
    with app.app_context(), store.engine().begin() as conn:  # the demo's longest title
        conn.execute(
            sessions.update()
            .where(sessions.c.id == session["id"])
            .values(title="บรรยาย: การพัฒนาและความมั่นคงในพื้นที่จังหวัดชายแดนภาคใต้")
        )
    width, height = screen
    context = browser.new_context(viewport={"width": width, "height": height}, locale="th-TH")
    page = context.new_page()
    try:
        log_in(page, base, f"/staff/sessions/{session['id']}/present")
        code = page.locator(".code")
        assert code.inner_text() == session["code"]
        lines = "e => { const r = document.createRange(); r.selectNodeContents(e); return r.getClientRects().length }"
        assert code.evaluate(lines) == 1  # the code on one line
        title = page.locator('section[data-kind="join"] h1').bounding_box()
        count = page.locator(".count").bounding_box()
        box = code.bounding_box()
        assert title is not None
        assert count is not None
        assert box is not None
        assert title["y"] >= 0
        assert count["y"] + count["height"] <= height
        assert box["x"] + box["width"] <= width
    finally:
        context.close()
