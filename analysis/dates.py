"""Dates as Thai reports print them: Buddhist Era, Thai month names."""

from __future__ import annotations

import datetime as dt

from pythainlp.util import thai_strftime

DEFAULT_DATE_FORMAT = "%-d %B พ.ศ. %Y"  # 21 สิงหาคม พ.ศ. 2562
DEFAULT_DATETIME_FORMAT = "%-d %b %Y %H:%M น."  # 21 ส.ค. 2562 15:05 น.


def _as_datetime(value: dt.date) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime(value.year, value.month, value.day)  # noqa: DTZ001 - a calendar date


def thai_date(value: dt.date, fmt: str = DEFAULT_DATE_FORMAT) -> str:
    """Return a date in Thai with the Buddhist Era year, e.g. "21 สิงหาคม พ.ศ. 2562"."""
    return thai_strftime(_as_datetime(value), fmt)


def thai_datetime(value: dt.datetime, fmt: str = DEFAULT_DATETIME_FORMAT) -> str:
    """Return a moment in Thai with the Buddhist Era year, e.g. "21 ส.ค. 2562 15:05 น."."""
    return thai_strftime(value, fmt)


def thai_date_range(starts_on: dt.date, ends_on: dt.date) -> str:
    """Return a workshop's dates in Thai, shortened when they share a month or a year."""
    if starts_on == ends_on:
        return thai_date(starts_on)
    if (starts_on.year, starts_on.month) == (ends_on.year, ends_on.month):
        return f"{starts_on.day}–{thai_date(ends_on)}"
    if starts_on.year == ends_on.year:
        return f"{thai_date(starts_on, '%-d %B')} – {thai_date(ends_on)}"
    return f"{thai_date(starts_on)} – {thai_date(ends_on)}"
