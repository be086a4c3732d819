"""Command-line tools for free-text answers in a CSV: reading and writing the CSV, and the
``clean`` command (plain click); ``themes`` is in ``survey.commands.themes``.

Registered on the app's command group by ``create_app`` with ``app.cli.add_command(...)``, so
pandas is imported in the functions that use it: a server's workers never need it.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from analysis.text.answers import duplicate_flags
from analysis.text.clean import clean_frame
from analysis.text.intake import intake_text
from analysis.text.intake import text_key
from analysis.text.intake import xml_safe
from analysis.text.normalize import remove_unstorable
from analysis.text.privacy import mask_personal_data

if TYPE_CHECKING:
    import pandas as pd

OUTPUT_ENCODING = "utf-8-sig"  # Excel opens Thai correctly only with the BOM
# Excel writes ";" in some locales and tab for "Unicode text"; LimeSurvey and others use "|".
CSV_DELIMITERS = ",;\t|"
SNIFF_CHARS = 256 * 1024  # the rows the delimiter is judged on: whole rows from this much text
# Byte-order marks, longest first: Excel's "Unicode Text" is UTF-16 LE with its BOM.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
PROGRESS_ROWS = 1_000  # show progress on stderr from this many rows
CLEAN_CHUNK = 500
_RE_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)*")  # "-5" and "+1.5" are numbers, not formulas


def _encoding(data: bytes) -> str:
    """Return the encoding a file's bytes say: its byte-order mark, else UTF-16 when NUL bytes
    sit in every other place (UTF-16 saved without a mark), else UTF-8."""
    marked = next((name for bom, name in BOMS if data.startswith(bom)), None)
    if marked:
        return marked
    head = data[:4096]
    if 0 not in head:  # text in UTF-8 holds no NUL; in UTF-16 every ASCII letter brings one
        return "utf-8"
    return "utf-16-le" if head[1::2].count(0) > head[0::2].count(0) else "utf-16-be"


def decode_table(data: bytes, path: Path) -> str:
    """Return the text of a CSV file: UTF-8 (with or without BOM), or UTF-16/32 (Excel's
    "Unicode Text"); ClickException for anything else."""
    try:
        text = data.decode(_encoding(data))
    except UnicodeDecodeError:
        text = "\x00"
    if "\x00" in text:  # no CSV holds NUL: the bytes were not what they seemed
        raise click.ClickException(
            f"{path} is not UTF-8 text; in Excel save it as 'CSV UTF-8' or 'Unicode Text'"
        )
    return text


def find_delimiter(text: str) -> str:
    """Return the delimiter that splits the first whole rows into one same number of fields.

    Each of CSV_DELIMITERS splits the rows of the first SNIFF_CHARS (a cut row dropped, quoted
    line breaks kept); the one under which most rows have as many fields as the header, and
    the header has the most, wins; "," when none gives two fields.
    """
    sample = text[:SNIFF_CHARS]
    cut = len(text) > SNIFF_CHARS
    best, best_score = ",", (0.0, 1)
    for delimiter in CSV_DELIMITERS:
        try:
            rows = [row for row in csv.reader(io.StringIO(sample), delimiter=delimiter) if row]
        except csv.Error:
            continue
        if cut and len(rows) > 1:
            rows = rows[:-1]
        width = len(rows[0]) if rows else 0
        if width < 2:
            continue
        score = (sum(len(row) == width for row in rows) / len(rows), width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _header_names(columns: list[str]) -> list[str]:
    """Return the column names read through the intake gate, unchanged where two would clash."""
    names = [intake_text(str(c), single_line=True) for c in columns]
    return [n if names.count(n) == 1 and n else str(c) for n, c in zip(names, columns, strict=True)]


def read_table(path: Path) -> pd.DataFrame:
    """Return the CSV at ``path`` as text cells, or raise ClickException naming the problem.

    Headers pass ``intake_text`` (no control or invisible characters, Thai written one way), so
    a column is found however its name was typed. Cells lose what no file may hold and get LF
    line breaks (``remove_unstorable``, the gate's first step); the text column is normalised
    by ``clean_frame``, which runs the rest of the gate and names each change in ``changes``.
    """
    import pandas as pd

    if not path.is_file():
        raise click.ClickException(f"file not found: {path}")
    text = decode_table(path.read_bytes(), path)
    if not text.strip():
        raise click.ClickException(f"{path} is empty")
    try:
        frame = pd.read_csv(
            io.StringIO(text), sep=find_delimiter(text), dtype=str, keep_default_na=False
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise click.ClickException(f"{path} is not a readable CSV file: {error}") from None
    frame.columns = _header_names(list(frame.columns))
    return frame.map(remove_unstorable)


def find_column(frame: pd.DataFrame, column: str, path: Path) -> str:
    """Return the frame's name for ``column``, matched after Thai normalisation of both names,
    or raise ClickException listing the columns."""
    wanted = text_key(column)
    for name in frame.columns:
        if text_key(str(name)) == wanted:
            return str(name)
    known = ", ".join(str(c) for c in frame.columns)
    raise click.ClickException(f"column '{column}' not found in {path}; columns are: {known}")


def text_column(frame: pd.DataFrame, column: str, path: Path) -> pd.Series:
    """Return the text column, or raise ClickException if it is missing or holds numbers."""
    import pandas as pd

    values = frame[find_column(frame, column, path)]
    filled = values[values.str.strip() != ""]
    if filled.empty:
        raise click.ClickException(f"column '{column}' in {path} has no text")
    if pd.to_numeric(filled.str.replace(",", ""), errors="coerce").notna().all():
        raise click.ClickException(f"column '{column}' in {path} holds numbers, not text")
    return values


def neutralise_cell(value: object) -> object:
    """Return a text cell prefixed with ' when Excel would run it as a formula ("-5" stays),
    without characters no file may hold."""
    from analysis.export import neutralise

    if isinstance(value, str):
        value = xml_safe(value)
        if _RE_NUMBER.fullmatch(value):
            return value
    return neutralise(value)


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a copy whose text cells and headers cannot run as Excel formulas; numbers stay
    numbers."""
    import pandas as pd

    safe = frame.copy()
    for name in safe.columns:
        if pd.api.types.is_string_dtype(safe[name]) or safe[name].dtype == object:
            safe[name] = safe[name].map(neutralise_cell)
    safe.columns = [neutralise_cell(str(name)) for name in safe.columns]
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
    import pandas as pd

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
    import pandas as pd

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
    import pandas as pd

    frame = read_table(input_csv)
    texts = text_column(frame, column, input_csv)
    people = None if respondent is None else frame[find_column(frame, respondent, input_csv)]
    cleaned = clean_with_progress(texts, people)
    shown = masked_unless_raw(frame, str(texts.name), raw)
    write_table(pd.concat([shown, cleaned], axis=1), out)
