"""Who may see and change which questionnaire: facilitators edit their workshops', analysts read,
admins everything, others get 404; the template library is read by staff and changed by admins;
every change needs its CSRF token and changes nothing without it."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from analysis.questionnaire.model import Questionnaire
from survey import store
from tests.conftest import add_user
from tests.conftest import csrf_of
from tests.conftest import log_in
from tests.conftest import workshop_spec
from tests.test_questionnaire_conditions import conditional

READS = (
    "",
    "/preview?lang=en",
    "/questions/role",
    "/sections/about",
    "/export.yaml",
    "/export.xlsx",
)
CHANGES = (
    "/meta",
    "/questions/new",
    "/questions/role",
    "/questions/role/duplicate",
    "/questions/role/delete",
    "/questions/role/up",
    "/sections/about",
    "/sections/about/down",
    "/bank",
    "/delete",
)


@pytest.fixture
def setup(app: Flask, questionnaire: Questionnaire) -> dict[str, Any]:
    """Workshops A and B with a questionnaire each, one in the library; staff of A."""
    with app.app_context():
        a = store.create_workshop(workshop_spec(questionnaire, days=[]))
        b = store.create_workshop(workshop_spec(questionnaire, days=[]))
        form = Questionnaire.from_dict(conditional())
        rows = {
            "a": store.create_questionnaire(form, a, None),
            "b": store.create_questionnaire(
                Questionnaire.from_dict({**conditional(), "id": "cond_b"}), b, None
            ),
            "lib": store.create_questionnaire(
                Questionnaire.from_dict({**conditional(), "id": "cond_lib"}), None, None
            ),
        }
    add_user(app, "boss", "admin")
    add_user(app, "fac_a", "facilitator", (a,))
    add_user(app, "ana_a", "analyst", (a,))
    return {"a": a, "b": b, "rows": rows}


def client_for(app: Flask, username: str | None) -> FlaskClient:
    client = app.test_client()
    if username:
        assert log_in(client, username).status_code == 302
    return client


def revisions(app: Flask) -> list[int]:
    with app.app_context():
        return [r["revision"] for r in store.list_questionnaires()]


def post(client: FlaskClient, path: str, with_csrf: bool = True) -> int:
    data = {
        "revision": "1",
        "group": "satisfaction",
        "section": "about",
        "type": "likert",
        "label_th": "x",
    }
    if with_csrf:
        data["csrf_token"] = csrf_of(client, "/staff/")
    return client.post(path, data=data).status_code


@pytest.mark.parametrize(
    ("user", "row", "read", "change"),
    [
        ("fac_a", "a", 200, None),  # None: allowed (a redirect or a page with errors)
        ("ana_a", "a", 200, 403),
        ("fac_a", "b", 404, 404),
        ("ana_a", "b", 404, 404),
        ("boss", "b", 200, None),
        ("fac_a", "lib", 200, 403),
        ("boss", "lib", 200, None),
    ],
)
def test_each_role_reads_and_changes_what_it_may(
    app: Flask, setup: dict, user: str, row: str, read: int, change: int | None
) -> None:
    client = client_for(app, user)
    base = f"/staff/questionnaires/{setup['rows'][row]}"
    for path in READS:
        assert client.get(base + path).status_code == read, path
    before = revisions(app)
    for path in CHANGES:
        status = post(client, base + path)
        if change is None:
            assert status in (200, 302, 409, 422), (path, status)
        else:
            assert status == change, path
    if change is not None:
        assert revisions(app) == before


def test_without_a_login_every_page_sends_to_the_login_and_changes_nothing(
    app: Flask, setup: dict
) -> None:
    client = client_for(app, None)
    base = f"/staff/questionnaires/{setup['rows']['a']}"
    for path in READS:
        reply = client.get(base + path)
        assert reply.status_code == 302
        assert "/login" in reply.headers["Location"]
    before = revisions(app)
    for path in CHANGES:
        assert client.post(base + path, data={"revision": "1"}).status_code in (302, 400)
    assert revisions(app) == before


def test_every_change_needs_its_csrf_token(app: Flask, setup: dict) -> None:
    client = client_for(app, "fac_a")
    base = f"/staff/questionnaires/{setup['rows']['a']}"
    before = revisions(app)
    for path in CHANGES:
        assert post(client, base + path, with_csrf=False) == 400, path
    workshop = f"/staff/workshops/{setup['a']}/questionnaires"
    assert client.post(workshop, data={"key": "x", "source": ""}).status_code == 400
    assert client.post(f"{workshop}/import", data={}).status_code == 400
    assert revisions(app) == before


def test_workshop_lists_follow_the_workshop_rules(app: Flask, setup: dict) -> None:
    fac = client_for(app, "fac_a")
    assert fac.get(f"/staff/workshops/{setup['a']}/questionnaires").status_code == 200
    assert fac.get(f"/staff/workshops/{setup['b']}/questionnaires").status_code == 404
    analyst = client_for(app, "ana_a")
    page = f"/staff/workshops/{setup['a']}/questionnaires"
    assert analyst.get(page).status_code == 200
    reply = analyst.post(
        page, data={"csrf_token": csrf_of(analyst, page), "key": "mine", "source": ""}
    )
    assert reply.status_code == 403
    imported = analyst.post(f"{page}/import", data={"csrf_token": csrf_of(analyst, page)})
    assert imported.status_code == 403
    assert (
        fac.post(
            "/staff/questionnaires",
            data={"csrf_token": csrf_of(fac, page), "key": "lib2", "source": ""},
        ).status_code
        == 403
    )
    # A facilitator may copy only what they may see: another workshop's is not a choice.
    copy = fac.post(
        page,
        data={
            "csrf_token": csrf_of(fac, page),
            "key": "stolen",
            "source": f"db:{setup['rows']['b']}",
        },
    )
    assert copy.status_code == 422
    with app.app_context():
        assert store.questionnaire_by_key("stolen") is None
