"""Who may see what: every staff route for each role, on the real HTTP stack with CSRF on."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from analysis.questionnaire.model import Questionnaire
from survey import store
from tests.conftest import add_session
from tests.conftest import add_user
from tests.conftest import csrf_of
from tests.conftest import log_in
from tests.conftest import row_counts

# Pages about one workshop or session; {w} and {s} are filled with its ids.
READ_PAGES = (
    "/staff/workshops/{w}",
    "/staff/workshops/{w}/dashboard",
    "/staff/sessions/{s}/dashboard",
    "/staff/analysis/workshops/{w}",
    "/staff/analysis/workshops/{w}/responses.csv",
    "/api/v1/workshops/{w}/summary",
    "/api/v1/sessions/{s}/summary",
    "/api/v1/sessions/{s}/texts",
    "/api/v1/workshops/{w}/words",
    "/api/v1/sessions/{s}/words",
    "/api/v1/workshops/{w}/themes",
    "/api/v1/sessions/{s}/themes",
)
RUN_PAGES = (
    "/staff/workshops/{w}/edit",
    "/staff/sessions/{s}/edit",
    "/staff/sessions/{s}/delete",
    "/staff/sessions/{s}/present",
    "/staff/sessions/{s}/moderation",
    "/api/v1/sessions/{s}/projector",
)


@pytest.fixture
def two_workshops(app: Flask, questionnaires: dict) -> dict[str, Any]:
    """Workshops A and B, each with one open session; a facilitator and an analyst of A."""
    a = add_session(app, questionnaires["session_feedback"])
    b = add_session(app, questionnaires["session_feedback"])
    add_user(app, "admin", "admin")
    add_user(app, "fac_a", "facilitator", (a["workshop_id"],))
    add_user(app, "ana_a", "analyst", (a["workshop_id"],))
    with app.app_context():
        store.save_response(a["id"], "a" * 20, "p1", "th", {"speaker": ["5"]})
        store.save_response(b["id"], "b" * 20, "p2", "th", {"speaker": ["1"]})
    return {"a": a, "b": b}


def paths(pages: tuple[str, ...], session: dict[str, Any]) -> list[str]:
    return [p.format(w=session["workshop_id"], s=session["id"]) for p in pages]


def test_logged_out_visitors_are_sent_to_login(client: FlaskClient, two_workshops: dict) -> None:
    for path in [*paths(READ_PAGES + RUN_PAGES, two_workshops["a"]), "/staff/", "/staff/users"]:
        response = client.get(path)
        if path.startswith("/api/"):
            assert response.status_code == 401, path
            assert response.json == {"error": "login required", "login": "/login"}
        else:
            assert response.status_code == 302, path
            assert response.headers["Location"] == f"/login?next={path}", path


def test_login_returns_to_the_page_asked_for(client: FlaskClient, two_workshops: dict) -> None:
    dashboard = f"/staff/sessions/{two_workshops['a']['id']}/dashboard"
    assert client.get(dashboard).headers["Location"].startswith("/login?next=")
    token = csrf_of(client)
    response = client.post(
        f"/login?next={dashboard}",
        data={"csrf_token": token, "username": "fac_a", "password": "correct-horse-42"},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == dashboard
    assert client.get(dashboard).status_code == 200


def test_login_never_redirects_to_another_site(client: FlaskClient, two_workshops: dict) -> None:
    token = csrf_of(client)
    response = client.post(
        "/login?next=//evil.example/x",
        data={"csrf_token": token, "username": "fac_a", "password": "correct-horse-42"},
    )
    assert response.headers["Location"] == "/staff/"


def test_a_facilitator_of_a_sees_nothing_of_b(client: FlaskClient, two_workshops: dict) -> None:
    log_in(client, "fac_a")
    for path in paths(READ_PAGES + RUN_PAGES, two_workshops["a"]):
        # the answers themselves are the analysts' (README's role table); the report is theirs
        expected = 403 if path.endswith("responses.csv") else 200
        assert client.get(path).status_code == expected, path
    for path in paths(READ_PAGES + RUN_PAGES, two_workshops["b"]):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "Tahoma" in response.get_data(as_text=True) or response.json["status"] == 404
    listed = client.get("/api/v1/workshops").json["workshops"]
    assert [w["id"] for w in listed] == [two_workshops["a"]["workshop_id"]]
    page = client.get("/staff/").get_data(as_text=True)
    assert f'/staff/workshops/{two_workshops["b"]["workshop_id"]}"' not in page


def test_a_facilitator_cannot_close_another_workshops_session(
    app: Flask, client: FlaskClient, two_workshops: dict
) -> None:
    log_in(client, "fac_a")
    token = csrf_of(client, f"/staff/workshops/{two_workshops['a']['workshop_id']}")
    b = two_workshops["b"]
    response = client.post(f"/staff/sessions/{b['id']}/close", data={"csrf_token": token})
    assert response.status_code == 404
    with app.app_context():
        assert store.session_by_id(b["id"])["is_open"] is True


def test_only_a_workshops_runners_delete_its_sessions_and_days(
    app: Flask, questionnaires: dict, client: FlaskClient, two_workshops: dict
) -> None:
    a, b = two_workshops["a"], two_workshops["b"]
    empty = {}
    with app.app_context():
        for name, session in (("a", a), ("b", b)):
            empty[name] = store.session_by_id(
                store.add_workshop_session(
                    session["workshop_id"],
                    dt.date(2019, 8, 21),
                    "",
                    "ยังไม่มีคำตอบ",
                    questionnaires["session_feedback"],
                )
            )
    before = row_counts(app)
    for username, workshop, status in (("fac_a", "b", 404), ("ana_a", "a", 403)):
        log_in(client, username)
        token = csrf_of(client, "/staff/")
        session = empty[workshop]
        delete_session = client.post(
            f"/staff/sessions/{session['id']}/delete",
            data={"csrf_token": token, "code": session["code"]},
        )
        assert delete_session.status_code == status, username
        delete_day = client.post(
            f"/staff/workshops/{session['workshop_id']}/days/2/delete",
            data={"csrf_token": token},
        )
        assert delete_day.status_code == status, username
    assert row_counts(app) == before
    log_in(client, "admin")
    token = csrf_of(client, "/staff/")
    session = empty["b"]
    deleted = client.post(
        f"/staff/sessions/{session['id']}/delete",
        data={"csrf_token": token, "code": session["code"]},
    )
    assert deleted.status_code == 302
    assert row_counts(app)["sessions"] == before["sessions"] - 1


def test_an_analyst_reads_and_downloads_but_cannot_run(
    app: Flask, client: FlaskClient, two_workshops: dict
) -> None:
    log_in(client, "ana_a")
    a = two_workshops["a"]
    for path in paths(READ_PAGES, a):
        assert client.get(path).status_code == 200, path
    for path in paths(RUN_PAGES, a):
        response = client.get(path)
        assert response.status_code == 403, path
    for path in paths(READ_PAGES, two_workshops["b"]):
        assert client.get(path).status_code == 404, path
    token = csrf_of(client, f"/staff/workshops/{a['workshop_id']}")
    assert (
        client.post(f"/staff/sessions/{a['id']}/close", data={"csrf_token": token}).status_code
        == 403
    )
    with app.app_context():
        assert store.session_by_id(a["id"])["is_open"] is True
    forbidden = client.get(f"/staff/sessions/{a['id']}/present").get_data(as_text=True)
    assert "ท่านไม่มีสิทธิ์ทำรายการนี้" in forbidden


def test_only_admins_manage_accounts(client: FlaskClient, two_workshops: dict) -> None:
    for username in ("fac_a", "ana_a"):
        log_in(client, username)
        assert client.get("/staff/users").status_code == 403
    log_in(client, "admin")
    page = client.get("/staff/users").get_data(as_text=True)
    assert "fac_a" in page
    assert "ana_a" in page
    for session in (two_workshops["a"], two_workshops["b"]):
        for path in paths(READ_PAGES + RUN_PAGES, session):
            assert client.get(path).status_code == 200, path


def test_a_removed_account_is_logged_out(
    app: Flask, client: FlaskClient, two_workshops: dict
) -> None:
    log_in(client, "fac_a")
    assert client.get("/staff/").status_code == 200
    with app.app_context():
        store.remove_user(store.user_by_name("fac_a")["id"])
    assert client.get("/staff/").status_code == 302


def test_logout_needs_the_csrf_token_and_ends_the_login(
    client: FlaskClient, two_workshops: dict
) -> None:
    log_in(client, "fac_a")
    client.post("/logout")
    assert client.get("/staff/").status_code == 200
    token = csrf_of(client, "/staff/")
    client.post("/logout", data={"csrf_token": token})
    assert client.get("/staff/").status_code == 302


def test_a_wrong_password_is_refused_politely(client: FlaskClient, two_workshops: dict) -> None:
    response = log_in(client, "fac_a", "wrong password")
    assert response.status_code == 401
    assert "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in response.get_data(as_text=True)
    assert client.get("/staff/").status_code == 302
    response = client.post("/login", data={"username": "fac_a", "password": "correct-horse-42"})
    assert response.status_code == 400
    assert client.get("/staff/").status_code == 302


def test_an_admin_adds_resets_and_removes_accounts_on_the_web(
    app: Flask, client: FlaskClient, two_workshops: dict
) -> None:
    log_in(client, "admin")
    token = csrf_of(client, "/staff/users")
    new = {"username": "suda", "password": "first-pass-1", "role": "analyst"}
    assert client.post("/staff/users", data={"csrf_token": token, **new}).status_code == 302
    short = {"username": "x", "password": "short", "role": "analyst"}
    refused = client.post("/staff/users", data={"csrf_token": token, **short})
    assert refused.status_code == 200
    assert "ยาว 8–200 ตัวอักษร" in refused.get_data(as_text=True)
    with app.app_context():
        suda = store.user_by_name("suda")
    assert suda["role"] == "analyst"
    assert log_in(app.test_client(), "suda", "first-pass-1").status_code == 302
    client.post(
        f"/staff/users/{suda['id']}/password",
        data={"csrf_token": token, "password": "second-pass-2"},
    )
    assert log_in(app.test_client(), "suda", "first-pass-1").status_code == 401
    assert log_in(app.test_client(), "suda", "second-pass-2").status_code == 302
    client.post(f"/staff/users/{suda['id']}/remove", data={"csrf_token": token})
    with app.app_context():
        assert store.user_by_name("suda") is None
        admin_id = store.user_by_name("admin")["id"]
    assert (
        client.post(f"/staff/users/{admin_id}/remove", data={"csrf_token": token}).status_code
        == 400
    )


def test_a_staff_form_without_its_token_gets_a_polite_thai_page(
    client: FlaskClient, two_workshops: dict
) -> None:
    log_in(client, "fac_a")
    response = client.post(f"/staff/workshops/{two_workshops['a']['workshop_id']}/edit", data={})
    assert response.status_code == 400
    assert "หน้านี้หมดอายุแล้ว" in response.get_data(as_text=True)


def test_no_staff_route_answers_500_whatever_it_is_given(
    client: FlaskClient, two_workshops: dict
) -> None:
    log_in(client, "admin")
    with client.application.app_context():
        form = store.questionnaire_of(store.session_by_id(two_workshops["a"]["id"]))
        row_id = store.create_questionnaire(
            Questionnaire.from_dict({**form.to_dict(), "id": "fuzz"}),
            two_workshops["a"]["workshop_id"],
            None,
        )
    values = {
        "row_id": row_id,
        "qid": "speaker",
        "sid": "session",
        "workshop_id": two_workshops["a"]["workshop_id"],
        "session_id": two_workshops["a"]["id"],
        "user_id": 999,
        "action": "open",
        "kind": "sessions",
        "scope_id": two_workshops["a"]["id"],
        "code": "NOPE99",
        "questionnaire_id": "session_feedback",
        "fmt": "json",
        "number": 1,
    }
    for rule in client.application.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        path = rule.rule
        for name in rule.arguments:
            path = path.replace(f"<{name}>", str(values[name]))
            path = re.sub(rf"<[^>]*:{name}>", str(values[name]), path)
        for method in ("GET", "POST"):
            for query in ("", "?since=abc&state=odd&next=//x"):
                response = client.open(path + query, method=method, data={"answer_id": "x"})
                assert response.status_code < 500, (method, path, response.status_code)


def test_downloads_follow_the_same_rules(
    app: Flask, client: FlaskClient, two_workshops: dict
) -> None:
    a, b = two_workshops["a"], two_workshops["b"]
    downloads = ("responses.csv", "responses.xlsx", "responses.json", "report.html", "report.docx")
    add_user(app, "fac_b", "facilitator", (b["workshop_id"],))
    log_in(client, "ana_a")
    for name in downloads:
        response = client.get(f"/staff/analysis/workshops/{a['workshop_id']}/{name}")
        assert response.status_code == 200, name
        assert response.headers["Content-Disposition"].startswith("attachment"), name
        assert client.get(f"/staff/analysis/workshops/{b['workshop_id']}/{name}").status_code == 404
    log_in(client, "fac_b")
    for name in downloads[:3]:
        assert client.get(f"/staff/analysis/workshops/{a['workshop_id']}/{name}").status_code == 404


def test_a_wrong_method_on_a_staff_page_is_explained_for_staff(
    client: FlaskClient, two_workshops: dict
) -> None:
    log_in(client, "fac_a")
    response = client.get(f"/staff/sessions/{two_workshops['a']['id']}/close")
    assert response.status_code == 405
    assert "กรุณาย้อนกลับ โหลดหน้าใหม่" in response.get_data(as_text=True)
