"""Staff accounts, who works on which workshop, and login attempts for the rate limit."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from survey.schema import login_attempts
from survey.schema import users
from survey.schema import workshop_staff
from survey.schema import workshops
from survey.store.db import _now
from survey.store.db import engine


def create_user(username: str, password_hash: str, role: str) -> int:
    """Store a staff account; return its id (IntegrityError when the username is taken)."""
    with engine().begin() as conn:
        user_id = conn.execute(
            users.insert().values(
                username=username, password_hash=password_hash, role=role, created_at=_now()
            )
        ).inserted_primary_key[0]  # type: ignore[index]
    return int(user_id)


def user_by_name(username: str) -> dict[str, Any] | None:
    """Return the account with this username, or None."""
    with engine().connect() as conn:
        row = conn.execute(users.select().where(users.c.username == username)).mappings().first()
    return dict(row) if row else None


def user_by_id(user_id: int) -> dict[str, Any] | None:
    """Return the account with this id, or None."""
    with engine().connect() as conn:
        row = conn.execute(users.select().where(users.c.id == user_id)).mappings().first()
    return dict(row) if row else None


def list_users() -> list[dict[str, Any]]:
    """Return every account (without password hashes) with its workshops' codes, by username."""
    query = (
        sa.select(users.c.id, users.c.username, users.c.role, users.c.created_at, workshops.c.code)
        .outerjoin(workshop_staff, workshop_staff.c.user_id == users.c.id)
        .outerjoin(workshops, workshops.c.id == workshop_staff.c.workshop_id)
        .order_by(users.c.username, workshops.c.code)
    )
    found: dict[int, dict[str, Any]] = {}
    with engine().connect() as conn:
        for row in conn.execute(query).mappings():
            user = found.setdefault(
                row["id"], {k: row[k] for k in ("id", "username", "role", "created_at")}
            )
            user.setdefault("workshops", [])
            if row["code"]:
                user["workshops"].append(row["code"])
    return list(found.values())


def count_users(role: str | None = None) -> int:
    """Return how many staff accounts (with this role, if given) exist."""
    query = sa.select(sa.func.count()).select_from(users)
    if role is not None:
        query = query.where(users.c.role == role)
    with engine().connect() as conn:
        return int(conn.execute(query).scalar_one())


def set_password_hash(user_id: int, password_hash: str) -> None:
    """Replace an account's password hash; every login of the account ends."""
    with engine().begin() as conn:
        conn.execute(
            users.update()
            .where(users.c.id == user_id)
            .values(
                password_hash=password_hash,
                session_generation=users.c.session_generation + 1,
            )
        )


def set_role(user_id: int, role: str) -> None:
    """Give an account another role; every login of the account ends."""
    with engine().begin() as conn:
        conn.execute(
            users.update()
            .where(users.c.id == user_id)
            .values(role=role, session_generation=users.c.session_generation + 1)
        )


def end_logins(user_id: int) -> None:
    """End every login of an account: each cookie made before now stops working."""
    with engine().begin() as conn:
        conn.execute(
            users.update()
            .where(users.c.id == user_id)
            .values(session_generation=users.c.session_generation + 1)
        )


def remove_user(user_id: int) -> None:
    """Delete an account and its workshop assignments."""
    with engine().begin() as conn:
        conn.execute(users.delete().where(users.c.id == user_id))


def assign_staff(workshop_id: int, user_id: int) -> None:
    """Give a staff member access to a workshop (doing it twice is harmless)."""
    with engine().begin() as conn:
        exists = conn.execute(
            sa.select(workshop_staff.c.user_id).where(
                workshop_staff.c.workshop_id == workshop_id, workshop_staff.c.user_id == user_id
            )
        ).first()
        if exists is None:
            conn.execute(workshop_staff.insert().values(workshop_id=workshop_id, user_id=user_id))


def unassign_staff(workshop_id: int, user_id: int) -> None:
    """Take a staff member's access to a workshop away."""
    with engine().begin() as conn:
        conn.execute(
            workshop_staff.delete().where(
                workshop_staff.c.workshop_id == workshop_id, workshop_staff.c.user_id == user_id
            )
        )


def workshop_staff_of(workshop_id: int) -> list[dict[str, Any]]:
    """Return the staff assigned to a workshop (id, username, role), by username."""
    query = (
        sa.select(users.c.id, users.c.username, users.c.role)
        .join(workshop_staff, workshop_staff.c.user_id == users.c.id)
        .where(workshop_staff.c.workshop_id == workshop_id)
        .order_by(users.c.username)
    )
    with engine().connect() as conn:
        return [dict(row) for row in conn.execute(query).mappings()]


def is_assigned(user_id: int, workshop_id: int) -> bool:
    """Return True when the staff member is assigned to the workshop."""
    query = sa.select(workshop_staff.c.user_id).where(
        workshop_staff.c.workshop_id == workshop_id, workshop_staff.c.user_id == user_id
    )
    with engine().connect() as conn:
        return conn.execute(query).first() is not None


def record_login_attempt(username: str, address: str, succeeded: bool, keep: dt.timedelta) -> None:
    """Remember a login attempt; forget old ones; a success forgets the account's failures here."""
    now = _now()
    username, address = username[:64], address[:64]
    with engine().begin() as conn:
        conn.execute(login_attempts.delete().where(login_attempts.c.attempted_at < now - keep))
        if succeeded:
            conn.execute(
                login_attempts.delete().where(
                    login_attempts.c.username == username,
                    login_attempts.c.address == address,
                    login_attempts.c.succeeded.is_(False),
                )
            )
        conn.execute(
            login_attempts.insert().values(
                username=username, address=address, succeeded=succeeded, attempted_at=now
            )
        )


def failed_logins(
    since: dt.datetime, username: str | None = None, address: str | None = None
) -> int:
    """Return how many failed logins there were since `since` for an account, an address or both."""
    query = (
        sa.select(sa.func.count())
        .select_from(login_attempts)
        .where(login_attempts.c.succeeded.is_(False), login_attempts.c.attempted_at >= since)
    )
    if username is not None:
        query = query.where(login_attempts.c.username == username[:64])
    if address is not None:
        query = query.where(login_attempts.c.address == address[:64])
    with engine().connect() as conn:
        return int(conn.execute(query).scalar_one())
