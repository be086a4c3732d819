"""The audit log and personal-data retention on the command line: `./sala run audit|retention`."""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

import click
from flask import Blueprint
from flask import current_app

from survey import audit
from survey import privacy
from survey import store
from survey.commands.cli import prepare_database

bp = Blueprint("records_cli", __name__, cli_group=None)


@bp.cli.command("audit")
@click.option(
    "--since",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Only entries from this day on (YYYY-MM-DD, UTC).",
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
def audit_command(since: dt.datetime | None, as_json: bool) -> None:
    """Print the audit log, oldest first: when, who, from where, what, on what."""
    prepare_database(seed=False)
    start = since.replace(tzinfo=dt.UTC) if since else None
    for entry in reversed(store.audit_entries(start, limit=None)):
        if as_json:
            click.echo(json.dumps({**entry, "at": entry["at"].isoformat()}, ensure_ascii=False))
            continue
        workshop = f"workshop {entry['workshop_id']}" if entry["workshop_id"] else "-"
        detail = json.dumps(entry["detail"], ensure_ascii=False) if entry["detail"] else ""
        click.echo(
            f"{entry['at']:%Y-%m-%d %H:%M:%S}  {entry['actor']}  {entry['address']}  "
            f"{entry['action']}  {workshop}  {entry['target']}  {detail}".rstrip()
        )


@bp.cli.group("retention")
def retention() -> None:
    """Personal-data retention: remove what workshops past their retention day no longer keep."""


@retention.command("apply")
@click.option(
    "--today",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Treat this day as today (default: today in TIMEZONE).",
)
def apply(today: dt.datetime | None) -> None:
    """Delete the free text (or every response, as the workshop sets) of each workshop whose
    retention day has passed; each application is recorded in the audit log."""
    prepare_database(seed=False)
    day = (
        today.date() if today else dt.datetime.now(ZoneInfo(current_app.config["TIMEZONE"])).date()
    )
    done = privacy.apply_retention(day)
    for workshop, gone in done:
        audit.record(
            "retention",
            workshop["id"],
            workshop["code"],
            {"retention": workshop["retention"], "until": str(workshop["retain_until"]), **gone},
        )
        click.echo(
            f"{workshop['code']}  {workshop['retention']}  kept until {workshop['retain_until']}: "
            f"removed {gone['responses']} responses, {gone['answers']} answers"
        )
    if not done:
        click.echo("No workshop is past its retention day with anything left to remove.")
