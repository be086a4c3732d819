"""Turning answers into vectors for themes: TF-IDF on Thai words and characters, then LSA."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator
from sklearn.base import TransformerMixin
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

DEFAULT_N_COMPONENTS = 50  # LSA dimensions: as good as 100 on the benchmarks, twice as fast
DEFAULT_SVD_ITERATIONS = 3
DEFAULT_CHAR_WEIGHT = 0.5  # character n-grams link compounds: อาหารว่าง, อาหารกลางวัน, อาหาร
DEFAULT_CHAR_NGRAMS = (3, 3)  # within words; (2, 4) over whole texts was 3x slower, no better
DEFAULT_MAX_CHAR_FEATURES = 20_000
# Feedback words (ไม่, มาก, ควร ...) stay, so "แอร์ไม่เย็น" differs from "แอร์เย็น", but count
# half: they say how people feel about a topic, not which topic.
DEFAULT_FEEDBACK_WEIGHT = 0.5
# Place names ("หนองจิก", "ลาดพร้าว") say where, not what: the same complaint from two
# districts must fall in one theme. A little weight, not none, so an answer that names only a
# place is not an empty vector; no character n-grams, which would link places by their spelling.
DEFAULT_PLACE_WEIGHT = 0.1
DEFAULT_MIN_DF_LARGE = 2  # a word seen once cannot link two answers
DEFAULT_LARGE_CORPUS = 200  # below this many answers keep every word


def _identity(words: list[str]) -> list[str]:
    """Return the already segmented words unchanged."""
    return words


def _word_counts(words: Sequence[list[str]]) -> tuple[sp.csr_matrix, list[str]]:
    """Return the answers x distinct words count matrix and the distinct words in column order."""
    distinct = sorted({w for answer in words for w in answer})
    column = {w: i for i, w in enumerate(distinct)}
    rows = [i for i, answer in enumerate(words) for _ in answer]
    cols = [column[w] for answer in words for w in answer]
    counts = sp.csr_matrix(
        (np.ones(len(cols)), (rows, cols)), shape=(len(words), len(distinct)), dtype=float
    )
    counts.sum_duplicates()
    return counts, distinct


class ThemeFeatures(TransformerMixin, BaseEstimator):
    """Map lists of words to unit-length LSA vectors of word and character n-gram TF-IDF."""

    def __init__(
        self,
        n_components: int = DEFAULT_N_COMPONENTS,
        char_weight: float = DEFAULT_CHAR_WEIGHT,
        feedback_words: frozenset[str] = frozenset(),
        feedback_weight: float = DEFAULT_FEEDBACK_WEIGHT,
        random_state: int = 0,
        place_words: frozenset[str] = frozenset(),
        place_weight: float = DEFAULT_PLACE_WEIGHT,
    ) -> None:
        self.n_components = n_components
        self.char_weight = char_weight
        self.feedback_words = feedback_words
        self.feedback_weight = feedback_weight
        self.random_state = random_state
        self.place_words = place_words
        self.place_weight = place_weight

    def _weight(self, word: str) -> float:
        """Return how much a word counts: places and feedback words less than topic words."""
        if word in self.place_words:
            return self.place_weight
        return self.feedback_weight if word in self.feedback_words else 1.0

    def _without_places(self, words: Sequence[list[str]]) -> list[list[str]]:
        """Return the words for character n-grams: all but places, unless places are all
        there is (answers that only name places still need some vocabulary)."""
        if not getattr(self, "chars_skip_places_", True):
            return list(words)
        return [[w for w in answer if w not in self.place_words] for answer in words]

    def _char_counts(self, words: Sequence[list[str]]) -> sp.csr_matrix:
        """Return character 3-gram counts per answer, the same as ``char_wb`` on its words.

        The n-grams are counted once per distinct word and summed through a word-count matrix:
        much faster than analysing every answer's text again, as answers share their words.
        """
        counts, distinct = _word_counts(self._without_places(words))
        return (counts @ self.chars_.transform(distinct)).tocsr()[:, self.char_columns_]

    def _sparse(self, words: Sequence[list[str]]) -> sp.csr_matrix:
        """Return the weighted TF-IDF matrix of ``words`` with the fitted vocabularies."""
        word_part = self.words_.transform(words) @ self.word_weights_
        char_part = self.char_tfidf_.transform(self._char_counts(words))
        return sp.hstack([word_part, self.char_weight * char_part]).tocsr()

    def _fit_chars(self, words: Sequence[list[str]], min_df: int) -> sp.csr_matrix:
        """Learn the character n-grams and their IDF; return the answers' n-gram TF-IDF."""
        self.chars_skip_places_ = True
        self.chars_skip_places_ = any(self._without_places(words))
        counts, distinct = _word_counts(self._without_places(words))
        self.chars_ = CountVectorizer(analyzer="char_wb", ngram_range=DEFAULT_CHAR_NGRAMS)
        per_answer = (counts @ self.chars_.fit_transform(distinct)).tocsr()
        document_frequency = np.asarray((per_answer > 0).sum(axis=0)).ravel()
        total = np.asarray(per_answer.sum(axis=0)).ravel()
        frequent = np.flatnonzero(document_frequency >= min_df)
        keep = frequent[np.argsort(-total[frequent], kind="stable")][:DEFAULT_MAX_CHAR_FEATURES]
        self.char_columns_ = np.sort(keep)
        self.char_tfidf_ = TfidfTransformer(sublinear_tf=True)
        return self.char_tfidf_.fit_transform(per_answer[:, self.char_columns_])

    def fit(self, words: Sequence[list[str]], y: object = None) -> ThemeFeatures:
        """Learn vocabularies and the LSA projection from segmented answers."""
        self.fit_transform(words)
        return self

    def fit_transform(self, words: Sequence[list[str]], y: object = None) -> np.ndarray:
        """Learn from segmented answers and return their unit-length LSA vectors."""
        min_df = DEFAULT_MIN_DF_LARGE if len(words) >= DEFAULT_LARGE_CORPUS else 1
        word_vectorizer = TfidfVectorizer(
            tokenizer=_identity,
            preprocessor=_identity,
            token_pattern=None,
            lowercase=False,
            sublinear_tf=True,
            min_df=min_df,
        )
        word_part = word_vectorizer.fit_transform(words)
        self.words_ = word_vectorizer
        # what ``word_matrix`` gives for these answers: kept, so naming the themes of a fit
        # does not count the words again
        self.fitted_words_ = word_part
        self.word_weights_ = sp.diags(
            [self._weight(w) for w in self.words_.get_feature_names_out()]
        )
        char_part = self._fit_chars(words, min_df)
        matrix = sp.hstack([word_part @ self.word_weights_, self.char_weight * char_part]).tocsr()
        self.fitted_tfidf_ = matrix  # the weighted TF-IDF of these answers, before LSA
        n_components = max(1, min(self.n_components, matrix.shape[1] - 1, matrix.shape[0] - 1))
        self.svd_ = TruncatedSVD(
            n_components, n_iter=DEFAULT_SVD_ITERATIONS, random_state=self.random_state
        )
        # identical answers have zero variance: only the unused explained_variance_ratio_
        # divides by it
        with np.errstate(divide="ignore", invalid="ignore"):
            return normalize(self.svd_.fit_transform(matrix))

    def transform(self, words: Sequence[list[str]]) -> np.ndarray:
        """Return unit-length LSA vectors; an answer with no known word gets a zero vector."""
        return normalize(self.svd_.transform(self._sparse(words)))

    def word_matrix(self, words: Sequence[list[str]]) -> sp.csr_matrix:
        """Return the word TF-IDF matrix, used to name themes."""
        return self.words_.transform(words)

    def vocabulary(self) -> np.ndarray:
        """Return the word features in column order."""
        return self.words_.get_feature_names_out()
