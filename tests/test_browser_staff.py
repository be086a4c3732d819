"""The facilitator's laptop in headless Chromium: a live dashboard, and a projector that never
shows a comment before it is approved."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import make_server

from survey import store
from tests.conftest import PASSWORD
from tests.conftest import add_session
from tests.conftest import add_user
from tests.conftest import make_app
from tests.test_browser import CHROMIUM_ARGS
from tests.test_browser import PHONE
from tests.test_browser import SUGGESTION
from tests.test_browser import answer_session_form

pytestmark = pytest.mark.browser
playwright_api = pytest.importorskip("playwright.sync_api")

LAPTOP = {"width": 1280, "height": 800}
# Updates must reach the facilitator within 3 seconds of a submit.
UPDATE_WITHIN_MS = 3000


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Flask, str]]:
    """The app served over real HTTP on a free local port."""
    app = make_app(tmp_path)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield app, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    app.extensions[store.EXTENSION_KEY].dispose()


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Debian's chromium is not installed: run ./sala test, which installs it")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def laptop(chromium: Any) -> Iterator[Any]:
    context = chromium.new_context(viewport=LAPTOP, locale="th-TH")
    yield context.new_page()
    context.close()


@pytest.fixture
def phone(chromium: Any) -> Iterator[Any]:
    context = chromium.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="th-TH")
    yield context.new_page()
    context.close()


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
    served: tuple[Flask, str], laptop: Any, phone: Any, questionnaires: dict
) -> None:
    app, base = served
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
    served: tuple[Flask, str], laptop: Any, phone: Any, questionnaires: dict
) -> None:
    app, base = served
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
    moderation.get_by_role("button", name="อนุมัติทั้งหมดที่รออยู่ (1)").click()
    moderation.close()
    laptop.locator('section[data-kind="texts"] li', has_text=SUGGESTION).wait_for(
        timeout=UPDATE_WITHIN_MS
    )
    assert laptop.locator('section[data-kind="texts"]').is_visible()
    laptop.keyboard.press("Home")
    assert laptop.locator('section[data-kind="join"]').is_visible()
