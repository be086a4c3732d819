"""Theme names a person would write: a short Thai phrase from the theme's most distinctive 1-3
word sequences, and two or three keywords beside it.

Candidates are the runs of consecutive words in each answer ("ถนน ชำรุด เป็น หลุม"), cut at
emoji, numbers, punctuation, masks and place names, so none of those can name a theme. A
candidate neither starts nor ends with a stop word or particle. Each is scored per theme by
class-based TF-IDF (c-TF-IDF, Grootendorst 2022, "BERTopic: Neural topic modeling with a
class-based TF-IDF procedure", arXiv:2203.05794): its share of the theme's words times
log(1 + A / f), where f is how often it occurs in all themes and A the average number of words
per theme. Counts are of answers, not occurrences: one answer repeating a word says it once.
The best candidate grows into the longer sequence most of its answers write around it
("น้ำประปา" -> "น้ำประปาไม่ไหล"), and is written as Thai writes, without spaces between Thai
words.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterable
from collections.abc import Sequence

import numpy as np

DEFAULT_MAX_PHRASE_WORDS = 3
DEFAULT_KEYWORDS = 3
# A longer sequence names the theme instead of its best word when at least this share of the
# answers with the word write that sequence. On the call-centre set 0.5 left most labels one word
# ("ยอด", "รอสาย"); 0.3 gave "สอบถามยอด", "เสียงเพลงรอสาย", "โปรบีบี", the rest unchanged.
DEFAULT_PHRASE_SHARE = 0.3
# The label of a theme with no word to name it: only emoji, numbers or place names.
NO_WORDS_LABEL = "ไม่มีคำเด่น"
# Personal pronouns, which PyThaiNLP's stop words leave in: frequent in spoken answers ("ผม
# จะสอบถาม…"), they say who writes, never what about, so they neither name a theme nor stand
# beside its name.
PRONOUNS: frozenset[str] = frozenset(
    {"ผม", "กระผม", "ดิฉัน", "ฉัน", "หนู", "เรา", "พวกเรา", "คุณ", "เขา", "เค้า", "เธอ", "ท่าน"}
)

# A theme's candidates are ranked this many at a time: its name and keywords are nearly always
# among its best few; sorting all of them (tens of thousands in a large theme) took most of the
# naming time. When these do not suffice, all of them are ranked.
DEFAULT_RANKED = 200

Phrase = tuple[str, ...]


def _is_thai(ch: str) -> bool:
    return "\u0e00" <= ch <= "\u0e7f"


def thai_join(words: Sequence[str]) -> str:
    """Return words written as Thai writes them: no space between Thai words, a space where
    either side is not Thai ("wifi ช้า", "true money")."""
    text = ""
    for word in words:
        if text and not (_is_thai(text[-1]) and _is_thai(word[0])):
            text += " "
        text += word
    return text


def phrases(run: Sequence[str], stops: frozenset[str]) -> set[Phrase]:
    """Return the 1-3 word sequences of a run of words that neither start nor end with a stop
    word."""
    found = set()
    for start, first in enumerate(run):
        if first in stops:
            continue
        for length in range(1, DEFAULT_MAX_PHRASE_WORDS + 1):
            chunk = tuple(run[start : start + length])
            if len(chunk) == length and chunk[-1] not in stops:
                found.add(chunk)
    return found


def candidates(runs: Iterable[Sequence[str]], stops: frozenset[str]) -> frozenset[Phrase]:
    """Return the candidate phrases of one answer: those of each of its runs of words."""
    return frozenset().union(*(phrases(run, stops) for run in runs))


def _contains(longer: Phrase, shorter: Phrase) -> bool:
    n = len(shorter)
    return any(longer[i : i + n] == shorter for i in range(len(longer) - n + 1))


def _class_tfidf(counts: dict[int, Counter[Phrase]]) -> dict[int, dict[Phrase, float]]:
    """Return c-TF-IDF of every candidate in every theme, from answer counts per theme."""
    overall: Counter[Phrase] = Counter()
    for theme_counts in counts.values():
        overall.update(theme_counts)
    sizes = {t: sum(c.values()) for t, c in counts.items()}
    average = float(np.mean(list(sizes.values()))) if sizes else 0.0
    return {
        theme: {
            p: (n / max(sizes[theme], 1)) * float(np.log(1 + average / overall[p]))
            for p, n in theme_counts.items()
        }
        for theme, theme_counts in counts.items()
    }


def _grow(best: Phrase, counts: Counter[Phrase]) -> Phrase:
    """Return ``best`` grown into the longer sequence most of its answers write, if any."""
    while len(best) < DEFAULT_MAX_PHRASE_WORDS:
        longer = [
            p
            for p in counts
            if len(p) == len(best) + 1
            and _contains(p, best)
            and counts[p] >= DEFAULT_PHRASE_SHARE * counts[best]
        ]
        if not longer:
            return best
        best = max(longer, key=lambda p: (counts[p], p))
    return best


class ThemeLabels:
    """Name themes from the candidate phrases of their answers.

    Each answer's candidates are ``candidates(runs, self.stops)`` of its runs of consecutive
    words (see module docstring); ``mood`` words say how, not what, an answer is
    about.
    """

    def __init__(
        self, stops: frozenset[str], mood: frozenset[str], keywords: int = DEFAULT_KEYWORDS
    ) -> None:
        self.stops = stops | PRONOUNS
        self.mood = mood | PRONOUNS
        self.keywords = keywords

    def _is_topical(self, phrase: Phrase) -> bool:
        return any(w not in self.mood for w in phrase)

    def fit(self, found: Sequence[Iterable[Phrase]], labels: np.ndarray) -> ThemeLabels:
        """Learn each theme's label and keywords from each answer's candidate phrases
        (``candidates(runs, self.stops)``: computed apart, so a caller may keep them per
        answer); ``labels`` holds a theme id per answer (-1, other, is left out). Sets
        ``labels_`` and ``keywords_`` (theme id -> str / tuple)."""
        counts: dict[int, Counter[Phrase]] = {}
        for answer_found, theme in zip(found, labels.tolist(), strict=True):
            if theme >= 0:
                counts.setdefault(int(theme), Counter()).update(answer_found)
        scores = _class_tfidf(counts)
        self.labels_: dict[int, str] = {}
        self.keywords_: dict[int, tuple[str, ...]] = {}
        used: set[str] = set()
        # the larger theme names itself first; a smaller one with the same best words takes
        # its next best, so no two themes share a name
        for theme in sorted(scores, key=lambda t: (-sum(counts[t].values()), t)):
            label, keywords = self._name(scores[theme], counts[theme], used)
            self.labels_[theme], self.keywords_[theme] = label, keywords
            used.add(label)
        return self

    def _name(
        self, score: dict[Phrase, float], counts: Counter[Phrase], used: set[str]
    ) -> tuple[str, tuple[str, ...]]:
        """Return a theme's label and keywords from its candidates' scores and counts, the
        label not one of ``used``."""
        best = heapq.nsmallest(DEFAULT_RANKED, score, key=lambda p: (-score[p], p))
        label, keywords = self._name_from(best, counts, used)
        if len(best) < len(score) and (label == NO_WORDS_LABEL or len(keywords) < self.keywords):
            ranked = sorted(score, key=lambda p: (-score[p], p))
            label, keywords = self._name_from(ranked, counts, used)
        return label, keywords

    def _name_from(
        self, ranked: list[Phrase], counts: Counter[Phrase], used: set[str]
    ) -> tuple[str, tuple[str, ...]]:
        """Return a label and keywords from candidates ranked best first."""
        # a topic word names the theme; mood words ("ดีมาก") only when it has none
        named = [p for p in ranked if self._is_topical(p)] or ranked
        grown = (_grow(p, counts) for p in named)
        label = next((g for g in grown if thai_join(g) not in used), None)
        if label is None:
            return NO_WORDS_LABEL, ()
        words = [
            p[0] for p in named if len(p) == 1 and not _contains(label, p) and p[0] not in self.mood
        ]
        return thai_join(label), tuple(words[: self.keywords])
