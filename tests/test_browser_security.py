"""In headless Chromium: another site cannot frame a staff page, a cookie copied before logout no
longer logs anyone in, and the Content-Security-Policy blocks nothing Sala's own pages need."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import make_server
from werkzeug.wrappers import Request
from werkzeug.wrappers import Response

from survey import store
from tests.conftest import PASSWORD
from tests.conftest import add_session
from tests.conftest import add_user
from tests.conftest import answer_session_form

pytestmark = pytest.mark.browser


@pytest.fixture
def other_site(live_app: tuple[Flask, str]) -> Iterator[str]:
    """Another origin (its own port) whose page frames the URL given in ?src=."""

    @Request.application
    def framing(request: Request) -> Response:
        src = request.args.get("src", "")
        return Response(f'<iframe id="victim" src="{src}"></iframe>', mimetype="text/html")

    server = make_server("127.0.0.1", 0, framing, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def _log_in(page: Any, base: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("ชื่อผู้ใช้").fill("somchai")
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_url(f"{base}/staff/")


def _csp_errors(page: Any) -> list[str]:
    errors: list[str] = []
    page.on(
        "console",
        lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None,
    )
    return errors


def test_another_site_cannot_frame_a_staff_page(
    live_app: tuple[Flask, str], other_site: str, laptop: Any, questionnaires: dict
) -> None:
    app, base = live_app
    session = add_session(app, questionnaires["session_feedback"])
    add_user(app, "somchai", "facilitator", (session["workshop_id"],))
    _log_in(laptop, base)
    moderation = f"{base}/staff/sessions/{session['id']}/moderation"
    laptop.goto(moderation)
    assert laptop.get_by_text("somchai").count() >= 1  # the page itself opens
    refused: list[str] = []
    laptop.on("console", lambda m: refused.append(m.text))
    laptop.goto(f"{other_site}/?src={moderation}")
    laptop.wait_for_timeout(1500)
    framed = laptop.frame_locator("#victim")
    assert framed.get_by_text("somchai").count() == 0
    assert any("frame-ancestors" in text or "X-Frame-Options" in text for text in refused)


def test_a_cookie_from_before_logout_no_longer_works(
    live_app: tuple[Flask, str], browser: Any, questionnaires: dict
) -> None:
    app, base = live_app
    session = add_session(app, questionnaires["session_feedback"])
    add_user(app, "somchai", "facilitator", (session["workshop_id"],))
    laptop = browser.new_context(locale="th-TH")
    page = laptop.new_page()
    _log_in(page, base)
    copied = laptop.cookies()
    page.get_by_role("button", name="ออกจากระบบ").click()
    page.wait_for_url(f"{base}/login")
    thief = browser.new_context(locale="th-TH")
    thief.add_cookies(copied)
    stolen = thief.new_page()
    stolen.goto(f"{base}/staff/")
    assert "/login" in stolen.url
    assert stolen.get_by_text("somchai").count() == 0
    laptop.close()
    thief.close()


def test_the_policy_blocks_nothing_sala_needs(
    live_app: tuple[Flask, str], laptop: Any, phone: Any, questionnaires: dict
) -> None:
    app, base = live_app
    session = add_session(app, questionnaires["session_feedback"])
    add_user(app, "somchai", "admin", (session["workshop_id"],))
    with app.app_context():
        row = store.list_questionnaires()[0] if store.list_questionnaires() else None
    phone_errors = _csp_errors(phone)
    phone.goto(f"{base}/")
    phone.goto(f"{base}/j/{session['code']}")
    answer_session_form(phone)
    phone.get_by_role("button", name="ส่งคำตอบ").tap()
    phone.wait_for_url("**/thanks?t=*")
    assert phone_errors == []
    laptop_errors = _csp_errors(laptop)
    _log_in(laptop, base)
    pages = [
        f"/staff/sessions/{session['id']}/dashboard",
        f"/staff/sessions/{session['id']}/present",
        f"/staff/sessions/{session['id']}/moderation",
        f"/staff/analysis/workshops/{session['workshop_id']}",
        f"/staff/workshops/{session['workshop_id']}",
        "/staff/questionnaires",
        "/staff/users",
    ]
    if row is not None:
        pages.append(f"/staff/questionnaires/{row['id']}")
    for path in pages:
        laptop.goto(f"{base}{path}")
        laptop.wait_for_load_state("networkidle")
    laptop.goto(f"{base}/staff/sessions/{session['id']}/dashboard")
    bar = laptop.locator(".dist i").first
    bar.wait_for(timeout=5000)
    assert bar.evaluate("e => e.style.width").endswith("%")
    assert laptop_errors == []
