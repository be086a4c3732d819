"""What text may be stored, from any entry point, and how Thai names are matched and sorted.

``intake_text`` is the one gate: the participant form, the staff forms, the questionnaire loader,
the CSV input of ``clean`` and ``themes`` and workshop files all pass text through it before it
is stored or used. It takes out what no file format can hold (controls, noncharacters, lone
surrogates; PostgreSQL cannot store NUL at all), takes out invisible format characters (zero-width
spaces, bidi marks, the "blank" fillers people use to fake an answer) and writes Thai the one way
(Unicode NFC and PyThaiNLP's fixes: sara am typed as ํ + า, doubled vowels, เเ for แ).

``xml_safe`` is the writers' own guard, for text stored before this gate existed. ``text_key``
is what two spellings of one name share; ``thai_sorted`` puts names in Thai dictionary order.

Sources: XML 1.0 section 2.2 (the characters a document may hold); Unicode's noncharacters
(chapter 23.7) and Default_Ignorable_Code_Point and Bidi_Control properties (PropList.txt).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Hashable
from collections.abc import Iterable
from collections.abc import Sequence

from pythainlp.util import collate
from pythainlp.util import remove_dangling
from pythainlp.util import remove_repeat_vowels
from pythainlp.util import remove_spaces_before_marks

# C0 controls but tab, LF and CR; DEL and C1 controls; lone surrogates; the 66 noncharacters
# (those beyond U+FFFF in a pattern of their own: most text has no such character to look at).
_RE_UNSTORABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
)
_RE_ASTRAL_NONCHARACTERS = re.compile(
    "["
    + "".join(
        f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17)
    )
    + "]"
)
# Line breaks other than LF: CR LF and CR (old Mac, Excel), VT, FF, NEL, the Unicode separators.
_RE_LINE_BREAK = re.compile("\r\n?|[\x0b\x0c\x85\u2028\u2029]")
# Invisible format characters, removed like the zero-width space: soft hyphen, Arabic letter
# mark, Mongolian vowel separator, zero-width space/non-joiner/joiner, the bidi marks,
# embeddings, overrides and isolates (U+200E/F, U+202A-E, U+2066-9), word joiner and invisible
# operators, deprecated format characters, the byte-order mark and the tag characters (which
# can hide text that no one sees).
INVISIBLE_CHARACTERS = (
    "\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
    "\U000e0000-\U000e007f"
)
_RE_INVISIBLE = re.compile(f"[{INVISIBLE_CHARACTERS}]")
# Characters that look blank but are letters or symbols, so an answer of only these passes a
# "required" check: the Hangul fillers (U+3164 is the well-known "invisible name" trick), the
# braille blank. They are read as a space.
BLANK_LOOKALIKES = "\u115f\u1160\u3164\uffa0\u2800"
# Spaces other than U+0020: no-break, en/em and the other typographic spaces, ideographic.
_RE_OTHER_SPACES = re.compile(f"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000{BLANK_LOOKALIKES}]")
_RE_RUNS_OF_SPACE = re.compile(r"\s+")
_RE_FULLWIDTH = re.compile("[\uff01-\uff5e]+")  # fullwidth ASCII forms; U+3000 is a space above
_RE_SPACE_AFTER_ABBREVIATION = re.compile(r"(?<=[\u0e01-\u0e4e]\.) (?=[\u0e01-\u0e4e])")
# What PyThaiNLP's fixes look for (เเ, nikhahit, lakkhangyao, marks out of order or doubled,
# a space or nothing before a mark). Its thirty regex passes are the slowest step; most text
# needs none, so they are skipped when this finds nothing.
_RE_THAI_FIX_NEEDED = re.compile(
    r"\u0e40\u0e40|[\u0e4d\u0e45]"  # เเ, nikhahit (sara am typed in two), lakkhangyao
    r"|[\u0e48-\u0e4c][\u0e31\u0e34-\u0e3a]|[\u0e30\u0e32\u0e33][\u0e48-\u0e4b]"  # out of order
    r"|([\u0e30-\u0e3a\u0e40-\u0e44\u0e47-\u0e4e])[ ]*\1|[\u0e48-\u0e4b]{2}"  # doubled
    r"|(?:^|\s)[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]"  # a mark after a space or at the start
)


def xml_safe(text: str) -> str:
    """Return ``text`` without the characters no XML, DOCX, XLSX, HTML or JSON file may hold.

    C0 controls other than tab, LF and CR, DEL, the C1 controls, lone surrogates and the
    noncharacters (U+FDD0-U+FDEF, U+FFFE, U+FFFF and their twins in every plane) go.
    """
    text = _RE_UNSTORABLE.sub("", text)
    if text and max(text) > "\uffff":
        text = _RE_ASTRAL_NONCHARACTERS.sub("", text)
    return text


def unify_line_breaks(text: str) -> str:
    """Return ``text`` with every kind of line break written as LF."""
    return _RE_LINE_BREAK.sub("\n", text)


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC."""
    if unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


