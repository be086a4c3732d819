"""The login rate limit: per account and address, per address and per account, kept in the
database, never on participants."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from flask import Flask

from survey import store
from survey.i18n import LANGUAGE_COOKIE
from tests.conftest import add_session
from tests.conftest import add_user
from tests.conftest import form_tokens
from tests.conftest import log_in
from tests.conftest import make_app

HOTEL_WIFI = {"REMOTE_ADDR": "203.0.113.7"}
OTHER_PLACE = {"REMOTE_ADDR": "198.51.100.9"}
# What differs on every page: the CSRF token and the Content-Security-Policy nonce.
_RE_CSRF_VALUE = re.compile(r'name="csrf_token" type="hidden" value="[^"]+"|nonce="[^"]+"')


def test_a_stranger_guessing_locks_only_their_own_address_out_of_the_account(
    any_app: Flask,
) -> None:
    app = any_app
    add_user(app, "somchai", "facilitator")
    add_user(app, "suda", "facilitator")
    attacker = app.test_client()
    for _ in range(5):
        assert log_in(attacker, "somchai", "wrong-password", **HOTEL_WIFI).status_code == 401
    for _ in range(3):
        blocked = log_in(attacker, "somchai", "wrong-password", **HOTEL_WIFI)
        assert blocked.status_code == 429
        assert "พยายามเข้าสู่ระบบผิดหลายครั้งเกินไป กรุณารอ 15 นาที" in blocked.get_data(as_text=True)
    assert log_in(app.test_client(), "somchai", **OTHER_PLACE).status_code == 302
    assert log_in(app.test_client(), "suda", **HOTEL_WIFI).status_code == 302
    # Even the right password is refused from the stranger's address, and the owner's
    # successful login elsewhere does not lift that lock.
    assert log_in(app.test_client(), "somchai", **HOTEL_WIFI).status_code == 429


def test_a_success_forgets_the_failures_from_its_own_address_only(app: Flask) -> None:
    add_user(app, "somchai", "facilitator")
    for _ in range(4):
        log_in(app.test_client(), "somchai", "wrong-password")
    assert log_in(app.test_client(), "somchai").status_code == 302
    for _ in range(4):
        assert log_in(app.test_client(), "somchai", "wrong-password").status_code == 401
    assert log_in(app.test_client(), "somchai").status_code == 302
    for _ in range(4):
        log_in(app.test_client(), "somchai", "wrong-password", **HOTEL_WIFI)
    assert log_in(app.test_client(), "somchai", **OTHER_PLACE).status_code == 302
    assert log_in(app.test_client(), "somchai", "wrong-password", **HOTEL_WIFI).status_code == 401
    assert log_in(app.test_client(), "somchai", **HOTEL_WIFI).status_code == 429


def test_many_failures_from_one_address_block_that_address_only(app: Flask) -> None:
    add_user(app, "somchai", "facilitator")
    app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] = 8
    for n in range(8):
        assert (
            log_in(app.test_client(), f"guess{n}", "wrong-password", **HOTEL_WIFI).status_code
            == 401
        )
    assert log_in(app.test_client(), "somchai", **HOTEL_WIFI).status_code == 429
    assert log_in(app.test_client(), "somchai", **OTHER_PLACE).status_code == 302


def test_guesses_for_one_account_from_many_addresses_stop_at_the_account_limit(
    any_app: Flask,
) -> None:
    app = any_app
    add_user(app, "somchai", "facilitator")
    add_user(app, "suda", "facilitator")
    app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"] = 15
    for n in range(15):
        botnet = {"REMOTE_ADDR": f"192.0.2.{n // 5 + 1}"}
        assert log_in(app.test_client(), "somchai", "wrong-password", **botnet).status_code == 401
    fresh = {"REMOTE_ADDR": "192.0.2.200"}
    assert log_in(app.test_client(), "somchai", "wrong-password", **fresh).status_code == 429
    assert log_in(app.test_client(), "somchai", **OTHER_PLACE).status_code == 429
    assert log_in(app.test_client(), "suda", **fresh).status_code == 302


def test_a_locked_name_looks_the_same_whether_the_account_exists_or_not(app: Flask) -> None:
    add_user(app, "somchai", "facilitator")
    pages = []
    for username in ("somchai", "nobody"):
        for _ in range(5):
            assert log_in(app.test_client(), username, "wrong-password").status_code == 401
        blocked = log_in(app.test_client(), username, "wrong-password")
        assert blocked.status_code == 429
        page = _RE_CSRF_VALUE.sub("", blocked.get_data(as_text=True))
        pages.append(page.replace(f'value="{username}"', ""))
    assert pages[0] == pages[1]


def test_login_messages_follow_the_chosen_language(app: Flask) -> None:
    add_user(app, "somchai", "facilitator")
    client = app.test_client()
    client.set_cookie(LANGUAGE_COOKIE, "en")
    for _ in range(5):
        wrong = log_in(client, "somchai", "wrong-password")
        assert "The username or password is not correct." in wrong.get_data(as_text=True)
    blocked = log_in(client, "somchai", "wrong-password").get_data(as_text=True)
    assert "Too many unsuccessful attempts to log in. Please wait 15 minutes" in blocked
    assert "พยายาม" not in blocked


def test_the_limit_holds_across_workers_sharing_the_database(tmp_path: Path) -> None:
    first = make_app(tmp_path)
    second = make_app(tmp_path)
    add_user(first, "somchai", "facilitator")
    for _ in range(5):
        log_in(first.test_client(), "somchai", "wrong-password")
    assert log_in(second.test_client(), "somchai").status_code == 429


def test_eighty_participants_behind_one_address_all_submit(
    app: Flask, questionnaires: dict
) -> None:
    session = add_session(app, questionnaires["session_feedback"])
    app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] = 3
    for n in range(3):
        log_in(app.test_client(), f"guess{n}", "wrong-password", **HOTEL_WIFI)
    assert log_in(app.test_client(), "anyone", **HOTEL_WIFI).status_code == 429
    for n in range(80):
        phone = app.test_client()
        page = phone.get(f"/j/{session['code']}", environ_base=HOTEL_WIFI)
        assert page.status_code == 200
        csrf, token = form_tokens(page.get_data(as_text=True))
        answers = {"speaker": "5", "content": "4", "duration": "4"}
        answers |= {"knowledge__before": "2", "knowledge__after": "4", "suggestion": f"ข้อ {n}"}
        sent = phone.post(
            f"/j/{session['code']}",
            data={"csrf_token": csrf, "token": token, "lang": "th", **answers},
            environ_base=HOTEL_WIFI,
        )
        assert sent.status_code == 303, n
    with app.app_context():
        assert store.count_responses(session["id"]) == 80


def test_the_trusted_proxy_setting_reads_the_forwarded_address(tmp_path: Path) -> None:
    app = make_app(tmp_path, TRUSTED_PROXIES=1)
    add_user(app, "somchai", "facilitator")
    behind_balancer = {"REMOTE_ADDR": "10.0.0.2"}
    for n in range(5):
        client = app.test_client()
        # The visitor forges the first entry; only the one the balancer added is believed.
        client.environ_base["HTTP_X_FORWARDED_FOR"] = f"192.0.2.{n}, 203.0.113.7"
        log_in(client, f"guess{n}", "wrong-password", **behind_balancer)
    with app.app_context():
        since = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
        assert store.failed_logins(since, address="203.0.113.7") == 5
        assert store.failed_logins(since, address="10.0.0.2") == 0


def test_a_forged_forwarded_address_is_ignored_without_a_trusted_proxy(app: Flask) -> None:
    add_user(app, "somchai", "facilitator")
    for n in range(5):
        client = app.test_client()
        client.environ_base["HTTP_X_FORWARDED_FOR"] = f"192.0.2.{n}"
        assert log_in(client, "somchai", "wrong-password", **HOTEL_WIFI).status_code == 401
    client = app.test_client()
    client.environ_base["HTTP_X_FORWARDED_FOR"] = "192.0.2.99"
    assert log_in(client, "somchai", **HOTEL_WIFI).status_code == 429
