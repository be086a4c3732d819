"""The ``themes`` command: the themes of a free-text column in any CSV (plain click), with
theme edits kept in a JSON file re-applied and added to (see ``survey.commands.theme_edit_file``).

Registered on the app's command group by ``create_app`` with ``app.cli.add_command(...)``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Any

import click

from analysis.themes.edits import ThemeEdits
from survey.commands.text import PROGRESS_ROWS
from survey.commands.text import RAW_HELP
from survey.commands.text import clean_with_progress
from survey.commands.text import masked_unless_raw
from survey.commands.text import read_table
from survey.commands.text import text_column
from survey.commands.text import write_table
from survey.commands.theme_edit_file import add_edits
from survey.commands.theme_edit_file import parse_merges
from survey.commands.theme_edit_file import parse_renames
from survey.commands.theme_edit_file import read_edits
from survey.commands.theme_edit_file import write_edits

if TYPE_CHECKING:
    import pandas as pd

    from analysis.themes.encoder import UniversalSentenceEncoder
    from analysis.themes.model import ThemeModel

QUOTE_CHARS = 60
UNIT_SEPARATOR = " | "


class ThemeCount(click.ParamType):
    """``auto`` or a positive whole number of themes."""

    name = "auto|N"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """Return "auto" or the number of themes as an int."""
        if isinstance(value, int) or value == "auto":
            return value
        if str(value).isdigit() and int(value) > 0:
            return int(value)
        self.fail(f"'{value}' is not 'auto' or a positive whole number", param, ctx)


class EncodingProgress:
    """A progress bar on stderr while the answers' sentence vectors are computed."""

    def __init__(self) -> None:
        self.bar: Any = None
        self.done = 0

    def __call__(self, done: int, total: int) -> None:
        """Move the bar to ``done`` of ``total`` texts; close it at the end."""
        if self.bar is None:
            self.bar = click.progressbar(length=total, label="encoding", file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done - self.done)
        self.done = done
        if done >= total:
            self.bar.__exit__(None, None, None)
            self.bar, self.done = None, 0


def _unit_rows(cleaned: pd.DataFrame) -> tuple[list[str], list[int]]:
    """Return the suggestion units to theme and, per unit, the position of its row."""
    from analysis.text.units import split_units

    units: list[str] = []
    rows: list[int] = []
    for position, (text, empty) in enumerate(
        zip(cleaned["text_clean"], cleaned["is_empty"], strict=True)
    ):
        if not empty:
            for unit in split_units(text) or [text]:
                units.append(unit)
                rows.append(position)
    return units, rows


def _theme_columns(model: ThemeModel, n_rows: int, rows: list[int]) -> pd.DataFrame:
    """Return theme_id, theme_label and unit_themes per input row, from per-unit labels."""
    import pandas as pd

    from analysis.themes.model import OTHER_ID

    per_row: list[list[int]] = [[] for _ in range(n_rows)]
    for row, theme in zip(rows, model.labels_.tolist(), strict=True):
        per_row[row].append(int(theme))
    first = [themes[0] if themes else None for themes in per_row]
    names = {theme: model.label_of(theme) for theme in {*model.labels_.tolist(), OTHER_ID}}
    return pd.DataFrame(
        {
            "theme_id": pd.array(first, dtype="Int64"),
            "theme_label": [names[t] if t is not None else "" for t in first],
            "unit_themes": [
                UNIT_SEPARATOR.join(f"{t}: {names[t]}" for t in themes) for themes in per_row
            ],
        }
    )


def _print_themes(model: ThemeModel) -> None:
    """Print the themes table: id, size, share, label, keywords and one quote."""
    table = model.themes_.copy()
    table["share"] = (100 * table["share"]).round(1).astype(str) + "%"
    table["keywords"] = [", ".join(k) for k in table["keywords"]]
    table["quote"] = [q[0][:QUOTE_CHARS] if q else "" for q in table["quotes"]]
    columns = ["theme_id", "size", "share", "label", "keywords", "quote"]
    click.echo(table[columns].to_string(index=False))


