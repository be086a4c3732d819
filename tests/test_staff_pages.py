"""Staff pages in Thai: Buddhist Era dates that never wrap, Thai names for roles and
questionnaires, no stray English, a legend for coloured bars, a safe add-account form."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from analysis.dates import short_thai_date
from survey.schema import ROLES
from survey.staff_forms import ROLE_LABELS
from survey.staff_forms import ROLES_LEAST_FIRST
from survey.staff_forms import UserForm
from tests.conftest import add_session
from tests.conftest import add_user
from tests.conftest import log_in

NBSP = "\u00a0"
# English a Thai staff page used to show: a bracketed English word, a role, a raw format name.
_RE_STRAY_ENGLISH = re.compile(r"\((present|admin|facilitator|analyst)\)|>JSON<")


def test_short_thai_dates_are_buddhist_era_and_never_wrap() -> None:
    assert short_thai_date(dt.date(2019, 8, 15)) == f"15{NBSP}ส.ค.{NBSP}2562"
    assert short_thai_date(None) == ""


@pytest.fixture
def admin_client(app: Flask, questionnaires: dict) -> tuple[FlaskClient, dict[str, Any]]:
    session = add_session(app, questionnaires["session_feedback"])
    add_user(app, "admin", "admin")
    add_user(app, "somchai", "facilitator", (session["workshop_id"],))
    client = app.test_client()
    log_in(client, "admin")
    return client, session


def test_staff_pages_speak_thai(admin_client: tuple[FlaskClient, dict]) -> None:
    client, session = admin_client
    w, s = session["workshop_id"], session["id"]
    pages = {
        path: client.get(path).get_data(as_text=True)
        for path in (
            "/staff/",
            f"/staff/workshops/{w}",
            f"/staff/workshops/{w}/dashboard",
            f"/staff/sessions/{s}/dashboard",
            f"/staff/sessions/{s}/moderation",
            f"/staff/sessions/{s}/delete",
            "/staff/users",
        )
    }
    for path, html in pages.items():
        assert not _RE_STRAY_ENGLISH.search(html), (path, _RE_STRAY_ENGLISH.search(html))
        # A date field's value and the dashboard's JSON data stay ISO, for the browser.
        shown = re.sub(r'value="[^"]*"|<script[^>]*>.*?</script>', "", html, flags=re.DOTALL)
        assert "2019-08-20" not in shown, path
    workshop = pages[f"/staff/workshops/{w}"]
    assert f"20{NBSP}ส.ค.{NBSP}2562" in workshop
    assert "แบบประเมินรายช่วงการบรรยาย" in workshop  # the questionnaire's title, not its id
    assert ">session_feedback<" not in workshop
    assert f"somchai ({ROLE_LABELS['facilitator']})" in workshop
    assert f"admin ({ROLE_LABELS['admin']})" in pages["/staff/"]
    assert "ขึ้นจอ</a>" in pages[f"/staff/sessions/{s}/dashboard"]
    assert 'class="legend"' in pages[f"/staff/sessions/{s}/dashboard"]


def test_the_add_account_form_asks_the_name_first_and_offers_the_least_role(
    app: Flask, admin_client: tuple[FlaskClient, dict]
) -> None:
    assert set(ROLES_LEAST_FIRST) == set(ROLES)
    client, _ = admin_client
    html = client.get("/staff/users").get_data(as_text=True)
    form = html[html.index("เพิ่มบัญชี</h2>") :]
    assert form.index('name="username"') < form.index('name="role"') < form.index('name="password"')
    selected = re.search(
        r'<option[^>]*selected[^>]*value="(\w+)"|<option value="(\w+)" selected', form
    )
    assert selected is not None
    assert "analyst" in selected.groups()
    with app.test_request_context():
        assert [f.name for f in UserForm(meta={"csrf": False})][:3] == [
            "username",
            "role",
            "password",
        ]
