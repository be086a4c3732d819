"""Thai word segmentation for word counts and themes: domain words and place names whole, emoji
apart from words, feedback words kept."""

from __future__ import annotations

import re
from collections.abc import Callable
from collections.abc import Iterable
from functools import lru_cache

from pythainlp.corpus import thai_stopwords

from analysis.text.places import ABBREVIATIONS
from analysis.text.places import join_places
from analysis.text.segmenters import fast_segment

# Abbreviations and place names of the deep-south workshops that the general dictionary splits
# ("ศอ.บต." -> "ศอ.", "บ", "ต."). Callers add their own through ``domain_words``.
DEFAULT_DOMAIN_WORDS: frozenset[str] = frozenset(
    {
        "ศอ.บต.",
        "จชต.",
        "อบต.",
        "อบจ.",
        "อสม.",
        "กอ.รมน.",
        "ผญบ.",
        "สสอ.",
        "รพ.สต.",
        "ชรบ.",
        "อส.",
        "ตำบลสันติธรรม",
        # newmm reads "เอกสารประกอบการบรรยาย" (handouts) as เอก|สารประกอบ ("chemical compound")
        "เอกสาร",
        "ปัตตานี",
        "นราธิวาส",
        "ยะลา",
        "สงขลา",
        "สตูล",
    }
)

# PyThaiNLP's list drops words that carry the feedback itself: "แอร์ไม่เย็น" must not look like
# "แอร์เย็น", and "ช้า"/"เร็ว"/"ยาก" are the complaint.
FEEDBACK_WORDS: frozenset[str] = frozenset(
    {
        "ไม่",
        "ไม่ได้",
        "ไม่มี",
        "ไม่ค่อย",
        "ห้าม",
        "อย่า",
        "ช้า",
        "เร็ว",
        "ยาก",
        "ง่าย",
        "มาก",
        "น้อย",
        "เยอะ",
        "ดี",
        "ควร",
        "ต้องการ",
        "อยาก",
        "ขอ",
        "เพิ่ม",
        "ลด",
        "นาน",
        "สั้น",
        "ยาว",
        "ใหม่",
        "เก่า",
        "ใกล้",
        "ไกล",
        "ร้อน",
        "หนาว",
        "เย็น",
        "แพง",
        "ถูก",
        "พอ",
        "ขาด",
        "เกิน",
    }
)

# Polite particles and fillers: frequent, but they say nothing about the topic.
EXTRA_STOP_WORDS: frozenset[str] = frozenset(
    {"ค่ะ", "คะ", "ครับ", "คับ", "ค่า", "จ้า", "จ้ะ", "นะ", "น่ะ", "อ่ะ", "อะ", "ครับผม", "ฮะ", "ฮ่ะ"}
    | {"นะคะ", "นะครับ", "คร่ะ", "ค้าบ", "งับ", "จ๊ะ", "จ่ะ", "เนอะ", "เด้อ"}
)

_RE_WORD = re.compile(r"[\u0E01-\u0E4E]|[^\W\d_]", re.UNICODE)  # a token needs a letter
DEFAULT_MIN_WORD_CHARS = 2  # lone letters ("ว", "บ") are typos and segmentation debris
LAUGHTER = "555"  # Thai "hahaha" (ห้า = five): every run of fives is cleaned to this form
# Emoji and pictographs (👍, 😡, ❤) carry feedback the way words do; a run of one counts once.
_RE_EMOJI = re.compile("[\u2600-\u27bf\U0001f300-\U0001faff]")
# "🙏👷ขอ" is one token to newmm: emoji are set apart from the words they touch first
_RE_EMOJI_RUN = re.compile("[\u2600-\u27bf\U0001f300-\U0001faff\ufe0f]+")
_RE_PLACEHOLDER = re.compile(r"\[[^\]\s]{1,30}\]")  # masks such as "[เบอร์โทร]" are not words


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """Return PyThaiNLP's Thai stop words without the feedback words, plus polite particles."""
    return (frozenset(thai_stopwords()) - FEEDBACK_WORDS) | EXTRA_STOP_WORDS


@lru_cache(maxsize=1)
def _everyday_words() -> frozenset[str]:
    """Return the stop and feedback words: a name made of them is no place without a marker."""
    return stop_words() | FEEDBACK_WORDS


@lru_cache(maxsize=32)
def _domain_pattern(words: frozenset[str]) -> re.Pattern[str] | None:
    """Return a regex matching any of the domain words, longest first."""
    if not words:
        return None
    ordered = sorted(words, key=len, reverse=True)
    return re.compile("(" + "|".join(re.escape(w) for w in ordered) + ")")


