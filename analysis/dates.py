"""Dates as Thai reports print them (Buddhist Era, Thai month names), and dates as people type
them: ISO 8601 with the Gregorian year, a Buddhist Era year caught before it is stored."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from pythainlp.util import thai_strftime

DEFAULT_DATE_FORMAT = "%-d %B พ.ศ. %Y"  # 21 สิงหาคม พ.ศ. 2562
DEFAULT_DATETIME_FORMAT = "%-d %b %Y %H:%M น."  # 21 ส.ค. 2562 15:05 น.
SHORT_DATE_FORMAT = "%-d %b %Y"  # 15 ส.ค. 2562: how staff pages write a date
NO_BREAK_SPACE = "\u00a0"  # a date never splits across two lines
BUDDHIST_ERA_OFFSET = 543  # พ.ศ. = ค.ศ. + 543
# พ.ศ. 2400 is 1857: a Gregorian year this late is no workshop's, a Buddhist Era year is.
MIN_BUDDHIST_ERA_YEAR = 2400
_RE_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def local_time(moment: dt.datetime, timezone: str) -> dt.datetime:
    """Return a stored moment in `timezone` (an IANA name, e.g. "Asia/Bangkok"); a moment
    without a zone is UTC, as the database stores it (SQLite drops the zone)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(ZoneInfo(timezone))


class BuddhistEraYearError(ValueError):
    """A date typed with a Buddhist Era year where the Gregorian one is expected.

    ``written`` is the text as typed, ``year`` its Buddhist Era year and ``gregorian`` the
    date it means (None when no such day exists in either calendar).
    """

    def __init__(self, written: str, year: int, gregorian: dt.date | None) -> None:
        self.written = written
        self.year = year
        self.gregorian = gregorian
        instead = f"; write {gregorian.isoformat()}" if gregorian else ""
        super().__init__(f"{written} looks like a Buddhist Era year (พ.ศ. {year}){instead}")


def _from_buddhist_era(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year - BUDDHIST_ERA_OFFSET, month, day)
    except ValueError:
        return None


def parse_date(text: str) -> dt.date:
    """Return the date written as YYYY-MM-DD with the Gregorian (ค.ศ.) year.

    Raises BuddhistEraYearError for a year from MIN_BUDDHIST_ERA_YEAR on ("2569-12-01" is
    1 December 2026, written in the Buddhist Era), and ValueError for anything else that is
    not a real date.
    """
    text = text.strip()
    found = _RE_ISO_DATE.fullmatch(text)
    if found is None:
        raise ValueError(f"{text!r} is not a date written YYYY-MM-DD")
    year, month, day = (int(part) for part in found.groups())
    if year >= MIN_BUDDHIST_ERA_YEAR:
        raise BuddhistEraYearError(text, year, _from_buddhist_era(year, month, day))
    return dt.date(year, month, day)


def gregorian(value: dt.date) -> dt.date:
    """Return a date as the Gregorian calendar writes it; one stored with its Buddhist Era year
    (from before dates were checked) is read as such."""
    if value.year < MIN_BUDDHIST_ERA_YEAR:
        return value
    converted = _from_buddhist_era(value.year, value.month, value.day)
    return converted or dt.date(value.year - BUDDHIST_ERA_OFFSET, value.month, 28)


def _as_datetime(value: dt.date) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    value = gregorian(value)
    return dt.datetime(value.year, value.month, value.day)  # noqa: DTZ001 - a calendar date


def thai_date(value: dt.date, fmt: str = DEFAULT_DATE_FORMAT) -> str:
    """Return a date in Thai with the Buddhist Era year, e.g. "21 สิงหาคม พ.ศ. 2562"."""
    return thai_strftime(_as_datetime(value), fmt)


def short_thai_date(value: dt.date | None) -> str:
    """Return a date as staff pages write it, "15 ส.ค. 2562" (Buddhist Era, short month), its
    spaces no-break spaces so it never wraps; "" for None."""
    if value is None:
        return ""
    return thai_date(value, SHORT_DATE_FORMAT).replace(" ", NO_BREAK_SPACE)


def thai_datetime(value: dt.datetime, fmt: str = DEFAULT_DATETIME_FORMAT) -> str:
    """Return a moment in Thai with the Buddhist Era year, e.g. "21 ส.ค. 2562 15:05 น."."""
    return thai_strftime(value, fmt)


def thai_date_range(starts_on: dt.date, ends_on: dt.date) -> str:
    """Return a workshop's dates in Thai, shortened when they share a month or a year."""
    starts_on, ends_on = gregorian(starts_on), gregorian(ends_on)
    if starts_on == ends_on:
        return thai_date(starts_on)
    if (starts_on.year, starts_on.month) == (ends_on.year, ends_on.month):
        return f"{starts_on.day}–{thai_date(ends_on)}"
    if starts_on.year == ends_on.year:
        return f"{thai_date(starts_on, '%-d %B')} – {thai_date(ends_on)}"
    return f"{thai_date(starts_on)} – {thai_date(ends_on)}"
