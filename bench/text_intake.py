"""Speed of the text gate and of masking, per answer, beside a baseline measured in the same run.

Usage: python bench/text_intake.py DATA.csv [DATA.csv ...] [--rows 5000] [--repeats 5]
Texts are the ``text`` column of the CSVs (e.g. the wisesight and truevoice samples: emoji, 555,
stretched letters, URLs). Prints the median microseconds per text, over the repeats, of:
the baseline (``unicodedata.normalize("NFC")`` and ``str.strip``), ``intake_text`` (what every
entry point runs before storing), ``normalize_text``, ``mask_personal_data`` (normalises, then
masks: what every masked output runs), ``clean_text`` and ``empty_reason``, and each one's ratio
to the baseline.
"""

from __future__ import annotations

import statistics
import sys
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

import click
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.text.answers import empty_reason
from analysis.text.clean import clean_text
from analysis.text.intake import intake_text
from analysis.text.normalize import normalize_text
from analysis.text.privacy import mask_personal_data


def baseline(text: str) -> str:
    """Return what any text field does at the least: NFC and strip."""
    return unicodedata.normalize("NFC", text).strip()


STEPS: dict[str, Callable[[str], object]] = {
    "baseline (NFC + strip)": baseline,
    "intake_text": intake_text,
    "normalize_text": normalize_text,
    "mask_personal_data": mask_personal_data,
    "clean_text": clean_text,
    "empty_reason": empty_reason,
}


def per_text(step: Callable[[str], object], texts: list[str], repeats: int) -> float:
    """Return the median over ``repeats`` runs of the microseconds per text."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        for text in texts:
            step(text)
        times.append((time.perf_counter() - start) / len(texts) * 1e6)
    return statistics.median(times)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--rows", default=5000, show_default=True, help="texts per file")
@click.option("--repeats", default=5, show_default=True)
def main(paths: tuple[Path, ...], rows: int, repeats: int) -> None:
    """Print microseconds per text of each step beside the baseline."""
    texts = [str(t) for p in paths for t in pd.read_csv(p)["text"].dropna().head(rows)]
    mask_personal_data("ปลัดสมชาย 081-234-5678")  # load PyThaiNLP's word and name lists once
    click.echo(f"{len(texts):,} texts, median of {repeats} runs")
    base = per_text(baseline, texts, repeats)
    for name, step in STEPS.items():
        micro = base if step is baseline else per_text(step, texts, repeats)
        click.echo(f"{name:24} {micro:9.1f} µs/text  {micro / base:7.1f}x baseline")


if __name__ == "__main__":
    main()
