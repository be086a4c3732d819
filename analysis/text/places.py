"""Place names in Thai text: provinces, districts, subdistricts, and roads, sois and
intersections named after their marker, kept whole as one word and flagged, so that word counts
see "หนองจิก" (a district of Pattani) once, not "หนอง" + "จิก", and themes never gather
answers by where they were written.

Sources: provinces from PyThaiNLP (``pythainlp.corpus.provinces``); districts and subdistricts
from ``geothai`` (the Department of Provincial Administration's codes and names, CC-BY-4.0),
as PyThaiNLP ships no district or subdistrict list; road, soi and intersection names from the
Thai Wikipedia titles PyThaiNLP ships ("ถนนลาดพร้าว", "แยกลำสาลี").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from collections.abc import Sequence
from functools import lru_cache
from importlib.resources import files

import geothai
from pythainlp.corpus import provinces

from analysis.text.segmenters import fast_segment

# Markers of an administrative area: the name after one is a place whatever it is, even a
# common word ("อ.สอง", "ต.ใหม่"). The markers themselves say where, not what, so they are
# places too: they weigh little in themes and never name one.
ADMIN_MARKERS: frozenset[str] = frozenset(
    {"ตำบล", "ต.", "อำเภอ", "อ.", "จังหวัด", "จ.", "แขวง", "เขต", "หมู่", "หมู่ที่", "ม."}
)
# Markers of a road, soi or intersection: the word itself is a topic ("ถนนชำรุด"); only the
# name after it is a place.
ROAD_MARKERS: frozenset[str] = frozenset({"ถนน", "ถ.", "ซอย", "ซ.", "แยก", "สี่แยก", "สามแยก"})
# The abbreviations, written out for word counts: "ถ." is read as "ถนน".
ABBREVIATIONS: dict[str, str] = {"ถ.": "ถนน", "ซ.": "ซอย"}
# Provinces that are also everyday words ("ดีเลย", "ตากผ้า", "แพร่ระบาด"): places only after
# a marker.
COMMON_WORD_PROVINCES: frozenset[str] = frozenset({"เลย", "ตาก", "แพร่"})
MAX_NAME_PIECES = 4  # newmm splits the longest names (กาญจนดิษฐ์, ขามสะแกแสง) into at most 4
MIN_PIECE_CHARS = 2  # a name newmm cuts into single letters ("บิ|ง") is segmentation debris
BANGKOK_DISTRICT_PREFIX = "เขต"  # geothai names Bangkok's districts "เขตบางกะปิ"
_WIKIPEDIA_TITLES = "wikipedia_titles_th.txt"


def _provinces() -> set[str]:
    """Return the 77 provinces' Thai names (PyThaiNLP)."""
    return {str(name) for name in provinces()}


@lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    """Return every province, district and subdistrict name in Thai (about 6,000)."""
    names = _provinces() | {"เมือง"}  # "อ.เมือง": every province's capital district
    for province in geothai.provinces():
        for district in geothai.districts(province.code):
            names.add(district.name_th.removeprefix(BANGKOK_DISTRICT_PREFIX))
            names.update(s.name_th for s in geothai.subdistricts(district.code))
    return frozenset(n for n in names if n)


def _everyday_pieces(pieces: Sequence[str], everyday: frozenset[str]) -> bool:
    """Return whether a name's pieces look like ordinary words rather than a name."""
    return any(len(p) < MIN_PIECE_CHARS or p in everyday for p in pieces)


@lru_cache(maxsize=2)
def standalone_places(
    everyday: frozenset[str], engine: Callable[[str], list[str]] = fast_segment
) -> frozenset[str]:
    """Return the place names that are places even with no marker before them.

    A province is one unless it is an everyday word. A district or subdistrict is one when
    newmm (``engine``) does not know it as a word (it cuts "หนองจิก" into "หนอง" + "จิก") and
    none of its pieces is an ``everyday`` word (stop and feedback words: "ในเมือง", "นาดี",
    "ทับมา" are subdistricts, and also "in town", "good field", "came over").
    """
    found = _provinces() - COMMON_WORD_PROVINCES
    for name in place_names():
        pieces = [p for p in engine(name) if not p.isspace()]
        if len(pieces) > 1 and not _everyday_pieces(pieces, everyday):
            found.add(name)
    return frozenset(found)


@lru_cache(maxsize=1)
def road_names() -> frozenset[str]:
    """Return the names of roads, sois and intersections that Thai Wikipedia has a page on,
    without their marker: "ลาดพร้าว" from "ถนนลาดพร้าว", "ลำสาลี" from "แยกลำสาลี"."""
    text = files("pythainlp.corpus").joinpath(_WIKIPEDIA_TITLES).read_text(encoding="utf-8")
    markers = "|".join(sorted(ROAD_MARKERS - set(ABBREVIATIONS), key=len, reverse=True))
    return frozenset(n.strip() for n in re.findall(f"^(?:{markers})(.+)$", text, re.MULTILINE))


@lru_cache(maxsize=8)
def _prefixes(names: frozenset[str]) -> frozenset[str]:
    """Return every beginning of every name, to stop joining tokens as soon as none fits."""
    return frozenset(name[:end] for name in names for end in range(1, len(name) + 1))


def _is_name_word(token: str) -> bool:
    """Return whether a token can be (part of) a name: Thai or Latin letters, no digits."""
    return any(ch.isalpha() for ch in token) and not any(ch.isdigit() for ch in token)


def _longest(
    tokens: Sequence[str], start: int, known: frozenset[str], prefixes: frozenset[str]
) -> int:
    """Return how many tokens from ``start`` join into a name in ``known`` (0 if none);
    ``prefixes`` holds every beginning of those names."""
    joined, found = "", 0
    for length in range(1, min(MAX_NAME_PIECES, len(tokens) - start) + 1):
        joined += tokens[start + length - 1]
        if joined not in prefixes:
            break
        if joined in known:
            found = length
    return found


def join_places(
    tokens: Sequence[str],
    everyday: frozenset[str],
    engine: Callable[[str], list[str]] = fast_segment,
) -> list[tuple[str, bool]]:
    """Return the tokens with place names joined into one, each with whether it is a place.

    ``tokens`` are newmm's words with whitespace left out. A name after an administrative
    marker (ต., อำเภอ, จ., เขต, หมู่ …) is any known place name; after a road marker (ถนน,
    ซ., แยก …) a road Thai Wikipedia knows, or after "ถ."/"ซ." the next word whatever it is;
    anywhere else only the names ``standalone_places`` allows (by the newmm ``engine`` that
    cut the tokens). Numbers are left as they are.
    """
    names = place_names()
    alone = standalone_places(everyday, engine)
    name_prefixes, alone_prefixes = _prefixes(names), _prefixes(alone)
    tagged: list[tuple[str, bool]] = []
    i = 0
    while i < len(tokens):
        previous = tokens[i - 1] if i else ""
        if previous in ADMIN_MARKERS:
            length = _longest(tokens, i, names, name_prefixes)
        elif previous in ROAD_MARKERS:
            roads = road_names()
            length = _longest(tokens, i, roads, _prefixes(roads))
            if not length and previous in ABBREVIATIONS and _is_name_word(tokens[i]):
                length = 1
        else:
            length = _longest(tokens, i, alone, alone_prefixes)
        if length:
            tagged.append(("".join(tokens[i : i + length]), True))
            i += length
        else:
            tagged.append((tokens[i], tokens[i] in ADMIN_MARKERS))
            i += 1
    return tagged
