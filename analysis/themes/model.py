"""Themes in free-text answers: Thai words -> TF-IDF + LSA, beside sentence vectors that carry
meaning -> a Ward tree on a sample (on its neighbour graph when the answers show no clear
groups), cut into themes and extended to every answer by its nearest theme centre; the number of
themes chosen automatically, an "other" group, labels written as phrases, quotes, and analyst
edits that survive a refit."""

from __future__ import annotations

import re
from collections.abc import Iterable
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.base import BaseEstimator
from sklearn.preprocessing import normalize
from threadpoolctl import threadpool_limits

from analysis.text.clean import clean_text
from analysis.text.tokens import DEFAULT_DOMAIN_WORDS
from analysis.text.tokens import EXTRA_STOP_WORDS
from analysis.text.tokens import FEEDBACK_WORDS
from analysis.text.tokens import LAUGHTER
from analysis.text.tokens import OTHER
from analysis.text.tokens import PLACE
from analysis.text.tokens import WORD
from analysis.text.tokens import classify_words
from analysis.text.tokens import stop_words
from analysis.themes.edits import ThemeEdits
from analysis.themes.edits import match_theme
from analysis.themes.encoder import SentenceEncoder
from analysis.themes.encoder import UniversalSentenceEncoder
from analysis.themes.features import DEFAULT_N_COMPONENTS
from analysis.themes.features import ThemeFeatures
from analysis.themes.labels import Phrase
from analysis.themes.labels import ThemeLabels
from analysis.themes.labels import candidates
from analysis.themes.quotes import nearest_quotes
from analysis.themes.selection import DEFAULT_SELECTION_SAMPLE
from analysis.themes.selection import centres
from analysis.themes.selection import choose_n_themes
from analysis.themes.selection import cut
from analysis.themes.selection import distinct_rows
from analysis.themes.selection import graph_themes
from analysis.themes.selection import tree_sample
from analysis.themes.selection import ward_tree
from analysis.themes.views import DEFAULT_WORD_WEIGHT
from analysis.themes.views import centre_sentences
from analysis.themes.views import graph_similarity
from analysis.themes.views import joined
from analysis.themes.views import sentence_text

OTHER_ID = -1
OTHER_LABEL = "อื่น ๆ"
THEME_COLUMNS = ["theme_id", "label", "size", "share", "quotes", "keywords"]
DEFAULT_MIN_THEME_SIZE = 3  # a "theme" of one or two answers is noise: it goes to other
DEFAULT_OTHER_SIMILARITY = 0.15  # cosine to the theme centre below which an answer fits no theme
# k-means and silhouette on a busy 2-core server ran 5x slower with OpenMP's threads spinning
# against each other than on one thread; answers in a workshop are few enough for one core.
DEFAULT_THREADS = 1
DEFAULT_SIGNATURE_WORDS = 10
DEFAULT_ENCODER = "default"  # the Universal Sentence Encoder, loaded on first fit
# Words that say how or in what register people write, not about what: they count half in the
# vectors and never name a theme. Stop words stay in at half weight rather than out: "ไม่", "แต่",
# "ก็" and the particles told wisesight's moods apart (NMI 0.039 -> 0.045 with Ward, k=15).
_MOOD_WORDS = FEEDBACK_WORDS | stop_words() | EXTRA_STOP_WORDS
_LABEL_STOPS = stop_words() | EXTRA_STOP_WORDS  # no label starts or ends with one
_CANDIDATE_STOPS = ThemeLabels(_LABEL_STOPS, _MOOD_WORDS).stops  # as the namer of a fit has them


# Cleaning and segmenting took a third of a refit of 5,000 kept answers, and a dashboard refits
# the same answers again and again: a process remembers the last answers it read, each token a
# pair shared with every other answer that has it: 6 MB for 10,000 answers (25 MB unshared).
DEFAULT_READ_CACHE = 10_000
DEFAULT_TOKEN_PAIRS = 50_000  # distinct (word, kind) pairs shared; a workshop uses far fewer

