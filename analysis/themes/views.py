"""The two views themes are found in, and how they are put together.

Words: TF-IDF on Thai words and character n-grams, reduced by LSA (``features.py``). Meaning:
sentence vectors from the Universal Sentence Encoder (``encoder.py``), centred on the answers'
mean before use: every sentence vector shares a large common direction, and clustering on
cosines sees the differences only once it is taken out. The two are joined side by side, each
scaled by the square root of its weight, so that the cosine of two joined vectors is the
weighted mean of the two views' cosines.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.preprocessing import normalize

from analysis.text.tokens import PLACE
from analysis.themes.labels import thai_join

# Weight of the word view; the meaning view gets the rest. Measured on the shared sets with the
# neighbour graph (15 neighbours, 10 coordinates), k chosen by Sala, means of seeds 0-2 (see
# docs/text-analysis.md, "Meaning as a second view"), NMI on truevoice 7 intents / wisesight:
# words alone 0.265 / 0.027 (seeds 0-1), 0.5 0.296 / 0.042, 0.3 0.285 / 0.056. Equal weights
# won on the call-centre intents and matched the civic requests (0.575 against 0.53
# words alone, told the true k); 0.3 was better on wisesight, whose labels are moods, not topics.
DEFAULT_WORD_WEIGHT = 0.5


def sentence_text(tokens: Sequence[tuple[str, str]]) -> str:
    """Return the text the encoder reads: the answer's tokens without place names and area
    markers, written as Thai writes ("ไฟดับที่ ต.หนองจิก" -> "ไฟดับที่")."""
    return thai_join([word for word, kind in tokens if word and kind != PLACE])


def centre_sentences(vectors: np.ndarray, usable: np.ndarray) -> np.ndarray:
    """Return the mean of the ``usable`` rows of sentence ``vectors`` (zeros when none)."""
    if not usable.any():
        return np.zeros(vectors.shape[1], dtype=vectors.dtype)
    return vectors[usable].mean(axis=0)


def joined(
    words: np.ndarray, sentences: np.ndarray | None, mean: np.ndarray | None, word_weight: float
) -> np.ndarray:
    """Return unit-length rows of the word view and the centred meaning view side by side; the
    word view alone when there are no sentence vectors. A row with no words stays zero."""
    if sentences is None or mean is None:
        return words
    meaning = normalize(sentences - mean)
    both = np.hstack([np.sqrt(word_weight) * words, np.sqrt(1 - word_weight) * meaning])
    both[np.linalg.norm(words, axis=1) == 0] = 0
    return normalize(both)


def graph_similarity(
    words: sp.csr_matrix, meaning: np.ndarray | None, word_weight: float
) -> np.ndarray:
    """Return the pairwise similarity (n, n), float32, that the neighbour graph links answers
    by: the cosine of their word TF-IDF rows (``words``, before LSA) weighted as in ``joined``
    beside the cosine of their centred sentence vectors (``meaning``, unit rows; None: words
    alone).

    Nearest neighbours need exact word overlap, which 50 LSA dimensions blur: on the shared sets
    (12 seeds, docs/text-analysis.md) the graph of TF-IDF cosines found themes of NMI 0.302
    where the graph of the joined LSA vectors gave 0.282 (truevoice 7 intents), 0.051 against
    0.046 (wisesight).
    """
    rows = normalize(words).astype(np.float32)
    similarity = (rows @ rows.T).toarray()
    if meaning is None:
        return similarity
    similarity *= word_weight  # in place: each 3,000 x 3,000 copy is 36 MB
    meaning = meaning.astype(np.float32)
    beside = meaning @ meaning.T
    beside *= 1 - word_weight
    similarity += beside
    return similarity
