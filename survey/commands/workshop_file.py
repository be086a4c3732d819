"""A whole workshop in one YAML file, for `./sala run workshops create FILE.yaml`.

```yaml
title: สัมมนาเชิงปฏิบัติการ ปัตตานี
venue: โรงแรมซี.เอส. ปัตตานี
organiser: ศอ.บต.
expected_attendance: 80
staff: [somchai, analyst1]          # optional: existing accounts to assign
days:
  - date: 2026-12-01
    title: วันที่ 1
    sessions:
      - {title: พิธีเปิด, questionnaire: session_feedback, open: true}
```
Loading validates the whole file and names the file, the line and the problem.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from analysis.dates import BuddhistEraYearError
from analysis.dates import parse_date
from analysis.questionnaire.load import QuestionnaireError
from analysis.questionnaire.load import _LineLoader
from analysis.questionnaire.load import read_yaml
from analysis.questionnaire.model import Questionnaire
from analysis.text.intake import intake_text
from analysis.text.intake import xml_safe

WORKSHOP_KEYS = {"title", "venue", "organiser", "expected_attendance", "staff", "days"}
DAY_KEYS = {"date", "title", "sessions"}
SESSION_KEYS = {"title", "questionnaire", "open"}


class _WorkshopLoader(_LineLoader):
    """Reads dates as text, so that an impossible date is reported with its line."""


_WorkshopLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _LineLoader.yaml_implicit_resolvers.items()
}


class WorkshopFileError(QuestionnaireError):
    """A workshop file that cannot be used, with the file and line at fault."""


class _Reader:
    """Validates a workshop file's data, one helper per level."""

    def __init__(self, source: str, questionnaires: Mapping[str, Questionnaire]) -> None:
        self.source = source
        self.questionnaires = questionnaires

    def fail(self, node: Any, problem: str) -> WorkshopFileError:
        return WorkshopFileError(self.source, getattr(node, "line", None), problem)

    def mapping(self, node: Any, allowed: set[str], what: str) -> dict[str, Any]:
        if not isinstance(node, dict):
            raise self.fail(node, f"each {what} must be a mapping")
        unknown = sorted(set(node) - allowed)
        if unknown:
            raise self.fail(
                node, f"{what}: unknown key '{unknown[0]}'; use {', '.join(sorted(allowed))}"
            )
        return node

    def text(self, node: dict[str, Any], key: str, what: str, required: bool = True) -> str:
        value = node.get(key, "")
        text = intake_text(value, single_line=True) if isinstance(value, str) else None
        if text is None or (required and not text):
            raise self.fail(node, f"{what}: '{key}' must be non-empty text")
        return text

    def workshop(self, data: Any) -> dict[str, Any]:
        data = self.mapping(data, WORKSHOP_KEYS, "workshop")
        expected = data.get("expected_attendance")
        if expected is not None and (
            not isinstance(expected, int) or isinstance(expected, bool) or expected < 1
        ):
            raise self.fail(data, "workshop: 'expected_attendance' must be a whole number from 1")
        staff = data.get("staff", [])
        if not isinstance(staff, list) or not all(isinstance(s, str) for s in staff):
            raise self.fail(data, "workshop: 'staff' must be a list of usernames")
        days_data = data.get("days")
        if not isinstance(days_data, list) or not days_data:
            raise self.fail(data, "workshop: 'days' must be a non-empty list")
        days = [self.day(day) for day in days_data]
        dates = [day["date"] for day in days]
        if len(set(dates)) != len(dates):
            raise self.fail(data, "workshop: two days have the same date")
        return {
            "title": self.text(data, "title", "workshop"),
            "venue": self.text(data, "venue", "workshop", required=False),
            "organiser": self.text(data, "organiser", "workshop", required=False),
            "expected_attendance": expected,
            "starts_on": min(dates),
            "ends_on": max(dates),
            "staff": staff,
            "days": sorted(days, key=lambda day: day["date"]),
        }

    def day(self, data: Any) -> dict[str, Any]:
        data = self.mapping(data, DAY_KEYS, "day")
        date = data.get("date")
        if isinstance(date, str):
            try:
                date = parse_date(date)
            except BuddhistEraYearError as be:
                raise self.fail(data, f"day: date {be}") from None
            except ValueError:
                raise self.fail(data, f"day: date {date!r} is not YYYY-MM-DD") from None
        if not isinstance(date, dt.date):
            raise self.fail(data, "day: 'date' must be a date like 2026-12-01")
        sessions = data.get("sessions")
        if not isinstance(sessions, list) or not sessions:
            raise self.fail(data, f"day {date}: 'sessions' must be a non-empty list")
        return {
            "date": date,
            "title": self.text(data, "title", f"day {date}", required=False),
            "sessions": [self.session(s) for s in sessions],
        }

    def session(self, data: Any) -> dict[str, Any]:
        data = self.mapping(data, SESSION_KEYS, "session")
        title = self.text(data, "title", "session")
        qid = data.get("questionnaire")
        if qid not in self.questionnaires:
            known = ", ".join(sorted(self.questionnaires))
            raise self.fail(
                data, f"session '{title}': unknown questionnaire {qid!r}; use one of {known}"
            )
        is_open = data.get("open", False)
        if not isinstance(is_open, bool):
            raise self.fail(data, f"session '{title}': 'open' must be true or false")
        return {"title": title, "questionnaire": self.questionnaires[qid], "is_open": is_open}


def load_workshop_file(
    path: str | Path, questionnaires: Mapping[str, Questionnaire]
) -> dict[str, Any]:
    """Return the workshop spec in a YAML file (for store.create_workshop), plus its `staff`."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise WorkshopFileError(path.name, None, "file not found") from None
    except UnicodeDecodeError:
        raise WorkshopFileError(path.name, None, "the file is not UTF-8 text") from None
    try:
        data = read_yaml(xml_safe(text), path.name, _WorkshopLoader, "not valid YAML")
    except QuestionnaireError as exc:
        raise WorkshopFileError(exc.source, exc.line, exc.problem) from None
    return _Reader(path.name, questionnaires).workshop(data)