# a word a label may use has a Thai consonant or a Latin letter: "ๆๆ" and "ฯ" are marks
_RE_LETTER = re.compile("[\u0e01-\u0e2ea-z]")

Tokens = tuple[tuple[str, str], ...]  # an answer's (word, kind) pairs, see classify_words


@lru_cache(maxsize=DEFAULT_TOKEN_PAIRS)
def _shared(word: str, kind: str) -> tuple[str, str]:
    """Return the one (word, kind) pair the remembered answers share."""
    return word, kind


@lru_cache(maxsize=DEFAULT_READ_CACHE)
def read_answer(text: str, domain_words: frozenset[str]) -> tuple[str, Tokens]:
    """Return an answer cleaned and masked, and its classified tokens (remembered per text)."""
    clean = clean_text(text)
    return clean, tuple(_shared(word, kind) for word, kind in classify_words(clean, domain_words))


def _words(tokens: Tokens) -> list[str]:
    """Return the words, places and emoji of one answer's tokens, as the word view counts them."""
    return [w for w, kind in tokens if kind != OTHER and not (kind == PLACE and w.endswith("."))]


def _runs(tokens: Tokens) -> list[list[str]]:
    """Return the runs of consecutive words a label may be made of: cut at places, emoji,
    numbers, punctuation, masks and laughter."""
    runs: list[list[str]] = [[]]
    for word, kind in tokens:
        if kind == WORD and word != LAUGHTER and _RE_LETTER.search(word):
            runs[-1].append(word)
        elif runs[-1]:
            runs.append([])
    return [run for run in runs if run]


@lru_cache(maxsize=DEFAULT_READ_CACHE)
def _parts(tokens: Tokens) -> tuple[tuple[str, ...], frozenset[Phrase], str]:
    """Return what a fit takes from one answer's tokens, remembered like the reading: the words
    the word view counts, the phrases that may name its theme and the text the encoder reads.
    Recomputing them took a sixth of a refit of 5,000 kept answers (bench/themes_speed.py,
    profiled: 0.25 s of 1.5 s of CPU)."""
    return tuple(_words(tokens)), candidates(_runs(tokens), _CANDIDATE_STOPS), sentence_text(tokens)


def forget_readings() -> None:
    """Empty this process's memory of the answers it has read (``read_answer``, ``_parts``)."""
    read_answer.cache_clear()
    _parts.cache_clear()


def _renumber_by_size(labels: np.ndarray) -> np.ndarray:
    """Return labels renumbered 0, 1, ... from the largest theme down; other stays -1."""
    ids, counts = np.unique(labels[labels != OTHER_ID], return_counts=True)
    order = ids[np.lexsort((ids, -counts))]
    mapping = {int(old): new for new, old in enumerate(order)}
    return np.array([mapping.get(int(x), OTHER_ID) for x in labels], dtype=int)


