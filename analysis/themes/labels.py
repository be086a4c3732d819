"""Theme names a person would write: a short Thai phrase from the theme's most distinctive 1-3
word sequences, and two or three keywords beside it.

Candidates are the runs of consecutive words in each answer ("ถนน ชำรุด เป็น หลุม"), cut at
emoji, numbers, punctuation, masks and place names, so none of those can name a theme. A
candidate neither starts nor ends with a stop word or particle. Each is scored per theme by
class-based TF-IDF (c-TF-IDF, Grootendorst 2022, "BERTopic: Neural topic modeling with a
class-based TF-IDF procedure", arXiv:2203.05794): its share of the theme's words times
log(1 + A / f), where f is how often it occurs in all themes and A the average number of words
per theme. Counts are of answers, not occurrences: one answer repeating a word says it once.
The best candidate with a topic word (never a generic word such as สอบถาม alone) grows into the
longer sequence many of its answers write around it ("น้ำประปา" -> "น้ำประปาไม่ไหล", see
``_grow``), and is written as Thai writes, without spaces between Thai words. Two Thai words
nearly always written side by side are one keyword ("โรม" + "มิ่ง" -> "โรมมิ่ง").
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
# ("ยอด", "รอสาย"); 0.3 gave "สอบถามยอด", "เสียงเพลงรอสาย", "โปรบีบี"; 0.25 also "ยกเลิกข้อความ"
# (87 of the 312 answers with ยกเลิก, 0.28), the wisesight and workshop labels unchanged.
DEFAULT_PHRASE_SHARE = 0.25
# A longer sequence must also be written by at least this share of the theme's answers, so a
# phrase a handful of people wrote never names a theme of hundreds. On the call-centre set the
# phrases grown were in 8-25 % of their theme's answers ("สอบถามยอด" 9 %, "ยกเลิกข้อความ" 23 %);
# 5 % keeps all of them and stops a rare run from growing a name in a large theme.
DEFAULT_PHRASE_MIN_SHARE = 0.05
# ... and by at least this many answers: in a workshop's theme of 11 answers, 0.25 of the 6 with
# "อาหารว่าง" let one person's "อาหารว่างตอนบ่ายเพิ่ม" name the theme.
DEFAULT_PHRASE_MIN_ANSWERS = 3
# Words that ask, tell or are about, not what about: "สอบถาม" was the best word of the billing
# theme (462 of 895 answers) while its topic was ยอด/ค่าบริการ. Like mood words they never name
# a theme alone or stand as a keyword, but stay inside a phrase ("สอบถามยอด").
GENERIC_WORDS: frozenset[str] = frozenset(
    {"สอบถาม", "ถาม", "ทราบ", "แจ้ง", "ติดต่อ", "รบกวน", "ช่วย", "เรื่อง", "เกี่ยวกับ", "ทำ"}
)
# A grown phrase never ends on a word that waits for what follows ("ห้องประชุมไม่",
# "อยากสอบถาม"): negations, modals and the generic words.
DANGLING_WORDS: frozenset[str] = GENERIC_WORDS | frozenset(
    {"ไม่", "ไม่ได้", "ไม่มี", "ไม่ค่อย", "ห้าม", "อย่า", "ควร", "ต้องการ", "อยาก", "ขอ", "จะ"}
)
# Two Thai words that are nearly always written next to each other are one word the segmenter
# cut ("โรม" + "มิ่ง" of โรมมิ่ง, "ดา" + "ต้า", "บี" + "บี"): they count as one keyword. Measured
# on both shared sets (answers in themes, pairs in at least 3 answers): at 0.8 or more of the
# rarer-or-not word's answers (the larger count) the pairs were such fragments or fixed names
# (ฮาโหล, โรมมิ่ง 0.96, ดาต้า 0.93, บีบี 0.92, พาสเวิด, ธนาธร, สำนักงานทรัพย์สิน); below it came
# compounds people also write apart (เติม_เงิน 0.72, เอ็ม_เอ็ม 0.71).
DEFAULT_GLUE_SHARE = 0.8
DEFAULT_GLUE_MIN_ANSWERS = 3
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


def glued_pairs(counts: Counter[Phrase]) -> dict[str, Phrase]:
    """Return, for each Thai word nearly always written beside one other, that pair (word ->
    (first, second)); ``counts`` holds answer counts of 1- and 2-word phrases. A pair glues
    when at least ``DEFAULT_GLUE_SHARE`` of the answers with either word write the pair and at
    least ``DEFAULT_GLUE_MIN_ANSWERS`` do."""
    glued: dict[str, Phrase] = {}
    for pair, n in counts.items():
        if len(pair) != 2 or n < DEFAULT_GLUE_MIN_ANSWERS:
            continue
        if not all(_is_thai(w[0]) for w in pair):
            continue
        if n >= DEFAULT_GLUE_SHARE * max(counts[pair[:1]], counts[pair[1:]]):
            for word in pair:
                if word not in glued or counts[glued[word]] < n:
                    glued[word] = pair
    return glued


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


def _grow(best: Phrase, counts: Counter[Phrase], answers: int) -> Phrase:
    """Return ``best`` grown into the longer sequence most of its answers write, if any: one
    word longer at a time, each step written by at least ``DEFAULT_PHRASE_SHARE`` of the
    answers of the step before, by ``DEFAULT_PHRASE_MIN_SHARE`` of the theme's ``answers`` and
    by ``DEFAULT_PHRASE_MIN_ANSWERS``. The longest step that does not end on a dangling word is
    kept: "น้ำประปา" -> ("น้ำประปาไม่") -> "น้ำประปาไม่ไหล", never "ห้องประชุมไม่"."""
    least = max(DEFAULT_PHRASE_MIN_SHARE * answers, DEFAULT_PHRASE_MIN_ANSWERS)
    grown = best
    while len(grown) < DEFAULT_MAX_PHRASE_WORDS:
        longer = [
            p
            for p in counts
            if len(p) == len(grown) + 1
            and _contains(p, grown)
            and counts[p] >= max(DEFAULT_PHRASE_SHARE * counts[grown], least)
        ]
        if not longer:
            break
        grown = max(longer, key=lambda p: (counts[p], p))
        if grown[-1] not in DANGLING_WORDS:
            best = grown
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
        self.mood = mood | PRONOUNS | GENERIC_WORDS
        self.keywords = keywords

    def _is_topical(self, phrase: Phrase) -> bool:
        return any(w not in self.mood for w in phrase)

    def fit(self, found: Sequence[Iterable[Phrase]], labels: np.ndarray) -> ThemeLabels:
        """Learn each theme's label and keywords from each answer's candidate phrases
        (``candidates(runs, self.stops)``: computed apart, so a caller may keep them per
        answer); ``labels`` holds a theme id per answer (-1, other, is left out). Sets
        ``labels_``, ``keywords_`` and ``words_`` (the label's words; theme id -> str /
        tuple / tuple)."""
        counts: dict[int, Counter[Phrase]] = {}
        answers: Counter[int] = Counter()
        for answer_found, theme in zip(found, labels.tolist(), strict=True):
            if theme >= 0:
                counts.setdefault(int(theme), Counter()).update(answer_found)
                answers[int(theme)] += 1
        scores = _class_tfidf(counts)
        overall: Counter[Phrase] = Counter()
        for theme_counts in counts.values():
            overall.update(theme_counts)
        self.glued_ = glued_pairs(overall)
        self.labels_: dict[int, str] = {}
        self.keywords_: dict[int, tuple[str, ...]] = {}
        self.words_: dict[int, tuple[str, ...]] = {}
        used: set[str] = set()
        # the larger theme names itself first; a smaller one with the same best words takes
        # its next best, so no two themes share a name
        for theme in sorted(scores, key=lambda t: (-sum(counts[t].values()), t)):
            words, keywords = self._name(scores[theme], counts[theme], answers[theme], used)
            label = thai_join(words) if words else NO_WORDS_LABEL
            self.labels_[theme], self.keywords_[theme], self.words_[theme] = label, keywords, words
            used.add(label)
        return self

    def _name(
        self, score: dict[Phrase, float], counts: Counter[Phrase], answers: int, used: set[str]
    ) -> tuple[Phrase, tuple[str, ...]]:
        """Return a theme's label words (none when it has no word) and keywords from its candidates' scores and counts (of its
        ``answers``), the label not one of ``used``."""
        best = heapq.nsmallest(DEFAULT_RANKED, score, key=lambda p: (-score[p], p))
        label, keywords = self._name_from(best, counts, answers, used)
        if len(best) < len(score) and (not label or len(keywords) < self.keywords):
            ranked = sorted(score, key=lambda p: (-score[p], p))
            label, keywords = self._name_from(ranked, counts, answers, used)
        return label, keywords

    def _name_from(
        self, ranked: list[Phrase], counts: Counter[Phrase], answers: int, used: set[str]
    ) -> tuple[Phrase, tuple[str, ...]]:
        """Return label words and keywords from candidates ranked best first."""
        # a topic word names the theme; mood words ("ดีมาก") only when it has none
        named = [p for p in ranked if self._is_topical(p)] or ranked
        grown = (_grow(p, counts, answers) for p in named)
        label = next((g for g in grown if thai_join(g) not in used), None)
        if label is None:
            return (), ()
        words: list[str] = []
        for p in named:
            if len(p) != 1 or p[0] in self.mood:
                continue
            # a fragment of a word the segmenter cut stands as the whole word
            whole = self.glued_.get(p[0], p)
            keyword = thai_join(whole)
            if not _contains(label, whole) and keyword not in words:
                words.append(keyword)
        return label, tuple(words[: self.keywords])
