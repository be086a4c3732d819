"""Cleaning of Thai free-text answers: normalise, mask personal data, flag non-answers and repeats.

Each step is a small ``str -> str`` function; ``normalize_with_changes`` runs them in order and
names the ones that changed the text, so every row of ``clean_frame`` says what was done to it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

import pandas as pd
from pythainlp.util import remove_dangling
from pythainlp.util import remove_repeat_vowels
from pythainlp.util import remove_spaces_before_marks

from analysis.text.answers import duplicate_flags
from analysis.text.answers import empty_reason
from analysis.text.privacy import mask_personal_data
from analysis.text.privacy import mask_personal_data_with_changes
from analysis.text.tokens import DEFAULT_DOMAIN_WORDS
from analysis.text.tokens import LAUGHTER
from analysis.text.tokens import content_words

__all__ = [
    "LAUGHTER",
    "clean_frame",
    "clean_text",
    "mask_personal_data",
    "normalize_text",
    "normalize_with_changes",
    "tokenize",
]


_RE_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_RE_SPACES = re.compile(r"[^\S\n]+")  # spaces and tabs, not line breaks: they separate points
_RE_LINE_BREAKS = re.compile(r"[ ]*\n[\s]*")
_RE_REPEAT = re.compile(r"([\u0e01-\u0e4e])\1{2,}")  # "ดีมากกกก" -> "ดีมาก"; "1000" stays
# "555", "5555+", "๕๕๕": laughter, unless it is part of a bigger number ("15550", "5,555").
_RE_LAUGHTER = re.compile(r"(?<![\d.,])(?:5{3,}|๕{3,})\+*(?![\d.,])")
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
# What PyThaiNLP's fixes look for (เเ, nikhahit, lakkhangyao, marks out of order or doubled,
# a space or nothing before a mark). Its thirty regex passes are the slowest step; most answers
# need none, so they are skipped when this finds nothing.
_RE_THAI_FIX_NEEDED = re.compile(
    r"\u0e40\u0e40|[\u0e4d\u0e45]"  # เเ, nikhahit (sara am typed in two), lakkhangyao
    r"|[\u0e48-\u0e4c][\u0e31\u0e34-\u0e3a]|[\u0e30\u0e32\u0e33][\u0e48-\u0e4b]"  # out of order
    r"|([\u0e30-\u0e3a\u0e40-\u0e44\u0e47-\u0e4e])[ ]*\1|[\u0e48-\u0e4b]{2}"  # doubled
    r"|(?:^|\s)[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]"  # a mark after a space or at the start
)


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC."""
    if unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


def remove_zero_width(text: str) -> str:
    """Return ``text`` without zero-width spaces, joiners, BOMs and soft hyphens."""
    return _RE_ZERO_WIDTH.sub("", text)


def normalize_thai(text: str) -> str:
    """Return ``text`` with PyThaiNLP's fixes: doubled vowels, เเ -> แ, split sara am."""
    if not _RE_THAI_FIX_NEEDED.search(text):
        return text
    return remove_dangling(remove_repeat_vowels(remove_spaces_before_marks(text)))


def fold_whitespace(text: str) -> str:
    """Return ``text`` with runs of spaces folded to one and blank lines to one line break."""
    return _RE_LINE_BREAKS.sub("\n", _RE_SPACES.sub(" ", text)).strip()


def mark_laughter(text: str) -> str:
    """Return ``text`` with every laughter run ("5555+", "๕๕๕") written as "555"."""
    if "555" not in text and "๕๕๕" not in text:
        return text
    return _RE_LAUGHTER.sub(LAUGHTER, text)


def convert_thai_digits(text: str) -> str:
    """Return ``text`` with Thai digits written as Arabic digits."""
    return text.translate(_THAI_DIGITS)


def shorten_repeats(text: str) -> str:
    """Return ``text`` with runs of three or more of one Thai character shortened to one."""
    return _RE_REPEAT.sub(r"\1", text)


# Laughter is found before digits are converted so "๕๕๕" counts, and before repeats are shortened.
NORMALIZATION_STEPS = (
    ("nfc", nfc),
    ("zero_width", remove_zero_width),
    ("thai_normalize", normalize_thai),
    ("whitespace", fold_whitespace),
    ("laughter", mark_laughter),
    ("thai_digits", convert_thai_digits),
    ("repeat", shorten_repeats),
)


def normalize_with_changes(text: str) -> tuple[str, list[str]]:
    """Return ``text`` normalised and the names of the steps that changed it."""
    changes = []
    for name, step in NORMALIZATION_STEPS:
        changed = step(text)
        if changed != text:
            changes.append(name)
            text = changed
    return text, changes


def normalize_text(text: str) -> str:
    """Return ``text`` normalised without masking."""
    return normalize_with_changes(text)[0]


def clean_with_changes(text: str) -> tuple[str, list[str]]:
    """Return ``text`` normalised and masked, and the list of changes made."""
    normalized, changes = normalize_with_changes(text)
    masked, masks = mask_personal_data_with_changes(normalized)
    return masked, changes + masks


def clean_text(text: str) -> str:
    """Return ``text`` normalised and with personal data masked: the form every display shows."""
    return clean_with_changes(text)[0]


def tokenize(text: str, domain_words: Iterable[str] = DEFAULT_DOMAIN_WORDS) -> list[str]:
    """Return the words of the cleaned ``text`` for word counts: stop words out, ไม่/ช้า/ยาก kept."""
    return content_words(clean_text(text), domain_words)


def _as_text(value: object) -> str:
    """Return a cell as text: missing values become the empty string."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value)


def clean_frame(
    texts: pd.Series, find_duplicates: bool = True, respondents: pd.Series | None = None
) -> pd.DataFrame:
    """Return one row per text, same index, with the cleaned text and its flags.

    Columns: ``text_clean`` (str, normalised and masked), ``is_empty`` (bool, a non-answer),
    ``empty_reason`` (str or None: ``blank``, ``symbols``, ``no_comment``), ``is_duplicate``
    (bool, the same text, give or take spacing, punctuation and particles, as an earlier
    answer, or a near copy of an earlier long answer; common short answers from different
    people match too, unless ``respondents`` (same index) says whose each text is: then only
    one person's repeats count; all False when ``find_duplicates`` is False), ``changes`` (str, the steps that changed the text joined
    by "; "). The original text is not repeated: it stays in ``texts``.
    """
    cleaned = [clean_with_changes(_as_text(v)) for v in texts]
    clean = [c for c, _ in cleaned]
    reasons = [empty_reason(c) for c in clean]
    is_empty = [r is not None for r in reasons]
    owners = None if respondents is None else respondents.loc[texts.index].tolist()
    duplicates = (
        duplicate_flags(clean, is_empty, owners) if find_duplicates else [False] * len(clean)
    )
    frame = pd.DataFrame(
        {
            "text_clean": clean,
            "is_empty": pd.Series(is_empty, index=texts.index, dtype=bool),
            "empty_reason": pd.Series(reasons, index=texts.index, dtype=object),
            "is_duplicate": pd.Series(duplicates, index=texts.index, dtype=bool),
            "changes": ["; ".join(ch) for _, ch in cleaned],
        },
        index=texts.index,
    )
    return frame
