"""Command-line tools for free-text answers in a CSV: ``clean`` and ``themes`` (plain click).

Registered on the app's command group by ``run.py`` with ``app.cli.add_command(...)``.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from pathlib import Path
from typing import Any

import click
import pandas as pd

from analysis.answers import duplicate_flags
from analysis.export import neutralise
from analysis.privacy import mask_personal_data
from analysis.thai_text import clean_frame
from analysis.themes import OTHER_ID
from analysis.themes import ThemeModel
from analysis.units import split_units

OUTPUT_ENCODING = "utf-8-sig"  # Excel opens Thai correctly only with the BOM
CSV_DELIMITERS = ",;\t"  # Excel writes ";" in some locales and tab for "Unicode text"
PROGRESS_ROWS = 1_000  # show progress on stderr from this many rows
CLEAN_CHUNK = 500
QUOTE_CHARS = 60
UNIT_SEPARATOR = " | "
_RE_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)*")  # "-5" and "+1.5" are numbers, not formulas


def read_table(path: Path) -> pd.DataFrame:
    """Return the CSV at ``path`` as text cells, or raise ClickException naming the problem."""
    if not path.is_file():
        raise click.ClickException(f"file not found: {path}")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise click.ClickException(
            f"{path} is not UTF-8 text; in Excel save it as 'CSV UTF-8'"
        ) from None
    if not text.strip():
        raise click.ClickException(f"{path} is empty")
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=CSV_DELIMITERS)
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    try:
        return pd.read_csv(io.StringIO(text), sep=delimiter, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise click.ClickException(f"{path} is not a readable CSV file: {error}") from None


def text_column(frame: pd.DataFrame, column: str, path: Path) -> pd.Series:
    """Return the text column, or raise ClickException if it is missing or holds numbers."""
    if column not in frame.columns:
        known = ", ".join(str(c) for c in frame.columns)
        raise click.ClickException(f"column '{column}' not found in {path}; columns are: {known}")
    values = frame[column]
    filled = values[values.str.strip() != ""]
    if filled.empty:
        raise click.ClickException(f"column '{column}' in {path} has no text")
    if pd.to_numeric(filled.str.replace(",", ""), errors="coerce").notna().all():
        raise click.ClickException(f"column '{column}' in {path} holds numbers, not text")
    return values


def neutralise_cell(value: object) -> object:
    """Return a text cell prefixed with ' when Excel would run it as a formula; "-5" stays."""
    if isinstance(value, str) and _RE_NUMBER.fullmatch(value):
        return value
    return neutralise(value)


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a copy whose text cells cannot run as Excel formulas; numbers stay numbers."""
    safe = frame.copy()
    for name in safe.columns:
        if pd.api.types.is_string_dtype(safe[name]) or safe[name].dtype == object:
            safe[name] = safe[name].map(neutralise_cell)
    return safe


def write_table(frame: pd.DataFrame, out: Path | None) -> None:
    """Write ``frame`` as UTF-8 CSV with a BOM to ``out``, or to stdout when None."""
    safe = neutralise_formulas(frame)
    if out is None:
        sys.stdout.buffer.write(safe.to_csv(index=False).encode(OUTPUT_ENCODING))
        sys.stdout.flush()
        return
    try:
        safe.to_csv(out, index=False, encoding=OUTPUT_ENCODING)
    except OSError as error:
        raise click.ClickException(f"cannot write {out}: {error.strerror}") from None


def clean_with_progress(texts: pd.Series, respondents: pd.Series | None = None) -> pd.DataFrame:
    """Return ``clean_frame(texts, respondents=…)``, with a progress bar on stderr for long inputs."""
    if len(texts) < PROGRESS_ROWS:
        return clean_frame(texts, respondents=respondents)
    chunks = [texts.iloc[i : i + CLEAN_CHUNK] for i in range(0, len(texts), CLEAN_CHUNK)]
    with click.progressbar(chunks, label="cleaning", file=sys.stderr) as bar:
        parts = [clean_frame(chunk, find_duplicates=False) for chunk in bar]
    # duplicates are judged over the whole column, not chunk by chunk
    whole = pd.concat(parts)
    whole["is_duplicate"] = clean_frame_duplicates(whole, respondents)
    return whole


def clean_frame_duplicates(frame: pd.DataFrame, respondents: pd.Series | None) -> pd.Series:
    """Return the duplicate flags of an already cleaned frame, over all its rows."""
    owners = None if respondents is None else respondents.tolist()
    flags = duplicate_flags(frame["text_clean"].tolist(), frame["is_empty"].tolist(), owners)
    return pd.Series(flags, index=frame.index, dtype=bool)


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


def masked_unless_raw(frame: pd.DataFrame, column: str, raw: bool) -> pd.DataFrame:
    """Return ``frame`` with personal data in ``column`` masked, unless a raw export is asked."""
    if raw:
        return frame
    return frame.assign(**{column: frame[column].map(mask_personal_data)})


_RAW_HELP = (
    "keep the original text in COLUMN (an authorised raw export); "
    "by default personal data in it is masked"
)


@click.command("clean")
@click.argument("input_csv", metavar="INPUT.csv", type=click.Path(path_type=Path))
@click.option("--column", required=True, help="name of the column holding the free text")
@click.option("--out", type=click.Path(path_type=Path), help="output CSV (default: stdout)")
@click.option("--raw", is_flag=True, help=_RAW_HELP)
@click.option(
    "--respondent",
    help="column saying whose each answer is (e.g. an e-mail column): then only one "
    "person's repeats are flagged as duplicates, not the same answer from two people",
)
def clean_command(
    input_csv: Path, column: str, out: Path | None, raw: bool, respondent: str | None
) -> None:
    """Write rows with text_clean, is_empty, empty_reason, is_duplicate and changes added."""
    frame = read_table(input_csv)
    texts = text_column(frame, column, input_csv)
    if respondent is not None and respondent not in frame.columns:
        known = ", ".join(str(c) for c in frame.columns)
        raise click.ClickException(
            f"column '{respondent}' not found in {input_csv}; columns are: {known}"
        )
    cleaned = clean_with_progress(texts, None if respondent is None else frame[respondent])
    write_table(pd.concat([masked_unless_raw(frame, column, raw), cleaned], axis=1), out)


def _unit_rows(cleaned: pd.DataFrame) -> tuple[list[str], list[int]]:
    """Return the suggestion units to theme and, per unit, the position of its row."""
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
    """Print the themes table: id, size, share, label and one quote."""
    table = model.themes_.copy()
    table["share"] = (100 * table["share"]).round(1).astype(str) + "%"
    table["quote"] = [q[0][:QUOTE_CHARS] if q else "" for q in table["quotes"]]
    click.echo(table[["theme_id", "size", "share", "label", "quote"]].to_string(index=False))


@click.command("themes")
@click.argument("input_csv", metavar="INPUT.csv", type=click.Path(path_type=Path))
@click.option("--column", required=True, help="name of the column holding the free text")
@click.option("--themes", "n_themes", type=ThemeCount(), default="auto", show_default=True)
@click.option(
    "--out", type=click.Path(path_type=Path), help="output CSV [default: INPUT_themes.csv]"
)
@click.option("--seed", default=0, show_default=True, help="random state (same seed, same themes)")
@click.option("--raw", is_flag=True, help=_RAW_HELP)
def themes_command(
    input_csv: Path, column: str, n_themes: int | str, out: Path | None, seed: int, raw: bool
) -> None:
    """Find themes in a text column; write rows with theme_id, theme_label and unit_themes."""
    frame = read_table(input_csv)
    cleaned = clean_with_progress(text_column(frame, column, input_csv)).reset_index(drop=True)
    units, rows = _unit_rows(cleaned)
    if not units:
        raise click.ClickException(f"column '{column}' in {input_csv} has only non-answers")
    long_run = len(units) >= PROGRESS_ROWS
    if long_run:
        click.echo(f"finding themes in {len(units):,} suggestions ...", err=True)
    model = ThemeModel(n_themes=n_themes, random_state=seed).fit(units)
    shown = masked_unless_raw(frame, column, raw).reset_index(drop=True)
    result = pd.concat([shown, _theme_columns(model, len(frame), rows)], axis=1)
    target = out or input_csv.with_name(input_csv.stem + "_themes.csv")
    write_table(result, target)
    _print_themes(model)
    click.echo(f"wrote {len(result):,} rows to {target}", err=True)
