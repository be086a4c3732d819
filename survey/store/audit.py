"""The audit log: added to, read, never changed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

from survey.schema import audit_log
from survey.store.db import _now
from survey.store.db import engine

# The newest entries a page or command shows when not told otherwise.
DEFAULT_AUDIT_LIMIT = 500


def add_audit_entry(
    action: str,
    actor: str,
    address: str,
    user_id: int | None = None,
    workshop_id: int | None = None,
    target: str = "",
    detail: Mapping[str, Any] | None = None,
    conn: sa.Connection | None = None,
) -> None:
    """Record one action (in `conn`'s transaction when given, so it commits with the change)."""
    row = {
        "at": _now(),
        "user_id": user_id,
        "actor": actor[:80],
        "address": address[:64],
        "action": action[:40],
        "workshop_id": workshop_id,
        "target": target[:200],
        "detail": dict(detail or {}),
    }
    if conn is not None:
        conn.execute(audit_log.insert().values(**row))
        return
    with engine().begin() as own:
        own.execute(audit_log.insert().values(**row))


def audit_entries(
    since: dt.datetime | None = None, limit: int | None = DEFAULT_AUDIT_LIMIT
) -> list[dict[str, Any]]:
    """Return audit entries (at, actor, address, action, workshop_id, target, detail), newest
    first; only those at or after `since` when given; at most `limit` (None: all)."""
    query = audit_log.select().order_by(audit_log.c.at.desc(), audit_log.c.id.desc())
    if since is not None:
        query = query.where(audit_log.c.at >= since)
    if limit is not None:
        query = query.limit(limit)
    with engine().connect() as conn:
        return [dict(row) for row in conn.execute(query).mappings()]