def _similarity_to_rest(vectors: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Return each answer's cosine to the centre of the other members of its cluster.

    Leaving the answer out matters: an outlier alone with a few others would otherwise look
    close to a centre it pulled towards itself.
    """
    similarity = np.zeros(len(vectors))
    for theme in set(labels.tolist()) - {OTHER_ID}:
        members = labels == theme
        rest = vectors[members].sum(axis=0) - vectors[members]
        norms = np.maximum(np.linalg.norm(rest, axis=1), 1e-12)
        similarity[members] = (vectors[members] * rest).sum(axis=1) / norms
    return similarity


def _centroids(vectors: np.ndarray, labels: np.ndarray) -> dict[int, np.ndarray]:
    """Return the unit-length mean vector of each theme."""
    centroids = {}
    for theme in sorted(set(labels.tolist()) - {OTHER_ID}):
        centre = vectors[labels == theme].mean(axis=0)
        norm = float(np.linalg.norm(centre))
        centroids[theme] = centre / norm if norm else centre
    return centroids


class ThemeModel(BaseEstimator):
    """Group free-text answers into themes; ``labels_`` per answer, ``themes_`` per theme.

    ``themes_`` columns: ``theme_id`` (int, -1 for other), ``label`` (str, "อื่น ๆ" for other),
    ``size`` (int), ``share`` (float 0-1 of all answers), ``quotes`` (tuple of up to three
    cleaned, masked answers nearest the theme centre). ``signatures_`` maps each theme id to its
    most distinctive words, the key analyst edits use.
    """

    def __init__(
        self,
        n_themes: int | str = "auto",
        random_state: int = 0,
        domain_words: Iterable[str] = (),
        edits: ThemeEdits | None = None,
        min_theme_size: int = DEFAULT_MIN_THEME_SIZE,
        other_similarity: float = DEFAULT_OTHER_SIMILARITY,
        n_components: int = DEFAULT_N_COMPONENTS,
        encoder: SentenceEncoder | str | None = DEFAULT_ENCODER,
        word_weight: float = DEFAULT_WORD_WEIGHT,
    ) -> None:
        self.n_themes = n_themes
        self.random_state = random_state
        self.domain_words = domain_words
        self.edits = edits
        self.min_theme_size = min_theme_size
        self.other_similarity = other_similarity
        self.n_components = n_components
        self.encoder = encoder
        self.word_weight = word_weight

    def _read(self, texts: Iterable[str]) -> tuple[list[str], list[Tokens]]:
        """Return the answers cleaned and masked, and their classified tokens."""
        domain = DEFAULT_DOMAIN_WORDS | frozenset(self.domain_words)
        read = [read_answer(t, domain) if isinstance(t, str) else ("", ()) for t in texts]
        return [clean for clean, _ in read], [tokens for _, tokens in read]

    def _encoder(self) -> SentenceEncoder | None:
        """Return the encoder to use: the default one made here, the one given, or None."""
        if self.encoder == DEFAULT_ENCODER:
            return UniversalSentenceEncoder()
        return None if isinstance(self.encoder, str) else self.encoder

    def _cluster(
        self, vectors: np.ndarray, words: sp.csr_matrix, meaning: np.ndarray | None
    ) -> np.ndarray:
        """Return theme labels of the answers' joined ``vectors``, with too small or too
        distant members moved to other; ``words`` (their TF-IDF rows) and ``meaning`` (their
        centred sentence vectors) give the neighbour graph its similarity."""
        usable = np.linalg.norm(vectors, axis=1) > 0
        labels = np.full(len(vectors), OTHER_ID, dtype=int)
        if usable.sum() < 2 * self.min_theme_size:
            return labels
        index = np.flatnonzero(usable)[tree_sample(int(usable.sum()), self.random_state)]
        sample = vectors[index]
        n = int(usable.sum())
        # whether the answers have clear groups is judged on the answers the silhouette scores
        # (the first 1,000 of the sample): a tree of 3,000 joined vectors took 5 of the 7 s of
        # a refit of 5,000 answers, and real answers then go to the neighbour graph anyway
        probe = sample[:DEFAULT_SELECTION_SAMPLE]
        probe_tree = ward_tree(probe)
        k, clear = choose_n_themes(probe, probe_tree, n, self.min_theme_size)
        if self.n_themes != "auto":
            k = max(1, min(int(self.n_themes), distinct_rows(sample)))
        if clear:
            groups = cut(probe_tree if len(probe) == len(sample) else ward_tree(sample), k)
        else:
            forced = None if self.n_themes == "auto" else k
            similarity = graph_similarity(
                words[index], None if meaning is None else meaning[index], self.word_weight
            )
            groups = graph_themes(
                sample, n, self.min_theme_size, forced, self.random_state, similarity
            )
        theme_centres = centres(sample, groups)
        labels[usable] = (vectors[usable] @ theme_centres.T).argmax(axis=1)
        similarity = _similarity_to_rest(vectors, labels)
        labels[usable & (similarity < self.other_similarity)] = OTHER_ID
        ids, counts = np.unique(labels, return_counts=True)
        small = ids[(counts < self.min_theme_size) & (ids != OTHER_ID)]
        labels[np.isin(labels, small)] = OTHER_ID
        return _renumber_by_size(labels)

    def _signatures(self, matrix: sp.csr_matrix, labels: np.ndarray) -> dict[int, tuple[str, ...]]:
        """Return each theme's most distinctive words (from the word TF-IDF ``matrix``)."""
        if self.features_ is None:
            return {}
        vocabulary = self.features_.vocabulary()
        overall = np.asarray(matrix.mean(axis=0)).ravel()
        signatures = {}
        for theme in sorted(set(labels.tolist()) - {OTHER_ID}):
            inside = np.asarray(matrix[labels == theme].mean(axis=0)).ravel()
            score = inside - overall
            best = np.lexsort((vocabulary, -score))[:DEFAULT_SIGNATURE_WORDS]
            signatures[theme] = tuple(str(vocabulary[i]) for i in best if inside[i] > 0)
        return signatures

    def _apply_edits(
        self, clean: Sequence[str], labels: np.ndarray, signatures: dict[int, tuple[str, ...]]
    ) -> tuple[np.ndarray, dict[int, str], dict[str, int]]:
        """Return labels after merges and moves, the renamed labels, and the moved texts.

        A later edit naming a theme that an earlier one merged away means the theme it went
        into: an analyst renames the merged theme by the words it has after the merge.
        """
        labels = labels.copy()
        names: dict[int, str] = {}
        moved: dict[str, int] = {}
        merged: dict[int, int] = {}  # a theme merged away -> the theme it went into

        def find(signature: Sequence[str]) -> int | None:
            theme = match_theme(signature, signatures)
            while theme in merged:
                theme = merged[theme]
            return theme

        for edit in self.edits.edits if self.edits else []:
            target = find(edit.get("into", edit.get("theme", [])))
            if target is None:
                continue
            if edit["op"] == "rename":
                names[target] = str(edit["label"])
            elif edit["op"] == "merge":
                source = find(edit["theme"])
                if source is not None and source != target:
                    labels[labels == source] = target
                    merged[source] = target
                    names.setdefault(target, names.pop(source, ""))
                    moved = {text: target if t == source else t for text, t in moved.items()}
            elif edit["op"] == "move":
                text = clean_text(str(edit["text"]))
                moved[text] = target
                labels[np.array([c == text for c in clean], dtype=bool)] = target
        return labels, {k: v for k, v in names.items() if v}, moved

    def _table(
        self, clean: Sequence[str], vectors: np.ndarray, names: dict[int, str]
    ) -> pd.DataFrame:
        """Return the themes table, largest theme first, other last."""
        rows = []
        ids = [*sorted(set(self.labels_.tolist()) - {OTHER_ID}), OTHER_ID]
        for theme in ids:
            members = self.labels_ == theme
            if not members.any():
                continue
            index = np.flatnonzero(members)
            texts = [clean[int(i)] for i in index]
            keywords: tuple[str, ...] = ()
            label_words: tuple[str, ...] = ()
            if theme == OTHER_ID:
                label = OTHER_LABEL
                centre = vectors[index].mean(axis=0)
            else:
                label = names.get(theme) or self.namer_.labels_.get(theme, "")
                keywords = self.namer_.keywords_.get(theme, ())
                label_words = self.namer_.words_.get(theme, ())
                centre = self.centroids_[list(self.theme_ids_).index(theme)]
            quotes = nearest_quotes(texts, vectors[index], centre, label_words=label_words)
            size = int(members.sum())
            rows.append((theme, label, size, size / len(clean), quotes, keywords))
        frame = pd.DataFrame(rows, columns=THEME_COLUMNS)
        return frame.astype({"theme_id": int, "size": int, "share": float})

    def fit(self, texts: Iterable[str], y: object = None) -> ThemeModel:
        """Learn themes from answers (raw text: it is cleaned and masked here)."""
        with threadpool_limits(DEFAULT_THREADS):
            return self._fit(texts)

    def _vectors(
        self, tokens: list[Tokens], words: list[list[str]], sentences: list[str]
    ) -> tuple[np.ndarray, np.ndarray | None]:
        """Learn both views from the answers (``words``: each one's ``_words``, ``sentences``
        its ``sentence_text``); return their joined vectors and the centred, unit-length
        sentence vectors (None without an encoder)."""
        places = frozenset(w for t in tokens for w, kind in t if kind == PLACE)
        self.features_: ThemeFeatures | None = ThemeFeatures(
            self.n_components,
            feedback_words=_MOOD_WORDS,
            random_state=self.random_state,
            place_words=places,
        )
        self.sentence_mean_: np.ndarray | None = None
        if sum(1 for w in words if w) < 2 * self.min_theme_size:
            self.features_ = None  # too few answers to make two themes: everything is other
            return np.zeros((len(tokens), 1)), None
        word_view = self.features_.fit_transform(words)
        encoder = self._encoder()
        if encoder is None:
            return word_view, None
        meaning = encoder.encode(sentences)
        self.sentence_mean_ = centre_sentences(meaning, np.linalg.norm(word_view, axis=1) > 0)
        centred = normalize(meaning - self.sentence_mean_)
        return joined(word_view, meaning, self.sentence_mean_, self.word_weight), centred

    def _fit(self, texts: Iterable[str]) -> ThemeModel:
        """Learn themes from answers; ``fit`` without the thread limit."""
        clean, tokens = self._read(texts)
        parts = [_parts(t) for t in tokens]
        words = [list(w) for w, _, _ in parts]
        found = [f for _, f, _ in parts]
        vectors, meaning = self._vectors(tokens, words, [sentence for _, _, sentence in parts])
        if self.features_ is not None:
            labels = self._cluster(vectors, self.features_.fitted_tfidf_, meaning)
        else:
            labels = np.full(len(clean), OTHER_ID, dtype=int)
        matrix = self.features_.fitted_words_ if self.features_ else sp.csr_matrix((0, 0))
        labels, names, self.moved_ = self._apply_edits(
            clean, labels, self._signatures(matrix, labels)
        )
        self.labels_ = labels
        self.signatures_ = self._signatures(matrix, labels)
        centroids = _centroids(vectors, labels)
        self.theme_ids_ = np.array(sorted(centroids), dtype=int)
        self.centroids_ = np.array([centroids[t] for t in self.theme_ids_]).reshape(
            len(self.theme_ids_), vectors.shape[1]
        )
        self.namer_ = ThemeLabels(_LABEL_STOPS, _MOOD_WORDS)
        self.namer_.fit(found, labels)
        self.themes_ = self._table(clean, vectors, names)
        return self

    def predict(self, texts: Iterable[str]) -> np.ndarray:
        """Return the theme id of each new answer (-1 when none fits) without refitting."""
        clean, tokens = self._read(texts)
        labels = np.full(len(clean), OTHER_ID, dtype=int)
        if not clean or not len(self.theme_ids_) or self.features_ is None:
            return labels
        with threadpool_limits(DEFAULT_THREADS):
            vectors = self.features_.transform([_words(t) for t in tokens])
            encoder = self._encoder() if self.sentence_mean_ is not None else None
            if encoder is not None:
                sentences = encoder.encode([sentence_text(t) for t in tokens])
                vectors = joined(vectors, sentences, self.sentence_mean_, self.word_weight)
        similarity = vectors @ self.centroids_.T
        best = similarity.argmax(axis=1)
        fits = similarity[np.arange(len(clean)), best] >= self.other_similarity
        labels[fits] = self.theme_ids_[best[fits]]
        for i, text in enumerate(clean):
            labels[i] = self.moved_.get(text, labels[i])
        return labels

    def label_of(self, theme_id: int) -> str:
        """Return the label of a theme id, "อื่น ๆ" for other."""
        match = self.themes_.loc[self.themes_["theme_id"] == theme_id, "label"]
        return str(match.iloc[0]) if len(match) else OTHER_LABEL