def _fit_themes(
    units: list[str],
    n_themes: int | str,
    seed: int,
    edits: ThemeEdits | None,
    edits_path: Path | None,
    renames: list[tuple[int, str]],
    merges: list[tuple[int, int]],
    encoder: UniversalSentenceEncoder,
) -> ThemeModel:
    """Return themes fitted with the kept ``edits``; with new renames or merges (ids of this
    fit), add them, keep them in ``edits_path`` and fit again (``encoder`` remembers the
    vectors: the answers are encoded once)."""
    from analysis.themes.model import ThemeModel

    model = ThemeModel(n_themes=n_themes, random_state=seed, edits=edits, encoder=encoder)
    model.fit(units)
    if not (renames or merges) or edits_path is None or edits is None:
        return model
    for line in add_edits(model, edits, renames, merges):
        click.echo(line, err=True)
    write_edits(edits_path, edits)
    click.echo(f"kept {len(edits.edits)} edits in {edits_path}", err=True)
    return ThemeModel(n_themes=n_themes, random_state=seed, edits=edits, encoder=encoder).fit(units)


@click.command("themes")
@click.argument("input_csv", metavar="INPUT.csv", type=click.Path(path_type=Path))
@click.option("--column", required=True, help="name of the column holding the free text")
@click.option("--themes", "n_themes", type=ThemeCount(), default="auto", show_default=True)
@click.option(
    "--out", type=click.Path(path_type=Path), help="output CSV [default: INPUT_themes.csv]"
)
@click.option("--seed", default=0, show_default=True, help="random state (same seed, same themes)")
@click.option("--raw", is_flag=True, help=RAW_HELP)
@click.option(
    "--edits",
    "edits_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="JSON file of theme edits (renames, merges, moves) to re-apply after the fit; "
    "--rename and --merge add to it (and make it when it does not exist)",
)
@click.option(
    "--rename",
    "renames",
    multiple=True,
    metavar="ID=LABEL",
    callback=parse_renames,
    help="name theme ID LABEL; ID as the last run printed it (same input, options and "
    "edits); kept in --edits; repeatable",
)
@click.option(
    "--merge",
    "merges",
    multiple=True,
    metavar="ID:INTO_ID",
    callback=parse_merges,
    help="merge theme ID into theme INTO_ID, ids as the last run printed them; kept in "
    "--edits; repeatable",
)
def themes_command(
    input_csv: Path,
    column: str,
    n_themes: int | str,
    out: Path | None,
    seed: int,
    raw: bool,
    edits_path: Path | None,
    renames: list[tuple[int, str]],
    merges: list[tuple[int, int]],
) -> None:
    """Find themes in a text column; write rows with theme_id, theme_label and unit_themes."""
    # imported here, as elsewhere in this module: `run.py serve` registers this command,
    # and a server's workers must not load pandas, scikit-learn and the encoder for it
    import pandas as pd

    from analysis.themes.encoder import UniversalSentenceEncoder

    adding = bool(renames or merges)
    if adding and edits_path is None:
        raise click.ClickException("--rename and --merge need --edits FILE to keep the edits in")
    edits = read_edits(edits_path, may_be_new=adding) if edits_path else None
    frame = read_table(input_csv)
    texts = text_column(frame, column, input_csv)
    cleaned = clean_with_progress(texts).reset_index(drop=True)
    units, rows = _unit_rows(cleaned)
    if not units:
        raise click.ClickException(f"column '{column}' in {input_csv} has only non-answers")
    long_run = len(units) >= PROGRESS_ROWS
    if long_run:
        click.echo(f"finding themes in {len(units):,} suggestions ...", err=True)
    # a command on a large file may use every core; a web worker encodes on one
    encoder = UniversalSentenceEncoder(
        progress=EncodingProgress() if long_run else None, processes=os.cpu_count() or 1
    )
    model = _fit_themes(units, n_themes, seed, edits, edits_path, renames, merges, encoder)
    shown = masked_unless_raw(frame, str(texts.name), raw).reset_index(drop=True)
    result = pd.concat([shown, _theme_columns(model, len(frame), rows)], axis=1)
    target = out or input_csv.with_name(input_csv.stem + "_themes.csv")
    write_table(result, target)
    _print_themes(model)
    click.echo(f"wrote {len(result):,} rows to {target}", err=True)
