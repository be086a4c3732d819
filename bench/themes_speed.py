"""Theme speed end to end (raw text in, themes out) beside a baseline measured in the same run.

Usage: python bench/themes_speed.py DATA.csv [DATA.csv ...] [--sizes 1000,50000] [--repeats 3]
Texts are drawn with replacement from the ``text`` column of the CSVs (seed 0). The baseline is
newmm (nlpo3) tokens -> TF-IDF -> k-means with k=10, one initialisation, no cleaning.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import click
import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.text.tokens import segment
from analysis.themes.model import ThemeModel

BASELINE_K = 10
TARGETS = {1_000: 2.0, 50_000: 20.0}  # seconds, from the issue


def baseline(texts: list[str]) -> np.ndarray:
    """Return k-means labels of TF-IDF on newmm tokens."""
    vectorizer = TfidfVectorizer(
        tokenizer=segment, token_pattern=None, lowercase=False, preprocessor=None
    )
    return KMeans(BASELINE_K, n_init=1, random_state=0).fit_predict(vectorizer.fit_transform(texts))


def theme_model(texts: list[str]) -> np.ndarray:
    """Return ThemeModel's labels with everything automatic."""
    return ThemeModel(random_state=0).fit(texts).labels_


def median_seconds(
    method: Callable[[list[str]], np.ndarray], texts: list[str], repeats: int
) -> float:
    """Return the median wall-clock seconds of ``method(texts)`` over ``repeats`` runs."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        method(texts)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--sizes", default="1000,50000", help="numbers of texts to time")
@click.option("--repeats", default=3, help="runs per measurement (median reported)")
def main(paths: tuple[Path, ...], sizes: str, repeats: int) -> None:
    """Print median seconds of ThemeModel and the baseline at each size, and their ratio."""
    pool = pd.concat([pd.read_csv(p, encoding="utf-8-sig")["text"] for p in paths]).astype(str)
    rng = np.random.default_rng(0)
    theme_model(pool.iloc[:50].tolist())  # load the dictionary once, outside the timings
    rows = []
    for size in (int(s) for s in sizes.split(",")):
        texts = pool.to_numpy()[rng.integers(0, len(pool), size)].tolist()
        ours = median_seconds(theme_model, texts, repeats)
        base = median_seconds(baseline, texts, repeats)
        target = TARGETS.get(size)
        rows.append(
            {
                "texts": size,
                "ThemeModel s": ours,
                "baseline s": base,
                "ratio": ours / base,
                "target s": target if target else float("nan"),
                "within target": "yes" if target and ours < target else "no" if target else "",
            }
        )
    print(pd.DataFrame(rows).to_string(index=False, float_format=lambda x: f"{x:.2f}"))


if __name__ == "__main__":
    main()
