"""Theme quality against gold labels: NMI and ARI of ThemeModel beside baselines, same run.

Usage: python bench/themes_quality.py DATA.csv [DATA.csv ...] [--seeds 0,1,2]
Each CSV has columns ``text,label``. Baselines, all told the gold k: TF-IDF on whitespace
tokens + k-means; TF-IDF on newmm tokens + k-means; newmm TF-IDF + LSA (100 dimensions) +
k-means; the sentence vectors alone (Universal Sentence Encoder) + k-means. ThemeModel chooses k
itself (and is run once more with the gold k, to tell feature quality from the choice of k),
and once more without sentence vectors (words alone, k its own); its "other" group (-1) counts
as one more cluster in NMI/ARI; "NMI in"/"ARI in" score only the answers given a theme (the
baselines have no other group, so there both pairs are the same). Figures are means over the
seeds; k lists each seed's. Each set's texts are encoded once ("encode s") and the vectors
given to every method that uses them.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import click
import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score
from sklearn.metrics import normalized_mutual_info_score
from sklearn.preprocessing import normalize

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.text.clean import clean_text
from analysis.text.tokens import segment
from analysis.themes.encoder import UniversalSentenceEncoder
from analysis.themes.model import ThemeModel

LSA_DIMENSIONS = 100
# one encoder for the run: it remembers what it encoded, so the 26-intent set, which has the
# same texts as the 7-intent one, is not encoded again
ENCODER = UniversalSentenceEncoder()


def _kmeans_labels(matrix: object, k: int, seed: int) -> np.ndarray:
    """Return k-means labels of a TF-IDF matrix."""
    return KMeans(k, n_init=1, random_state=seed).fit_predict(matrix)


def baseline_whitespace(texts: list[str], k: int, seed: int) -> np.ndarray:
    """Return labels from TF-IDF on whitespace tokens and k-means with k clusters."""
    matrix = TfidfVectorizer(token_pattern=r"\S+").fit_transform(texts)
    return _kmeans_labels(matrix, k, seed)


def baseline_newmm(texts: list[str], k: int, seed: int) -> np.ndarray:
    """Return labels from TF-IDF on newmm tokens and k-means with k clusters."""
    words = [[w for w in segment(t) if w.strip()] for t in texts]
    vectorizer = TfidfVectorizer(
        tokenizer=lambda x: x, preprocessor=lambda x: x, token_pattern=None, lowercase=False
    )
    return _kmeans_labels(vectorizer.fit_transform(words), k, seed)


def baseline_newmm_lsa(texts: list[str], k: int, seed: int) -> np.ndarray:
    """Return labels from newmm TF-IDF reduced by LSA, unit length, and k-means."""
    words = [[w for w in segment(t) if w.strip()] for t in texts]
    vectorizer = TfidfVectorizer(
        tokenizer=lambda x: x, preprocessor=lambda x: x, token_pattern=None, lowercase=False
    )
    matrix = vectorizer.fit_transform(words)
    lsa = TruncatedSVD(LSA_DIMENSIONS, random_state=seed).fit_transform(matrix)
    return _kmeans_labels(normalize(lsa), k, seed)


def baseline_sentences(vectors: np.ndarray, k: int, seed: int) -> np.ndarray:
    """Return labels from the sentence vectors alone and k-means."""
    return _kmeans_labels(vectors, k, seed)


def score(gold: list[str], labels: np.ndarray) -> tuple[float, float]:
    """Return NMI and ARI of ``labels`` against ``gold``."""
    return normalized_mutual_info_score(gold, labels), adjusted_rand_score(gold, labels)


def score_inside(gold: list[str], labels: np.ndarray) -> tuple[float, float]:
    """Return NMI and ARI over the answers not in the other group (-1)."""
    inside = labels != -1
    return score(np.asarray(gold)[inside].tolist(), labels[inside])


def evaluate(path: Path, seeds: list[int]) -> list[dict[str, object]]:
    """Return one row per method with mean NMI, ARI, k and seconds over ``seeds``."""
    frame = pd.read_csv(path, encoding="utf-8-sig").dropna(subset=["text", "label"])
    texts = frame["text"].astype(str).tolist()
    gold = frame["label"].astype(str).tolist()
    k_gold = len(set(gold))
    encoder = ENCODER
    start = time.perf_counter()
    vectors = encoder.encode([clean_text(t) for t in texts])
    encode_seconds = time.perf_counter() - start
    methods = {
        f"whitespace tfidf + kmeans (k={k_gold} gold)": lambda s: baseline_whitespace(
            texts, k_gold, s
        ),
        f"newmm tfidf + kmeans (k={k_gold} gold)": lambda s: baseline_newmm(texts, k_gold, s),
        f"newmm tfidf + lsa + kmeans (k={k_gold} gold)": lambda s: baseline_newmm_lsa(
            texts, k_gold, s
        ),
        f"sentence vectors + kmeans (k={k_gold} gold)": lambda s: baseline_sentences(
            vectors, k_gold, s
        ),
        "ThemeModel words only (k auto)": lambda s: (
            ThemeModel(random_state=s, encoder=None).fit(texts).labels_
        ),
        "ThemeModel (k auto)": lambda s: (
            ThemeModel(random_state=s, encoder=encoder).fit(texts).labels_
        ),
        f"ThemeModel (k={k_gold} gold)": lambda s: (
            ThemeModel(k_gold, random_state=s, encoder=encoder).fit(texts).labels_
        ),
    }
    rows = []
    for name, method in methods.items():
        results = []
        for seed in seeds:
            start = time.perf_counter()
            labels = method(seed)
            seconds = time.perf_counter() - start
            other = float(np.mean(labels == -1))
            k = len(set(labels.tolist()) - {-1})
            results.append((*score(gold, labels), k, seconds, other, *score_inside(gold, labels)))
        rows.append(
            {
                "data": path.parent.name + "/" + path.name,
                "method": name,
                "NMI": statistics.mean(r[0] for r in results),
                "ARI": statistics.mean(r[1] for r in results),
                "NMI in": statistics.mean(r[5] for r in results),
                "ARI in": statistics.mean(r[6] for r in results),
                "k": "/".join(str(r[2]) for r in results),
                "other %": 100 * statistics.mean(r[4] for r in results),
                "s": statistics.median(r[3] for r in results),
                "encode s": encode_seconds,
            }
        )
    return rows


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--seeds", default="0,1,2", help="random states to average over")
def main(paths: tuple[Path, ...], seeds: str) -> None:
    """Print NMI/ARI of ThemeModel and the baselines for each labelled CSV."""
    seed_list = [int(s) for s in seeds.split(",")]
    rows = [row for path in paths for row in evaluate(path, seed_list)]
    table = pd.DataFrame(rows)
    print(table.to_string(index=False, float_format=lambda x: f"{x:.3f}"))


if __name__ == "__main__":
    main()
