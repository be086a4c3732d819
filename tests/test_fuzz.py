"""Every route, given odd ids, huge integers, NUL, broken UTF-8, nested JSON and impossible dates,
as an admin, a facilitator, an analyst and a stranger, on SQLite and PostgreSQL: never a 500, and
a refused request writes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from analysis.questionnaire.model import Questionnaire
from survey import store
from survey.schema import answers
from survey.schema import metadata
from tests.conftest import add_session
from tests.conftest import add_user
from tests.conftest import csrf_of
from tests.conftest import log_in
from tests.conftest import route_paths

HUGE = "2147483648"  # one past PostgreSQL's INTEGER
HUGER = "99999999999999999999999"
DEEP_JSON = "[" * 5000
# Posted to every POST route with the session's CSRF token, so the views themselves run.
GARBAGE = {
    "answer_id": HUGE,
    "state": "approved",
    "user_id": HUGER,
    "title": "ทดสอบ\ufffe\u202e",
    "venue": "ก" * 400,
    "organiser": "",
    "starts_on": "9999-12-31",
    "ends_on": "0001-01-01",
    "date": "9999-12-31",
    "expected_attendance": HUGE,
    "questionnaire": f"db:{HUGE}",
    "source": f"db:{HUGER}",
    "key": "k" * 300,
    "theme": DEEP_JSON,
    "into": "{" * 5000,
    "label": "ชื่อ",
    "point": "\ufeff",
    "revision": HUGER,
    "id": "q" * 200,
    "type": "nonsense",
    "section": HUGE,
    "min": HUGER,
    "max": "-" + HUGER,
    "max_length": HUGE,
    "show_if": DEEP_JSON,
    "languages": "xx",
    "code": HUGE,
    "username": "u" * 100,
    "password": "p" * 300,
    "role": "superuser",
    "group": HUGE,
    "step": "²",
    "go": "next",
    "lang": "zz",
    "token": "a" * 20,
    "speaker": ["5", "5", "5"],
    "suggestion": "คำตอบ\x00ที่มี NUL",
}
NUL_POST = {"title": "ชื่อ\x00", "username": "admin\x00", "label": "\x00"}
QUERIES = (
    "",
    f"?since={HUGER}&state=x&next=/%0d%0a/evil.example&type=zz&section=%ff&qid={HUGE}&t=x&lang=%ff",
    "?lang=%00&t=%00&code=%00&since=%00",
)
ROLES = ("admin", "fac", "ana", None)
# Written by a refused login (the rate limit counts it) and by the audit trail: not a data write.
BOOKKEEPING = frozenset({"login_attempts", "audit_log"})


@pytest.fixture
def world(any_app: Flask, questionnaires: dict) -> dict[str, Any]:
    """Workshop A with a session, a free-text answer and a questionnaire of its own; staff."""
    session = add_session(any_app, questionnaires["workshop_evaluation"])
    add_user(any_app, "admin", "admin")
    add_user(any_app, "fac", "facilitator", (session["workshop_id"],))
    add_user(any_app, "ana", "analyst", (session["workshop_id"],))
    spare = add_user(any_app, "spare", "facilitator")
    with any_app.app_context():
        for i, text in enumerate(["แอร์เย็นเกินไป", "อาหารอร่อย", "วิทยากรพูดเร็ว"]):
            store.save_response(
                session["id"], f"tok{i:017d}", f"p{i}", "th", {"suggestion": [text]}
            )
        form = store.questionnaire_of(store.session_by_id(session["id"]))
        row_id = store.create_questionnaire(
            Questionnaire.from_dict({**form.to_dict(), "id": "fuzzed"}),
            session["workshop_id"],
            None,
        )
    return {"session": session, "row_id": row_id, "spare": spare}


def _values(world: dict[str, Any], ints: str | None, strings: str | None) -> dict[str, Any]:
    session = world["session"]
    values: dict[str, Any] = {
        "row_id": world["row_id"],
        "workshop_id": session["workshop_id"],
        "session_id": session["id"],
        "scope_id": session["id"],
        "user_id": world["spare"],
        "number": 1,
        "code": session["code"],
        "qid": "suggestion",
        "sid": "feedback",
        "questionnaire_id": "workshop_evaluation",
    }
    for name in ("row_id", "workshop_id", "session_id", "scope_id", "user_id", "number"):
        values[name] = ints or values[name]
    for name in ("code", "qid", "sid", "questionnaire_id"):
        values[name] = strings or values[name]
    return values


def _row_counts(app: Flask) -> tuple[int, ...]:
    """Return the row count of every table but bookkeeping ones, in one round trip."""
    tables = [t for name, t in sorted(metadata.tables.items()) if name not in BOOKKEEPING]
    query = sa.select(
        *[sa.select(sa.func.count()).select_from(t).scalar_subquery() for t in tables]
    )
    with app.app_context(), store.engine().connect() as conn:
        return tuple(conn.execute(query).one())


def _client(app: Flask, role: str | None) -> tuple[FlaskClient, str]:
    client = app.test_client()
    if role is None:
        return client, csrf_of(client)
    assert log_in(client, role).status_code == 302
    return client, csrf_of(client, "/staff/")


def _requests(app: Flask, world: dict[str, Any]) -> list[tuple[str, str, dict[str, Any] | None]]:
    """Return (method, path with query, form) for every route and every odd input: odd query
    strings and the NUL post on the real ids, the garbage post on every odd path."""
    found = []
    variants = [(None, None), (HUGE, "%ff%fe"), (HUGER, "%00"), ("0", "ก\u0e33")]
    for ints, strings in variants:
        plain = ints is None
        for rule, path in route_paths(app, _values(world, ints, strings)):
            if rule.endpoint == "account.logout":
                continue
            methods = rule.methods or set()
            if "GET" in methods:
                found.extend(("GET", path + query, None) for query in (QUERIES if plain else ("",)))
            if "POST" in methods:
                found.append(("POST", path, GARBAGE))
                if plain:
                    found.append(("POST", path + QUERIES[1], NUL_POST))
    return found


@pytest.mark.parametrize("role", ROLES)
def test_no_route_answers_500_or_writes_when_refusing(
    any_app: Flask, world: dict[str, Any], role: str | None
) -> None:
    client, token = _client(any_app, role)
    failures = []
    for method, path, form in _requests(any_app, world):
        # only a post may write; counting around every request would double the test's time
        before = _row_counts(any_app) if form is not None else None
        data = None if form is None else {**form, "csrf_token": token}
        response = client.open(path, method=method, data=data)
        if response.status_code >= 500:
            failures.append((method, path, response.status_code))
        elif before is not None and response.status_code >= 400 and _row_counts(any_app) != before:
            failures.append((method, path, "wrote while refusing"))
    assert not failures, failures[:20]


def test_a_nul_never_reaches_the_database(any_app: Flask, world: dict[str, Any]) -> None:
    client = any_app.test_client()
    code = world["session"]["code"]
    for path in (
        f"/j/{code}%00",
        "/j/%00",
        "/j/%00/thanks",
        "/j?code=%00",
        f"/j/{code}/thanks?t=%00",
    ):
        assert client.get(path).status_code in (302, 400, 404), path
    with any_app.app_context():
        response_id, stored = store.save_response(
            world["session"]["id"], "n" * 20, "pn", "th", {"suggestion": ["ก\x00ข"]}
        )
        with store.engine().connect() as conn:
            value = conn.execute(
                sa.select(answers.c.value).where(answers.c.response_id == response_id)
            ).scalar_one()
    assert stored
    assert value == "กข"


def test_a_copy_dated_9999_is_refused_in_thai_and_nothing_is_made(
    any_app: Flask, world: dict[str, Any]
) -> None:
    client, token = _client(any_app, "admin")
    workshop_id = world["session"]["workshop_id"]
    before = _row_counts(any_app)
    response = client.post(
        f"/staff/workshops/{workshop_id}/duplicate",
        data={"csrf_token": token, "title": "รุ่นที่ 9999", "starts_on": "9999-12-31"},
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert "ปี ค.ศ. ต้องอยู่ระหว่าง 1900 ถึง 2200" in response.get_data(as_text=True)
    assert _row_counts(any_app) == before
    with any_app.app_context():
        store.update_workshop(workshop_id, {"ends_on": dt.date(2019, 8, 22)})
        with pytest.raises(ValueError, match="9999"):
            store.duplicate_workshop(workshop_id, dt.date(9999, 12, 30), "ไกลเกินไป")
    assert _row_counts(any_app) == before
