"""Staff accounts: passwords, the login kept in the signed session cookie, roles and access."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from flask import abort
from flask import current_app
from flask import g
from flask import jsonify
from flask import redirect
from flask import request
from flask import session
from flask import url_for
from werkzeug.security import check_password_hash
from werkzeug.security import generate_password_hash
from werkzeug.wrappers import Response

from survey import store
from survey.schema import ROLES

MIN_PASSWORD_LENGTH = 8
GENERATED_PASSWORD_BYTES = 12
SESSION_KEY = "staff_id"
# The account's session_generation when this login began; a login from an earlier one is over.
GENERATION_KEY = "staff_generation"
# What each role may do with a workshop it is assigned to; admins may do everything everywhere.
PERMISSIONS = {
    "admin": frozenset({"read", "run", "manage"}),
    "facilitator": frozenset({"read", "run"}),
    "analyst": frozenset({"read"}),
}
# A hash to check against when the username is unknown, so both cases take the same time.
_DUMMY_HASH = generate_password_hash("not a password")


def hash_password(password: str) -> str:
    """Return the salted hash stored for a password."""
    return generate_password_hash(password)


def password_problem(password: str) -> str | None:
    """Return why a new password cannot be used, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"รหัสผ่านต้องยาวอย่างน้อย {MIN_PASSWORD_LENGTH} ตัวอักษร"
    return None


def role_problem(role: str) -> str | None:
    """Return why a role name cannot be used, or None."""
    return None if role in ROLES else f"บทบาทต้องเป็น {', '.join(ROLES)}"


def authenticate(username: str, password: str) -> dict[str, Any] | None:
    """Return the account when the password is right, else None."""
    user = store.user_by_name(username.strip())
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    return user if check_password_hash(user["password_hash"], password) else None


def client_address() -> str:
    """Return the visitor's address (ProxyFix fills it from trusted proxies only)."""
    return request.remote_addr or "unknown"


def login_blocked(username: str) -> bool:
    """Return True when this account here, this address, or this account anywhere failed too often."""
    config = current_app.config
    since = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=config["LOGIN_WINDOW_SECONDS"])
    username, address = username.strip(), client_address()
    # Counted by the name typed, so an unknown account is limited exactly like a real one.
    here = store.failed_logins(since, username=username, address=address)
    from_address = store.failed_logins(since, address=address)
    for_account = store.failed_logins(since, username=username)
    return (
        here >= config["LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS"]
        or from_address >= config["LOGIN_MAX_FAILURES_PER_ADDRESS"]
        or for_account >= config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]
    )


def record_attempt(username: str, succeeded: bool) -> None:
    """Remember a login attempt for the rate limit; a success forgets this address's failures."""
    keep = dt.timedelta(seconds=current_app.config["LOGIN_WINDOW_SECONDS"])
    store.record_login_attempt(username.strip(), client_address(), succeeded, keep)


def log_in(user: dict[str, Any]) -> None:
    """Start a fresh login session for this account."""
    session.clear()
    session.permanent = True
    session[SESSION_KEY] = user["id"]
    session[GENERATION_KEY] = user["session_generation"]


def log_out() -> None:
    """End the login session, and every copy of its cookie (the account's other logins too)."""
    user = current_user()
    if user is not None:
        store.end_logins(user["id"])
    session.clear()


def current_user() -> dict[str, Any] | None:
    """Return the logged-in account (looked up once per request), or None.

    A cookie from before the account's last logout, new password or new role no longer logs
    anyone in, and is cleared.
    """
    if "staff" not in g:
        g.staff = _session_user()
    return g.staff


def _session_user() -> dict[str, Any] | None:
    user_id = session.get(SESSION_KEY)
    if not isinstance(user_id, int) or isinstance(user_id, bool):
        return None
    user = store.user_by_id(user_id)
    if user is None or session.get(GENERATION_KEY) != user["session_generation"]:
        session.pop(SESSION_KEY, None)
        session.pop(GENERATION_KEY, None)
        return None
    return user


def require_login() -> Response | None:
    """Send a visitor who is not logged in to the login page (the API answers 401)."""
    if current_user() is not None:
        return None
    if request.blueprint == "api":
        response = jsonify(error="login required", login=url_for("account.login"))
        response.status_code = 401
        return response
    return redirect(url_for("account.login", next=request.full_path.rstrip("?")))


def can(action: str, workshop_id: int | None = None) -> bool:
    """Return True when the logged-in account may do `action` (on this workshop)."""
    user = current_user()
    if user is None or action not in PERMISSIONS.get(user["role"], frozenset()):
        return False
    if user["role"] == "admin" or workshop_id is None:
        return True
    return store.is_assigned(user["id"], workshop_id)


def workshop_for(workshop_id: int, action: str = "read") -> dict[str, Any]:
    """Return the workshop for this account: 404 when unknown or not theirs, 403 when read-only."""
    workshop = store.workshop_by_id(workshop_id)
    if workshop is None or not can("read", workshop_id):
        abort(404)
    if not can(action, workshop_id):
        abort(403)
    return workshop


def session_for(session_id: int, action: str = "read") -> dict[str, Any]:
    """Return the session for this account, with the same rules as `workshop_for`."""
    found = store.session_by_id(session_id)
    if found is None:
        abort(404)
    workshop_for(found["workshop_id"], action)
    return found


def require_role(action: str) -> None:
    """Abort with 403 unless the account's role allows `action` somewhere."""
    if not can(action):
        abort(403)


def ensure_admin() -> str | None:
    """Create the first admin when there is no admin; return a generated password, if any."""
    config = current_app.config
    if store.count_users("admin") or store.user_by_name(config["ADMIN_USER"]):
        return None
    password = config["ADMIN_PASSWORD"] or secrets.token_urlsafe(GENERATED_PASSWORD_BYTES)
    store.create_user(config["ADMIN_USER"], hash_password(password), "admin")
    return None if config["ADMIN_PASSWORD"] else password
