"""Command-line tools for free-text answers in a CSV: reading and writing the CSV, and the
``clean`` command (plain click); ``themes`` is in ``survey.commands.themes``.

Registered on the app's command group by ``create_app`` with ``app.cli.add_command(...)``.
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

from analysis.export import neutralise
from analysis.text.answers import duplicate_flags
from analysis.text.clean import clean_frame
from analysis.text.privacy import mask_personal_data

OUTPUT_ENCODING = "utf-8-sig"  # Excel opens Thai correctly only with the BOM
CSV_DELIMITERS = ",;\t"  # Excel writes ";" in some locales and tab for "Unicode text"
PROGRESS_ROWS = 1_000  # show progress on stderr from this many rows
CLEAN_CHUNK = 500
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


def masked_unless_raw(frame: pd.DataFrame, column: str, raw: bool) -> pd.DataFrame:
    """Return ``frame`` with personal data in ``column`` masked, unless a raw export is asked."""
    if raw:
        return frame
    return frame.assign(**{column: frame[column].map(mask_personal_data)})


RAW_HELP = (
    "keep the original text in COLUMN (an authorised raw export); "
    "by default personal data in it is masked"
)


@click.command("clean")
@click.argument("input_csv", metavar="INPUT.csv", type=click.Path(path_type=Path))
@click.option("--column", required=True, help="name of the column holding the free text")
@click.option("--out", type=click.Path(path_type=Path), help="output CSV (default: stdout)")
@click.option("--raw", is_flag=True, help=RAW_HELP)
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
