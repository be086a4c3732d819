"""Questionnaires on the command line: `./sala run questionnaires list|show|import|export`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from flask import Blueprint
from flask.cli import with_appcontext

from analysis.questionnaire.load import QuestionnaireError
from analysis.questionnaire.model import Questionnaire
from survey import audit
from survey import library
from survey import store
from survey.commands.cli import prepare_database

bp = Blueprint("questionnaires_cli", __name__, cli_group=None)

FORMATS = {"yaml": "yaml", "json": "json", "xlsform": "xlsform"}
LIBRARY = "library"
SHIPPED = "file"


def _files() -> dict[str, Questionnaire]:
    try:
        return library.template_files()
    except QuestionnaireError as exc:
        raise click.ClickException(f"A template file is broken: {exc}") from None


def _owner(row: dict[str, Any], codes: dict[int, str]) -> str:
    return LIBRARY if row["workshop_id"] is None else f"workshop {codes[row['workshop_id']]}"


def _find(key: str) -> tuple[Questionnaire, dict[str, Any] | None]:
    """Return the questionnaire with the id `list` shows (stored, or a template file)."""
    row = store.questionnaire_by_key(key)
    if row is not None:
        return library.stored(row), row
    found = _files().get(key)
    if found is None:
        raise click.ClickException(
            f"No questionnaire has the id {key!r}; `questionnaires list` shows them."
        )
    return found, None


@bp.cli.group("questionnaires")
@with_appcontext
def questionnaires() -> None:
    """Questionnaires: list, show, import (YAML, JSON, XLSForm), export."""
    prepare_database(seed=False)


@questionnaires.command("list")
def list_command() -> None:
    """List every questionnaire: id, version, owner (a workshop, the library, a file), title."""
    codes = {w["id"]: w["code"] for w in store.list_workshops()}
    stored = store.list_questionnaires()
    for key, form in _files().items():
        click.echo(f"{key:30} v{form.version:<3} {SHIPPED:17} {form.title.get()}")
    for row in stored:
        title = library.stored(row).title.get()
        click.echo(f"{row['key']:30} v{row['version']:<3} {_owner(row, codes):17} {title}")


@questionnaires.command("show")
@click.argument("key", metavar="ID")
def show(key: str) -> None:
    """Print a questionnaire (its newest version) as YAML, after its owner and versions."""
    # imported where used: files in other formats need openpyxl, which a server's workers do not
    from analysis.questionnaire.transfer import export_bytes

    form, row = _find(key)
    if row is None:
        click.echo(f"# {key}: a template file, version {form.version}")
    else:
        codes = {w["id"]: w["code"] for w in store.list_workshops()}
        answered = store.answered_versions(key)
        click.echo(
            f"# {key}: {_owner(row, codes)}, version {row['version']}, saved {row['revision']} "
            f"times; versions with answers: {', '.join(map(str, answered)) or 'none'}"
        )
    click.echo(export_bytes(form, "yaml").decode("utf-8"), nl=False)


@questionnaires.command("import")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--workshop",
    "workshop_key",
    help="The workshop (code or id) it belongs to; without it, it joins the template library.",
)
def import_command(path: Path, workshop_key: str | None) -> None:
    """Import a questionnaire from YAML, JSON or XLSForm (.xlsx); nothing is made if it is refused."""
    from analysis.questionnaire.transfer import TransferError
    from analysis.questionnaire.transfer import read_questionnaire

    workshop = None
    if workshop_key is not None:
        workshop = store.find_workshop(workshop_key)
        if workshop is None:
            raise click.ClickException(f"No workshop has the code or id {workshop_key!r}.")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise click.ClickException(f"Cannot read {path}: {exc.strerror}") from None
    try:
        form = read_questionnaire(data, path.name)
    except TransferError as refused:
        for problem in refused.problems:
            click.echo(f"{path.name}: {problem}", err=True)
        raise click.ClickException(
            f"{path.name} was not imported ({len(refused.problems)} problem(s))."
        ) from None
    _files()  # a broken template file is said first
    row_id = library.create_new(form, workshop["id"] if workshop else None, None, renumber=True)
    if row_id is None:
        raise click.ClickException(
            f"{path.name}: the id {form.id!r} and {form.id}_2 … {form.id}_{library.MAX_RENUMBER} "
            "are all used; change the id (XLSForm: form_id)."
        )
    row = store.questionnaire_row(row_id)
    key = row["key"] if row else form.id
    owner = f"workshop {workshop['code']}" if workshop else "the template library"
    audit.record(
        "questionnaire_import", workshop["id"] if workshop else None, key, {"file": path.name}
    )
    renamed = f" (its id {form.id!r} was taken, so it is {key!r})" if key != form.id else ""
    click.echo(
        f"Imported {key}{renamed} (row {row_id}, {len(form.questions)} questions) into {owner}."
    )


@questionnaires.command("export")
@click.argument("key", metavar="ID")
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), required=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
def export_command(key: str, fmt: str, out: Path) -> None:
    """Write a questionnaire's newest version as YAML, JSON or XLSForm (.xlsx for KoboToolbox)."""
    from analysis.questionnaire.transfer import export_bytes

    form, _ = _find(key)
    try:
        out.write_bytes(export_bytes(form, FORMATS[fmt]))
    except OSError as exc:
        raise click.ClickException(f"Cannot write {out}: {exc.strerror}") from None
    click.echo(f"Wrote {key} version {form.version} to {out}.")
