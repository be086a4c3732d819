"""Staff accounts and workshop set-up on the command line: `./sala run users|workshops …`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import click
import sqlalchemy as sa
from flask import Blueprint
from flask.cli import with_appcontext

from analysis.questionnaire.load import QuestionnaireError
from survey import audit
from survey import auth
from survey import library
from survey import store
from survey.commands.cli import prepare_database
from survey.commands.workshop_file import load_workshop_file
from survey.schema import ROLES

bp = Blueprint("staff_cli", __name__, cli_group=None)


def _password_option(help_text: str) -> Callable[[Any], Any]:
    return click.option(
        "--password",
        prompt=True,
        hide_input=True,
        confirmation_prompt=True,
        help=help_text + " (asked for, hidden, when not given)",
    )


def _checked_password(password: str) -> str:
    problem = auth.password_problem(password)
    if problem:
        raise click.ClickException(
            f"Password too short: at least {auth.MIN_PASSWORD_LENGTH} characters."
        )
    return password


def _user(username: str) -> dict[str, Any]:
    user = store.user_by_name(username)
    if user is None:
        raise click.ClickException(f"No account is called {username!r}.")
    return user


@bp.cli.group("users")
@with_appcontext
def users() -> None:
    """Staff accounts: add, list, set-password, set-role, remove, assign."""
    prepare_database(seed=False)


@users.command("add")
@click.argument("username")
@click.option("--role", type=click.Choice(ROLES), default="facilitator", show_default=True)
@click.option(
    "--workshop",
    "workshop_keys",
    multiple=True,
    help="Assign to this workshop (code or id); repeatable.",
)
@_password_option("The new account's password")
def add(username: str, role: str, workshop_keys: tuple[str, ...], password: str) -> None:
    """Add a staff account."""
    workshops = [_workshop(key) for key in workshop_keys]
    try:
        user_id = store.create_user(username, auth.hash_password(_checked_password(password)), role)
    except sa.exc.IntegrityError:
        raise click.ClickException(f"An account called {username!r} already exists.") from None
    for workshop in workshops:
        store.assign_staff(workshop["id"], user_id)
    audit.record("account_add", target=username, detail={"role": role})
    click.echo(f"Added {role} {username}.")


def _workshop(key: str) -> dict[str, Any]:
    workshop = store.find_workshop(key)
    if workshop is None:
        raise click.ClickException(f"No workshop has the code or id {key!r}.")
    return workshop


@users.command("list")
def list_users() -> None:
    """List every account with its role and workshops."""
    for user in store.list_users():
        assigned = ", ".join(user["workshops"]) or (
            "all workshops" if user["role"] == "admin" else "-"
        )
        click.echo(f"{user['username']:20} {user['role']:12} {assigned}")


@users.command("set-password")
@click.argument("username")
@_password_option("The new password")
def set_password(username: str, password: str) -> None:
    """Give an account a new password."""
    user = _user(username)
    store.set_password_hash(int(user["id"]), auth.hash_password(_checked_password(password)))
    audit.record("password_change", target=username)
    click.echo(f"Changed the password of {username}.")


@users.command("set-role")
@click.argument("username")
@click.argument("role", type=click.Choice(ROLES))
def set_role(username: str, role: str) -> None:
    """Give an account another role; its logins end, so it logs in again with the new one."""
    user = _user(username)
    store.set_role(int(user["id"]), role)
    audit.record("role_change", target=username, detail={"from": user["role"], "to": role})
    click.echo(f"{username} is now {role}.")


@users.command("remove")
@click.argument("username")
def remove(username: str) -> None:
    """Remove an account."""
    user = _user(username)
    store.remove_user(int(user["id"]))
    audit.record("account_remove", target=username)
    click.echo(f"Removed {username}.")


@users.command("assign")
@click.argument("username")
@click.argument("workshop_key", metavar="WORKSHOP")
def assign(username: str, workshop_key: str) -> None:
    """Give an account access to a workshop (code, id or a session's code)."""
    user = _user(username)
    workshop = _workshop(workshop_key)
    store.assign_staff(int(workshop["id"]), int(user["id"]))
    audit.record("staff_assign", int(workshop["id"]), username)
    click.echo(f"{username} now has access to {workshop['code']}.")


@bp.cli.group("workshops")
@with_appcontext
def workshops() -> None:
    """Workshops: create from a file, open, close, duplicate, delete-session."""
    prepare_database(seed=False)


@workshops.command("create")
@click.argument("path", type=click.Path(dir_okay=False))
def create(path: str) -> None:
    """Build a whole workshop (days, sessions, staff) from one YAML file."""
    try:
        spec = load_workshop_file(path, library.templates())
    except QuestionnaireError as exc:
        raise click.ClickException(str(exc)) from None
    staff = []
    for username in spec.pop("staff"):
        user = store.user_by_name(username)
        if user is None:
            raise click.ClickException(f"{path}: staff: no account is called {username!r}.")
        staff.append(user)
    workshop_id = store.create_workshop(spec)
    for user in staff:
        store.assign_staff(workshop_id, user["id"])
    workshop = store.workshop_by_id(workshop_id)
    assert workshop is not None
    click.echo(f"Created workshop {workshop['code']} (id {workshop_id}): {workshop['title']}")
    for session in store.list_sessions(workshop_id):
        state = "open" if session["is_open"] else "closed"
        click.echo(f"  {session['code']}  day {session['day']}  {state:6}  {session['title']}")


@workshops.command("open")
@click.argument("codes", nargs=-1, required=True, metavar="SESSION_CODE...")
def open_sessions(codes: tuple[str, ...]) -> None:
    """Open sessions for answers."""
    _set_open(codes, True)


@workshops.command("close")
@click.argument("codes", nargs=-1, required=True, metavar="SESSION_CODE...")
def close_sessions(codes: tuple[str, ...]) -> None:
    """Close sessions (participants then see a polite closed page)."""
    _set_open(codes, False)


def _set_open(codes: tuple[str, ...], is_open: bool) -> None:
    found = [(code, store.session_by_code(code)) for code in codes]
    unknown = [code for code, session in found if session is None]
    if unknown:
        raise click.ClickException(f"No session has the code {unknown[0]!r}.")
    for _, session in found:
        assert session is not None
        store.set_session_open(session["id"], is_open)
        state = "open" if is_open else "closed"
        click.echo(f"{session['code']}  {state}  {session['title']}")


@workshops.command("delete-session")
@click.argument("code", metavar="SESSION_CODE")
@click.option(
    "--with-answers",
    is_flag=True,
    help="Delete its responses, answers and moderation decisions too (needs --yes).",
)
@click.option("--yes", is_flag=True, help="Really delete the answers --with-answers counted.")
def delete_session(code: str, with_answers: bool, yes: bool) -> None:
    """Delete a session set up by mistake (one with answers: --with-answers --yes)."""
    session = store.session_by_code(code)
    if session is None:
        raise click.ClickException(f"No session has the code {code!r}.")
    name = f"{session['code']} ({session['title']}, workshop {session['workshop_code']})"
    held = store.session_contents(session["id"])
    if held["responses"] and not with_answers:
        raise click.ClickException(
            f"Session {name} has {held['responses']} responses; nothing deleted. Close it "
            f"instead (./sala run workshops close {session['code']}) and its answers stay, or add "
            "--with-answers --yes to delete them with the session."
        )
    if held["responses"] and not yes:
        click.echo(f"Deleting session {name} would delete {_contents(held)}.")
        raise click.ClickException("Nothing deleted; add --yes to delete them.")
    try:
        gone = store.delete_session(session["id"], with_answers=with_answers)
    except store.SessionHasResponsesError as refused:
        raise click.ClickException(
            f"Session {name} has just received {refused.responses} responses; nothing deleted."
        ) from None
    if gone is None:
        raise click.ClickException(f"No session has the code {code!r}.")
    audit.record("session_delete", session["workshop_id"], session["code"], dict(gone))
    click.echo(f"Deleted session {name} with {_contents(gone)}.")


def _contents(counts: dict[str, int]) -> str:
    return (
        f"{counts['responses']} responses, {counts['answers']} answers and "
        f"{counts['moderation']} moderation decisions"
    )


@workshops.command("duplicate")
@click.argument("workshop_key", metavar="WORKSHOP")
@click.option("--starts-on", type=click.DateTime(["%Y-%m-%d"]), required=True, help="First day.")
@click.option("--title", default=None, help="Title of the next run (default: the same).")
def duplicate(workshop_key: str, starts_on: dt.datetime, title: str | None) -> None:
    """Copy a workshop's days, sessions and staff (not its answers) for its next run."""
    workshop = _workshop(workshop_key)
    try:
        copy_id = store.duplicate_workshop(
            workshop["id"], starts_on.date(), title or workshop["title"]
        )
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    copy = store.workshop_by_id(copy_id)
    assert copy is not None
    click.echo(f"Created workshop {copy['code']} (id {copy_id}), starting {copy['starts_on']}.")