def fold_fullwidth(text: str) -> str:
    """Return ``text`` with fullwidth ASCII forms (U+FF01-FF5E: "０８１", "＠", "－") written as
    ASCII, by NFKC, so a number typed on a Chinese or Japanese
    keyboard is masked like any other and prints in Thai fonts, which lack these glyphs."""
    if not _RE_FULLWIDTH.search(text):
        return text
    return _RE_FULLWIDTH.sub(lambda found: unicodedata.normalize("NFKC", found.group(0)), text)


def remove_invisible(text: str) -> str:
    """Return ``text`` without invisible format characters and with blank look-alikes as spaces.

    Zero-width spaces and joiners, bidi marks and controls (U+200E/F, U+202A-E, U+2066-9), the
    word joiner, soft hyphens, byte-order marks and tag characters go; the Hangul fillers and
    the braille blank (U+3164, U+115F, U+1160, U+FFA0, U+2800) become spaces.
    """
    text = _RE_INVISIBLE.sub("", text)
    if any(ch in text for ch in BLANK_LOOKALIKES):
        text = re.sub(f"[{BLANK_LOOKALIKES}]", " ", text)
    return text


def normalize_thai(text: str) -> str:
    """Return ``text`` with PyThaiNLP's fixes: doubled vowels, เเ -> แ, split sara am."""
    if not _RE_THAI_FIX_NEEDED.search(text):
        return text
    return remove_dangling(remove_repeat_vowels(remove_spaces_before_marks(text)))


def intake_text(text: str, single_line: bool = False) -> str:
    """Return ``text`` as it may be stored: the one gate for text from any entry point.

    Line breaks become LF; characters no file may hold go (``xml_safe``); NFC; fullwidth
    forms as ASCII (``fold_fullwidth``); invisible
    format characters go and blank look-alikes become spaces (``remove_invisible``); Thai is
    written the one way (``normalize_thai``); spaces other than U+0020 become U+0020; the ends
    are stripped. ``single_line`` (names, labels, titles, column headers) also folds every run
    of whitespace, line breaks included, to one space. Never raises.
    """
    text = xml_safe(unify_line_breaks(text))
    text = normalize_thai(remove_invisible(fold_fullwidth(nfc(text))))
    text = _RE_OTHER_SPACES.sub(" ", text)
    if single_line:
        return _RE_RUNS_OF_SPACE.sub(" ", text).strip()
    return text.strip()


def intake_value(value: object, single_line: bool = False) -> object:
    """Return ``intake_text`` of a string; any other value unchanged (for form filters)."""
    return intake_text(value, single_line) if isinstance(value, str) else value


def text_key(text: str) -> str:
    """Return what two spellings of one name share, for matching and grouping.

    ``intake_text`` on one line, case folded, and no space after an abbreviation's full stop
    ("อบต. บ้านนา" and "อบต.บ้านนา" are one agency).
    """
    return _RE_SPACE_AFTER_ABBREVIATION.sub("", intake_text(text, single_line=True)).casefold()


def thai_sorted(items: Iterable[str], reverse: bool = False) -> list[str]:
    """Return ``items`` in Thai dictionary order (PyThaiNLP's ``collate``; tone marks ignored)."""
    return collate(list(items), reverse=reverse)


def thai_ranks(items: Iterable[str]) -> dict[str, int]:
    """Return each distinct item's position in Thai dictionary order, for sorting by a key."""
    return {item: rank for rank, item in enumerate(thai_sorted(set(items)))}


def most_common_spelling(spellings: Sequence[Hashable]) -> Hashable:
    """Return the spelling written most often, the first written on a tie."""
    counts: dict[Hashable, int] = {}
    for spelling in spellings:
        counts[spelling] = counts.get(spelling, 0) + 1
    return max(counts, key=lambda s: counts[s])
