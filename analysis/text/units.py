"""Splitting an answer that lists several points into suggestion units linked to their answer."""

from __future__ import annotations

import re

import pandas as pd

from analysis.text.answers import empty_reason

DEFAULT_MIN_UNIT_CHARS = 2  # a lone letter or digit left by a split is not a point

_RE_LINES = re.compile(r"\s*(?:\n|;|•|·|▪|►|✓|\u2022)\s*")
# "1." "2)" "(3)" "๑." "ข้อ 1" at the start of a point; "9.30" and "2.5" are numbers, not markers.
_RE_NUMBER_MARKER = re.compile(
    r"(?:^|(?<=\s))(?:\(?[0-9๐-๙]{1,2}[.)](?![0-9๐-๙])|ข้อ\s?[0-9๐-๙]{1,2}[.):]?)\s*"
)
_RE_BULLET = re.compile(r"^\s*[-*–—+>]\s*")
# "และ"/"อีกทั้ง" only splits when a new suggestion follows ("... และควรเลือกสถานที่ใกล้เมือง");
# "ข้าวและน้ำ" stays one point.
_SUGGESTION_STARTS = "ควร|ไม่ควร|อยากให้|อยาก|ขอให้|ขอ|น่าจะ|ต้องการ|ต้อง|ให้|เพิ่ม|ลด|ปรับ|จัด|ควรจะ"
# Without a space before "และ" only a clear suggestion verb starts a new point.
_STRONG_STARTS = "ควร|ไม่ควร|อยากให้|ขอให้|น่าจะ"
_RE_CLAUSE_JOIN = re.compile(
    rf"\s+(?:และ|อีกทั้ง|นอกจากนี้|อีกอย่าง)\s*(?=(?:{_SUGGESTION_STARTS}))"
    rf"|(?<=\S)และ(?=(?:{_STRONG_STARTS}))"
)


def _split_numbered(text: str) -> list[str]:
    """Return the numbered points of ``text`` when it has two or more markers, else ``[text]``."""
    if len(_RE_NUMBER_MARKER.findall(text)) < 2:
        return [text]
    return _RE_NUMBER_MARKER.split(text)


def _split_lines(text: str) -> list[str]:
    """Return the lines and bullet points of ``text``."""
    return [_RE_BULLET.sub("", part) for part in _RE_LINES.split(text)]


def _split_clauses(text: str) -> list[str]:
    """Return ``text`` split where "และ" or a similar word starts a new suggestion."""
    return _RE_CLAUSE_JOIN.split(text)


def split_units(text: str) -> list[str]:
    """Return the suggestion units of one answer, in order; one unit when it makes one point.

    A point that is not an answer ("2. ไม่มีค่ะ 🙏") is left out, so it never joins a theme.
    """
    units = [text]
    for step in (_split_numbered, _split_lines, _split_clauses):
        units = [piece for unit in units for piece in step(unit)]
    stripped = (u.strip() for u in units)
    return [u for u in stripped if len(u) >= DEFAULT_MIN_UNIT_CHARS and empty_reason(u) is None]


def units_frame(texts: pd.Series) -> pd.DataFrame:
    """Return one row per suggestion unit.

    Columns: ``response`` (the index label of the answer in ``texts``), ``unit_no`` (int,
    0-based position within the answer), ``unit`` (str). Answers with no unit have no row.
    """
    rows = [
        (label, number, unit)
        for label, text in texts.items()
        if isinstance(text, str)
        for number, unit in enumerate(split_units(text))
    ]
    return pd.DataFrame(rows, columns=["response", "unit_no", "unit"]).astype({"unit_no": int})
