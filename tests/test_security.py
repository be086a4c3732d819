"""Security headers, no-store on staff pages and downloads, where login may send a browser next,
and the Secure flag of the login cookie."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient

from analysis.questionnaire.model import Questionnaire
from survey import store
from tests.conftest import add_session
from tests.conftest import add_user
from tests.conftest import csrf_of
from tests.conftest import log_in
from tests.conftest import make_app
from tests.conftest import route_paths

_RE_NONCE = re.compile(r"'nonce-([^']+)'")


@pytest.fixture
def workshop(app: Flask, questionnaires: dict) -> dict[str, Any]:
    """A workshop with one session and one response; an admin logged in nowhere yet."""
    session = add_session(app, questionnaires["session_feedback"])
    add_user(app, "admin", "admin")
    with app.app_context():
        store.save_response(session["id"], "t" * 20, "p1", "th", {"speaker": ["5"]})
    return session


def _staff_get_paths(app: Flask, session: dict[str, Any]) -> list[str]:
    """Return a concrete path for every staff GET route, filled with this workshop's ids."""
    with app.app_context():
        form = store.questionnaire_of(store.session_by_id(session["id"]))
        row_id = store.create_questionnaire(
            Questionnaire.from_dict({**form.to_dict(), "id": "headers"}),
            session["workshop_id"],
            None,
        )
    values = {
        "workshop_id": session["workshop_id"],
        "session_id": session["id"],
        "scope_id": session["id"],
        "code": session["code"],
        "row_id": row_id,
        "qid": "speaker",
        "sid": "session",
        "number": 1,
    }
    return [
        path
        for rule, path in route_paths(app, values)
        if "GET" in (rule.methods or ()) and path.startswith(("/staff", "/api/"))
    ]


def test_every_page_sends_the_security_headers(client: FlaskClient, workshop: dict) -> None:
    for path in ("/", f"/j/{workshop['code']}", "/login", "/staff/", "/no-such-page"):
        headers = client.get(path).headers
        policy = headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in policy, path
        assert "default-src 'self'" in policy, path
        assert "object-src 'none'" in policy, path
        assert "unsafe-inline" not in policy, path
        assert headers["X-Frame-Options"] == "DENY", path
        assert headers["X-Content-Type-Options"] == "nosniff", path
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin", path


def test_inline_scripts_and_styles_carry_this_requests_nonce(
    client: FlaskClient, workshop: dict
) -> None:
    nonces = []
    for _ in range(2):
        response = client.get(f"/j/{workshop['code']}")
        html = response.get_data(as_text=True)
        nonce = _RE_NONCE.search(response.headers["Content-Security-Policy"])
        assert nonce is not None
        nonces.append(nonce.group(1))
        tags = re.findall(r"<(script|style)\b([^>]*)>", html)
        assert tags, "the form has script and style"
        for _name, attributes in tags:
            if 'type="application/json"' in attributes or " src=" in attributes:
                continue  # data, or a script file of Sala's own (script-src 'self')
            assert f'nonce="{nonce.group(1)}"' in attributes
        assert " style=" not in html
    assert nonces[0] != nonces[1]


def test_staff_pages_and_downloads_are_never_stored(
    app: Flask, client: FlaskClient, workshop: dict
) -> None:
    log_in(client, "admin")
    paths = _staff_get_paths(app, workshop)
    assert any(p.endswith("responses.csv") for p in paths)
    assert any("/questionnaires" in p for p in paths)
    assert any("/export.xlsx" in p for p in paths)
    for path in paths:
        response = client.get(path)
        assert response.status_code < 500, path
        assert response.headers["Cache-Control"] == "no-store", path
    assert client.get("/login").headers["Cache-Control"] == "no-store"


def test_participant_form_stays_in_the_browsers_own_cache(
    client: FlaskClient, workshop: dict
) -> None:
    assert client.get(f"/j/{workshop['code']}").headers["Cache-Control"] == "private"


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example/",
        "/\t/evil.example/",
        "/\n/evil.example/",
        "/\r\n/evil.example/",
        "/\\evil.example",
        "/\\/evil.example",
        "\\\\evil.example",
        "https://evil.example/",
        "javascript:alert(1)",
        " /staff/",
        "/\x00/evil.example",
        "/\u0085/evil.example",
        "evil.example",
    ],
)
def test_login_never_sends_the_browser_to_another_site(
    client: FlaskClient, workshop: dict, target: str
) -> None:
    token = csrf_of(client)
    response = client.post(
        f"/login?next={quote(target, safe='')}",
        data={"csrf_token": token, "username": "admin", "password": "correct-horse-42"},
    )
    if "\x00" in target:  # NUL is refused before any view (no database can store it)
        assert response.status_code == 400
        return
    assert response.status_code == 302
    assert response.headers["Location"] == "/staff/"


def test_the_probes_redirect_stays_home(client: FlaskClient, workshop: dict) -> None:
    token = csrf_of(client)
    response = client.post(
        "/login?next=/%09/evil.example/",
        data={"csrf_token": token, "username": "admin", "password": "correct-horse-42"},
    )
    assert response.headers["Location"] == "/staff/"


def test_login_keeps_a_path_on_this_site(client: FlaskClient, workshop: dict) -> None:
    token = csrf_of(client)
    target = f"/staff/workshops/{workshop['workshop_id']}?tab=1"
    response = client.post(
        "/login",
        query_string={"next": target},
        data={"csrf_token": token, "username": "admin", "password": "correct-horse-42"},
    )
    assert response.headers["Location"] == target


def _session_cookie(response: Any) -> str:
    cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert cookies, "the login set no session cookie"
    return cookies[-1]


def test_login_cookie_is_secure_over_https_only(client: FlaskClient, workshop: dict) -> None:
    plain = _session_cookie(log_in(client, "admin"))
    assert "Secure" not in plain
    assert "HttpOnly" in plain
    token = csrf_of(client)
    response = client.post(
        "/login",
        base_url="https://localhost",
        data={"csrf_token": token, "username": "admin", "password": "correct-horse-42"},
        headers={"Referer": "https://localhost/login"},
    )
    secure = _session_cookie(response)
    assert "Secure" in secure


def test_login_cookie_is_secure_behind_a_trusted_https_proxy(tmp_path: Any) -> None:
    app = make_app(tmp_path, TRUSTED_PROXIES=1)
    add_user(app, "admin", "admin")
    client = app.test_client()
    forwarded = {
        "HTTP_X_FORWARDED_PROTO": "https",
        "HTTP_X_FORWARDED_FOR": "203.0.113.9",
        "HTTP_REFERER": "https://localhost/login",
    }
    token = csrf_of(client)
    response = client.post(
        "/login",
        data={"csrf_token": token, "username": "admin", "password": "correct-horse-42"},
        environ_base=forwarded,
    )
    assert "Secure" in _session_cookie(response)
    app.extensions[store.EXTENSION_KEY].dispose()


def test_untrusted_forwarded_proto_does_not_count(client: FlaskClient, workshop: dict) -> None:
    response = log_in(client, "admin", HTTP_X_FORWARDED_PROTO="https")
    assert "Secure" not in _session_cookie(response)


@pytest.mark.parametrize("value", ["1", "true", True])
def test_login_cookie_is_secure_by_configuration(tmp_path: Any, value: Any) -> None:
    app = make_app(tmp_path, SESSION_COOKIE_SECURE=value)
    add_user(app, "admin", "admin")
    assert "Secure" in _session_cookie(log_in(app.test_client(), "admin"))
    app.extensions[store.EXTENSION_KEY].dispose()
