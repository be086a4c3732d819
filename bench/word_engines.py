"""The dashboard's word counts by the compact engine beside nlpo3's (the baseline), on real text.

Usage: python bench/word_engines.py DATA.csv [DATA.csv ...] [--rows 5000] [--top 30]
Texts are the ``text`` column of each CSV (e.g. ../shared/data/wisesight-sentiment/sample.csv and
../shared/data/truevoice-intent/sample.csv). Each file's answers are cleaned and counted as
``survey.comments.word_counts`` counts them (a set of words per answer, non-answers out), once
with ``fast_segment`` (nlpo3, what themes and the report use) and once with ``compact_segment``
(what the live dashboard uses since issue 16). Prints per file: how many answers got another set
of words, whether the top words are the same words in the same order, the top words whose count
differs, the words most often counted differently, and each engine's CPU seconds (the first
engine's run includes loading its dictionary and the place names).
"""

from __future__ import annotations

import csv
import sys
import time
from collections import Counter
from collections.abc import Callable
from itertools import islice
from pathlib import Path

import click

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.text.answers import empty_reason
from analysis.text.clean import clean_text
from analysis.text.segmenters import compact_segment
from analysis.text.segmenters import fast_segment
from analysis.text.tokens import content_words


def word_sets(
    cleaned: list[str], engine: Callable[[str], list[str]]
) -> tuple[list[frozenset[str]], float]:
    """Return each cleaned answer's set of counted words and the CPU seconds it took."""
    start = time.process_time()
    sets = [
        frozenset() if empty_reason(text) else frozenset(content_words(text, engine=engine))
        for text in cleaned
    ]
    return sets, time.process_time() - start


def ranked(sets: list[frozenset[str]]) -> tuple[Counter[str], list[str]]:
    """Return how many answers use each word, and the words most used first (ties by spelling)."""
    counts = Counter(word for words in sets for word in words)
    return counts, [w for w, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--rows", default=5000, help="answers read from each file")
@click.option("--top", default=30, help="how many top words to compare (the dashboard's 30)")
def main(paths: tuple[Path, ...], rows: int, top: int) -> None:
    for path in paths:
        with path.open(encoding="utf-8") as handle:
            texts = [row["text"] for row in islice(csv.DictReader(handle), rows)]
        cleaned = [clean_text(text) for text in texts]
        old, old_cpu = word_sets(cleaned, fast_segment)
        new, new_cpu = word_sets(cleaned, compact_segment)
        (old_counts, old_top), (new_counts, new_top) = ranked(old), ranked(new)
        differ = [i for i in range(len(texts)) if old[i] != new[i]]
        shared = len(set(old_top[:top]) & set(new_top[:top]))
        print(f"{path}: {len(texts)} answers")
        print(f"  answers with another set of words: {len(differ)}")
        print(
            f"  top {top}: same words {shared}/{top}, same order {old_top[:top] == new_top[:top]}"
        )
        for word in old_top[:top]:
            if old_counts[word] != new_counts[word]:
                print(f"    {word}: nlpo3 {old_counts[word]}, compact {new_counts[word]}")
        changed = Counter(w for i in differ for w in old[i] ^ new[i])
        print(f"  counted differently most often: {changed.most_common(10)}")
        print(f"  CPU: nlpo3 {old_cpu:.2f} s, compact {new_cpu:.2f} s")


if __name__ == "__main__":
    main()
