"""Command line: `./sala run COMMAND`. Commands get an app context from the blueprint."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

import click
import sqlalchemy as sa
from flask import Blueprint
from flask import current_app

from analysis.questionnaire.load import QuestionnaireError
from analysis.questionnaire.load import load_directory
from analysis.stats.attendance import attendance_of
from analysis.text.privacy import mask_personal_data
from survey import audit
from survey import auth
from survey import results
from survey import store
from survey.commands import demo
from survey.commands.server import run_gunicorn
from survey.typography import warm_up

bp = Blueprint("cli", __name__, cli_group=None)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 5000


def prepare_database(seed: bool) -> None:
    """Migrate the database; on a server start, make the first admin and the demo workshop.
    Servers started together take turns, so only the first makes the admin and the demo."""
    try:
        with store.schema_lock():
            store.migrate()
            if seed:
                _seed()
    except sa.exc.OperationalError as failed:  # no server, no such role or database, no file
        address = store.engine().url.render_as_string(hide_password=True)
        reason = str(failed.orig).strip().splitlines()[-1] if failed.orig else str(failed)
        raise click.ClickException(
            f"Cannot open the database {address}: {reason}\n"
            "Check DATABASE_URL (PostgreSQL: the server runs, and the role and database exist; "
            "see the README's 'A larger deployment')."
        ) from None


def _seed() -> None:
    password = auth.ensure_admin()
    user = current_app.config["ADMIN_USER"]
    if password:
        click.echo(
            f"\nCreated the admin account {user!r} with the password: {password}\n"
            "It is shown only this once; change it with `./sala run users set-password "
            f"{user}`.\n"
        )
    if current_app.config["SEED_DEMO"] and not store.list_workshops():
        try:
            questionnaires = load_directory(current_app.config["QUESTIONNAIRE_DIR"])
        except QuestionnaireError as exc:
            raise click.ClickException(str(exc)) from None
        demo.seed_demo(questionnaires)
        click.echo("Created the demo workshop.")


WILDCARD_HOSTS = ("0.0.0.0", "::", "")


def network_address() -> str | None:
    """Return this machine's address on its network (the one its default route leaves by), or
    None when it has none. Connecting a UDP socket sends no packet: it only picks the route."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))
            address = str(probe.getsockname()[0])
        except OSError:
            return None
    return None if address.startswith(("127.", "0.")) else address


def base_url(host: str, port: int) -> str:
    """Return the URL people reach the app at: PUBLIC_URL, else the host and port served; for a
    server listening on every address, this machine's network address (phones cannot open
    127.0.0.1, which is each phone itself)."""
    configured = current_app.config["PUBLIC_URL"]
    if configured:
        return str(configured).rstrip("/")
    shown = host
    if host in WILDCARD_HOSTS:
        shown = network_address() or "127.0.0.1"
    if ":" in shown:
        shown = f"[{shown}]"
    return f"http://{shown}:{port}"


