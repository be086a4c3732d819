"""Admins: the audit log, read only (nothing on the web changes or deletes an entry)."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint
from flask import render_template
from flask import request

from survey import auth
from survey import store

bp = Blueprint("audit", __name__, url_prefix="/staff")
bp.before_request(auth.require_login)


@bp.get("/audit")
def audit_log() -> str:
    """The newest audit entries (from `?since=YYYY-MM-DD` when given), admins only."""
    auth.require_role("manage")
    since = _date(request.args.get("since"))
    return render_template(
        "staff/audit.html",
        entries=store.audit_entries(since),
        since=since.date().isoformat() if since else "",
    )


def _date(text: str | None) -> dt.datetime | None:
    """Return the start of a YYYY-MM-DD day (UTC), or None for nothing or a bad date."""
    try:
        day = dt.date.fromisoformat(text or "")
    except ValueError:
        return None
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
