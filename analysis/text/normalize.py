"""The normalised form of a free-text answer: what every display, count, theme and mask works on.

Each step is a small ``str -> str`` function; ``normalize_with_changes`` runs them in order and
names the ones that changed the text. The first five are the characters of ``intake_text``,
so text stored before that gate existed, and text from a CSV file, reads the same; the rest
(spacing, laughter, digits, repeats) are for reading, never applied to what is stored.
"""

from __future__ import annotations

import re

from analysis.text.intake import fold_fullwidth
from analysis.text.intake import nfc
from analysis.text.intake import normalize_thai
from analysis.text.intake import remove_invisible
from analysis.text.intake import unify_line_breaks
from analysis.text.intake import xml_safe
from analysis.text.tokens import LAUGHTER

_RE_SPACES = re.compile(r"[^\S\n]+")  # spaces and tabs, not line breaks: they separate points
_RE_LINE_BREAKS = re.compile(r"[ ]*\n[\s]*")
_RE_REPEAT = re.compile(r"([\u0e01-\u0e4e])\1{2,}")  # "ดีมากกกก" -> "ดีมาก"; "1000" stays
# "555", "5555+", "๕๕๕": laughter, unless it is part of a bigger number ("15550", "5,555").
_RE_LAUGHTER = re.compile(r"(?<![\d.,])(?:5{3,}|๕{3,})\+*(?![\d.,])")
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def remove_unstorable(text: str) -> str:
    """Return ``text`` with LF line breaks and without characters no file may hold."""
    return xml_safe(unify_line_breaks(text))


def remove_zero_width(text: str) -> str:
    """Return ``text`` without zero-width and bidi characters, blank look-alikes as spaces."""
    return remove_invisible(text)


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
    ("characters", remove_unstorable),
    ("nfc", nfc),
    ("fullwidth", fold_fullwidth),
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