def check_port_free(host: str, port: int) -> None:
    """Raise ClickException (nothing started) when another program already listens on the
    port, instead of printing "running" and letting the server fail after it."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as refused:
            raise click.ClickException(
                f"Cannot listen on {host}:{port}: {refused.strerror}. Another program (another "
                "Sala?) may be using the port: stop it, or start with --port and another number."
            ) from None


def session_rows(base: str) -> list[dict[str, Any]]:
    """Return every session with its join code and participant URL, grouped by workshop."""
    grouped: dict[int, dict[str, Any]] = {}
    listed = store.list_sessions()
    keys = store.response_keys([s["id"] for s in listed])
    counts = attendance_of(keys)
    for session in listed:
        workshop = grouped.setdefault(
            session["workshop_id"],
            {
                "workshop_id": session["workshop_id"],
                "workshop_code": session["workshop_code"],
                "workshop_title": session["workshop_title"],
                "sessions": [],
            },
        )
        participants, responses = counts.by_session.get(session["id"], (0, 0))
        workshop["sessions"].append(
            {
                "session_id": session["id"],
                "title": session["title"],
                "day": session["day"],
                "date": session["date"].isoformat(),
                "code": session["code"],
                "is_open": session["is_open"],
                "questionnaire": session["questionnaire_id"],
                "responses": responses,
                "participants": participants,
                "participant_url": f"{base}/j/{session['code']}",
                "poster_url": f"{base}/j/{session['code']}/poster",
                "dashboard_url": f"{base}/staff/sessions/{session['id']}/dashboard",
                "projector_url": f"{base}/staff/sessions/{session['id']}/present",
                "api_url": f"{base}/api/v1/sessions/{session['id']}/summary",
            }
        )
    for workshop in grouped.values():
        ids = {s["session_id"] for s in workshop["sessions"]}
        people = attendance_of(k for k in keys if k[0] in ids)
        workshop["participants"] = people.participants
        workshop["responses"] = people.responses
        workshop["participants_by_day"] = {str(d): p for d, (p, _) in sorted(people.by_day.items())}
    return list(grouped.values())


@bp.cli.command("serve")
@click.option("--host", default=DEFAULT_HOST, show_default=True, help="Address to listen on.")
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=int, help="Port.")
@click.option(
    "--workers",
    default=0,
    type=click.IntRange(0, 64),
    help="Serve with gunicorn and this many worker processes (for a real event); 0 = simple server.",
)
def serve(host: str, port: int, workers: int) -> None:
    """Start the server (the default command), creating the database on first run."""
    check_port_free(host, port)
    prepare_database(seed=True)
    base = base_url(host, port)
    for workshop in session_rows(base):
        click.echo(f"\n{workshop['workshop_title']}")
        for session in workshop["sessions"]:
            if session["is_open"]:
                click.echo(f"  {session['code']}  {session['participant_url']}  {session['title']}")
    click.echo(f"\nStaff log in at {base}/login")
    click.echo(f"Sala is running at {base}/ (Ctrl+C stops it)\n")
    if host in WILDCARD_HOSTS and not current_app.config["PUBLIC_URL"]:
        click.echo(
            "SALA_PUBLIC_URL is not set: posters and QR codes show the address staff open Sala "
            f"at. Open the staff pages at {base}/ (not 127.0.0.1) so phones can reach it, or "
            "set SALA_PUBLIC_URL to the address phones use.\n"
        )
    if workers:
        run_gunicorn(current_app._get_current_object(), host, port, workers)  # type: ignore[attr-defined]
    else:
        warm_up()
        current_app.run(host=host, port=port, threaded=True, use_reloader=False)


@bp.cli.command("migrate")
def migrate() -> None:
    """Create or upgrade the database schema (keeps every row)."""
    store.migrate()
    click.echo(f"Database is at schema version {store.schema_version()}.")


@bp.cli.command("sessions")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.option("--base-url", "link_base", default=None, help="Base URL for the links.")
def sessions(as_json: bool, link_base: str | None) -> None:
    """List every workshop's sessions with join codes and participant URLs."""
    prepare_database(seed=False)
    rows = session_rows((link_base or "").rstrip("/") or base_url(DEFAULT_HOST, DEFAULT_PORT))
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for workshop in rows:
        click.echo(f"[{workshop['workshop_code']}] {workshop['workshop_title']}")
        days = ", ".join(f"day {d}: {n}" for d, n in workshop["participants_by_day"].items())
        answered = sum(1 for s in workshop["sessions"] if s["responses"])
        click.echo(
            f"  {workshop['participants']} participants ({days or 'none yet'}), "
            f"{workshop['responses']} responses from {answered} sessions"
        )
        for s in workshop["sessions"]:
            state = "open" if s["is_open"] else "closed"
            click.echo(
                f"  {s['code']}  day {s['day']}  {state:6}  {s['responses']:4} responses  {s['title']}"
            )


def _workshop(key: str) -> dict[str, Any]:
    workshop = store.find_workshop(key)
    if workshop is None:
        raise click.ClickException(f"No workshop has the code or id {key!r}.")
    return workshop


def _write(out: Path, data: bytes) -> None:
    try:
        out.write_bytes(data)
    except OSError as exc:
        raise click.ClickException(f"Cannot write {out}: {exc.strerror}") from None


@bp.cli.command("export")
@click.option(
    "--workshop", "workshop_key", required=True, help="Workshop code, id or a session code."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(results.EXPORT_FORMATS),
    help="Default: from --out's suffix.",
)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--plain-utf8", is_flag=True, help="CSV without the byte-order mark Excel needs.")
@click.option(
    "--raw", is_flag=True, help="Authorised raw export: personal data in free text is NOT masked."
)
def export(workshop_key: str, fmt: str | None, out: Path, plain_utf8: bool, raw: bool) -> None:
    """Write every response with all answers as CSV (UTF-8 with BOM), XLSX or JSON."""
    fmt = fmt or (
        out.suffix.lower().lstrip(".") if out.suffix.lower() in (".xlsx", ".json") else "csv"
    )
    prepare_database(seed=False)
    workshop = _workshop(workshop_key)
    mask = None if raw else mask_personal_data
    data, people = results.export_bytes(
        workshop["id"], fmt, current_app.config["TIMEZONE"], mask, bom=not plain_utf8
    )
    _write(out, data)
    audit.record("raw_export" if raw else "download", workshop["id"], out.name, {"masked": not raw})
    note = " (raw: personal data NOT masked)" if raw else ""
    click.echo(
        f"Wrote {people.responses} responses from {people.participants} participants "
        f"to {out}{note}."
    )


@bp.cli.command("report")
@click.option(
    "--workshop", "workshop_key", required=True, help="Workshop code, id or a session code."
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="report.docx or report.html",
)
def report(workshop_key: str, out: Path) -> None:
    """Write the Thai evaluation report: DOCX to edit, or print-ready HTML (A4)."""
    from analysis.report.build import FORMATS as REPORT_FORMATS  # matplotlib: only here

    fmt = out.suffix.lower().lstrip(".")
    if fmt not in REPORT_FORMATS:
        raise click.ClickException(f"--out must end in .docx or .html, not {out.name!r}.")
    prepare_database(seed=False)
    workshop = _workshop(workshop_key)
    data, people = results.report_bytes(workshop, fmt, current_app.config["TIMEZONE"])
    _write(out, data)
    audit.record("download", workshop["id"], out.name, {"masked": True})
    click.echo(
        f"Wrote the report of {people.participants} participants "
        f"({people.responses} responses) to {out}."
    )