def tagged_words(
    text: str,
    domain_words: Iterable[str] = DEFAULT_DOMAIN_WORDS,
    engine: Callable[[str], list[str]] = fast_segment,
) -> list[tuple[str, bool]]:
    """Return the words of ``text``, each with whether it is a place (see ``analysis.text.places``).

    Domain words stay whole, the rest is segmented by newmm (``engine``, by default nlpo3),
    emoji apart from words, then place names ("หนองจิก", "ต.ตะลุโบะ", "ถ.นวมินทร์") are joined
    into one word. nlpo3 is the Rust newmm: the same words, about five times faster. It is
    called directly: PyThaiNLP's ``word_tokenize`` wrapper cost as much again as the
    segmentation itself. Pages and the live word counts pass
    ``analysis.text.segmenters.compact_segment``, whose dictionary is a twentieth of nlpo3's
    in memory.
    """
    pattern = _domain_pattern(frozenset(domain_words))
    pieces = pattern.split(text) if pattern else [text]
    words: list[str] = []
    for i, piece in enumerate(pieces):
        if i % 2 == 1:
            words.append(piece)
        elif piece.strip():
            piece = _RE_EMOJI_RUN.sub(r" \g<0> ", piece)
            words.extend(w for w in engine(piece) if not w.isspace())
    return join_places(words, _everyday_words(), engine)


def segment(
    text: str,
    domain_words: Iterable[str] = DEFAULT_DOMAIN_WORDS,
    engine: Callable[[str], list[str]] = fast_segment,
) -> list[str]:
    """Return the words of ``text``: domain words and place names whole, emoji apart."""
    return [word for word, _ in tagged_words(text, domain_words, engine)]


WORD, PLACE, EMOJI, OTHER = "word", "place", "emoji", "other"  # kinds of token


def classify_words(
    text: str,
    domain_words: Iterable[str] = DEFAULT_DOMAIN_WORDS,
    engine: Callable[[str], list[str]] = fast_segment,
) -> list[tuple[str, str]]:
    """Return every token of ``text`` lower-cased, with its kind: ``word`` (letters, or "555"),
    ``place`` (a place name or an area marker), ``emoji`` (one per emoji), ``other``
    (numbers, punctuation, single letters, masks such as "[เบอร์โทร]")."""
    tokens: list[tuple[str, str]] = []
    for i, piece in enumerate(_RE_PLACEHOLDER.split(text)):
        if i:
            tokens.append(("", OTHER))  # where a mask was
        for word, place in tagged_words(piece, domain_words, engine):
            word = ABBREVIATIONS.get(word, word).strip().lower()
            if (len(word) >= DEFAULT_MIN_WORD_CHARS and _RE_WORD.search(word)) or word == LAUGHTER:
                tokens.append((word, PLACE if place else WORD))
            elif _RE_EMOJI.search(word):
                tokens.extend((emoji, EMOJI) for emoji in dict.fromkeys(_RE_EMOJI.findall(word)))
            else:
                tokens.append((word, PLACE if place else OTHER))
    return tokens


def theme_words(
    text: str,
    domain_words: Iterable[str] = DEFAULT_DOMAIN_WORDS,
    extra_stop_words: Iterable[str] = (),
    keep_stop_words: bool = False,
    engine: Callable[[str], list[str]] = fast_segment,
) -> list[tuple[str, bool]]:
    """Return ``content_words`` of ``text``, each with whether it is a place."""
    stops = frozenset(extra_stop_words) | (frozenset() if keep_stop_words else stop_words())
    return [
        (word, kind == PLACE)
        for word, kind in classify_words(text, domain_words, engine)
        if kind != OTHER and word not in stops and not (kind == PLACE and word.endswith("."))
    ]


def content_words(
    text: str,
    domain_words: Iterable[str] = DEFAULT_DOMAIN_WORDS,
    extra_stop_words: Iterable[str] = (),
    keep_stop_words: bool = False,
    engine: Callable[[str], list[str]] = fast_segment,
) -> list[str]:
    """Return the lower-cased words, laughter and emoji of ``text``; no stop words or masks.

    Place names count as one word ("หนองจิก"); "ถ." and "ซ." are read as "ถนน" and "ซอย".
    ``keep_stop_words`` keeps the stop words and particles, for callers that weight them down.
    """
    return [
        w for w, _ in theme_words(text, domain_words, extra_stop_words, keep_stop_words, engine)
    ]
