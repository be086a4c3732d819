"""Staff logins can be revoked: a copied cookie stops working after logout, a new password or a
new role, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from survey import store
from tests.conftest import add_user
from tests.conftest import csrf_of
from tests.conftest import log_in


def _copy_cookie(source: FlaskClient, target: FlaskClient) -> None:
    """Put the source browser's login cookie into another browser, as a thief would."""
    cookie = source.get_cookie("session")
    assert cookie is not None
    target.set_cookie("session", cookie.value)


def _logged_in(client: FlaskClient) -> bool:
    response = client.get("/staff/")
    return response.status_code == 200


@pytest.fixture
def stolen(any_app: Flask) -> tuple[FlaskClient, FlaskClient, int]:
    """A facilitator logged in on a laptop, and a second browser holding a copy of its cookie."""
    user_id = add_user(any_app, "fac", "facilitator")
    add_user(any_app, "admin", "admin")
    laptop, thief = any_app.test_client(), any_app.test_client()
    log_in(laptop, "fac")
    _copy_cookie(laptop, thief)
    assert _logged_in(laptop)
    assert _logged_in(thief)
    return laptop, thief, user_id


def test_logout_ends_every_copy_of_the_cookie(stolen: tuple) -> None:
    laptop, thief, _ = stolen
    laptop.post("/logout", data={"csrf_token": csrf_of(laptop, "/staff/")})
    assert not _logged_in(laptop)
    assert not _logged_in(thief)
    assert thief.get("/api/v1/workshops").status_code == 401


def _admin_sets_password(app: Flask, user_id: int) -> None:
    admin = app.test_client()
    log_in(admin, "admin")
    response = admin.post(
        f"/staff/users/{user_id}/password",
        data={"csrf_token": csrf_of(admin, "/staff/users"), "password": "another-password-9"},
    )
    assert response.status_code == 302


def _role_changed(app: Flask, user_id: int) -> None:
    admin = app.test_client()
    log_in(admin, "admin")
    response = admin.post(
        f"/staff/users/{user_id}/role",
        data={"csrf_token": csrf_of(admin, "/staff/users"), "role": "analyst"},
    )
    assert response.status_code == 302
    with app.app_context():
        assert store.user_by_id(user_id)["role"] == "analyst"  # type: ignore[index]
        [entry] = [e for e in store.audit_entries() if e["action"] == "role_change"]
    assert entry["detail"] == {"from": "facilitator", "to": "analyst"}


@pytest.mark.parametrize("change", [_admin_sets_password, _role_changed])
def test_a_new_password_or_role_ends_old_logins(
    any_app: Flask, stolen: tuple, change: Callable[[Flask, int], None]
) -> None:
    laptop, thief, user_id = stolen
    change(any_app, user_id)
    assert not _logged_in(laptop)
    assert not _logged_in(thief)


def test_logging_in_again_works_after_a_logout(any_app: Flask, stolen: tuple) -> None:
    laptop, thief, _ = stolen
    laptop.post("/logout", data={"csrf_token": csrf_of(laptop, "/staff/")})
    log_in(laptop, "fac")
    assert _logged_in(laptop)
    assert not _logged_in(thief)


def test_set_role_on_the_command_line_ends_logins(
    any_app: Flask, stolen: tuple, tmp_path: Path
) -> None:
    laptop, _, user_id = stolen
    result = any_app.test_cli_runner().invoke(args=["users", "set-role", "fac", "analyst"])
    assert result.exit_code == 0, result.output
    with any_app.app_context():
        assert store.user_by_id(user_id)["role"] == "analyst"  # type: ignore[index]
    assert not _logged_in(laptop)
