"""Who answered: distinct participants against responses, overall, per day and per session.

A participant is an anonymous respondent key (``respondent_key`` in the responses frame); a
response is one filled-in questionnaire. One person answering the four sessions of a workshop
is one participant and four responses: responses are never added up as people.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field
from typing import TYPE_CHECKING
from typing import Any

if TYPE_CHECKING:
    import pandas as pd

ATTENDANCE_KEYS = ("session_id", "day", "respondent_key")
ATTENDANCE_COLUMNS = ("scope", "key", "participants", "responses")


@dataclass(frozen=True)
class Attendance:
    """Participants and responses of some sessions.

    ``participants``: distinct respondent keys; ``responses``: filled-in questionnaires;
    ``sessions``: sessions with at least one response; ``by_day``: day number ->
    (participants that day, responses that day); ``by_session``: session id ->
    (participants, responses).
    """

    participants: int = 0
    responses: int = 0
    sessions: int = 0
    by_day: dict[int, tuple[int, int]] = field(default_factory=dict)
    by_session: dict[int, tuple[int, int]] = field(default_factory=dict)

    def share_of(self, expected: int | None) -> float | None:
        """Return participants as a share (0-1, may exceed 1) of the expected attendance, or None
        when no attendance is expected."""
        return self.participants / expected if expected else None

    def as_dict(self, expected: int | None = None) -> dict[str, Any]:
        """Return the counts as JSON-ready data (day and session keys as strings)."""
        share = self.share_of(expected)
        return {
            "participants": self.participants,
            "responses": self.responses,
            "sessions": self.sessions,
            "expected": expected,
            "participant_share": None if share is None else round(share, 4),
            "by_day": {
                str(d): {"participants": p, "responses": r}
                for d, (p, r) in sorted(self.by_day.items())
            },
            "by_session": {
                str(s): {"participants": p, "responses": r}
                for s, (p, r) in sorted(self.by_session.items())
            },
        }


def attendance(frame: pd.DataFrame) -> Attendance:
    """Return the participants and responses of a frame with ``session_id``, ``day`` and
    ``respondent_key`` columns (the responses frame, or those columns of it), one row per
    response.

    Participants are distinct ``respondent_key`` values: overall, per day (one person answering
    two sessions of a day counts once that day) and per session.
    """
    missing = [c for c in ATTENDANCE_KEYS if c not in frame.columns]
    if missing:
        raise ValueError(f"the frame needs {', '.join(missing)}")
    if frame.empty:
        return Attendance()
    keys = frame[list(ATTENDANCE_KEYS)]
    per_session = _counted(keys, "session_id")
    return Attendance(
        participants=int(keys["respondent_key"].nunique()),
        responses=len(keys),
        sessions=len(per_session),
        by_day=_counted(keys, "day"),
        by_session=per_session,
    )


def _counted(keys: pd.DataFrame, by: str) -> dict[int, tuple[int, int]]:
    counted = keys.groupby(by)["respondent_key"].agg(["nunique", "size"])
    return {int(k): (int(p), int(r)) for k, p, r in counted.itertuples()}


def attendance_of(rows: Iterable[tuple[int, int, str]]) -> Attendance:
    """Return `attendance` of (session id, day, respondent key) tuples, one per response."""
    import pandas as pd  # the participant side imports this module, not pandas

    return attendance(pd.DataFrame(list(rows), columns=list(ATTENDANCE_KEYS)))


def attendance_from_counts(rows: Iterable[tuple[str, int, int, int]]) -> Attendance:
    """Return `attendance` from counts made elsewhere (in SQL, by ``survey.store``):
    (scope, key, participants, responses) rows, scope "session" (key: session id), "day"
    (key: day number) or "all" (key ignored; none means no responses). Each count must follow
    `attendance`'s definition: participants are distinct respondent keys of the scope.
    """
    by_scope: dict[str, dict[int, tuple[int, int]]] = {"session": {}, "day": {}, "all": {}}
    for scope, key, participants, responses in rows:
        by_scope[scope][int(key)] = (int(participants), int(responses))
    participants, responses = next(iter(by_scope["all"].values()), (0, 0))
    if not responses:
        return Attendance()
    return Attendance(
        participants=participants,
        responses=responses,
        sessions=len(by_scope["session"]),
        by_day=by_scope["day"],
        by_session=by_scope["session"],
    )


def attendance_of_frames(frames: Iterable[pd.DataFrame]) -> Attendance:
    """Return `attendance` of several responses frames together (one per questionnaire)."""
    import pandas as pd  # the participant side imports this module, not pandas

    keys = [f[list(ATTENDANCE_KEYS)] for f in frames]
    if not keys:
        return Attendance()
    return attendance(pd.concat(keys, ignore_index=True))


def attendance_table(
    counts: Attendance, session_titles: dict[int, str] | None = None
) -> pd.DataFrame:
    """Return the counts as rows for a spreadsheet.

    Returns
    -------
    pandas.DataFrame
        ``scope`` (``workshop``, ``day`` or ``session``), ``key`` (day number as int, or
        session title; "" for the workshop), ``participants`` (distinct people) and ``responses``.
    """
    import pandas as pd  # the participant side imports this module, not pandas

    titles = session_titles or {}
    rows: list[tuple[str, Any, int, int]] = [
        ("workshop", "", counts.participants, counts.responses)
    ]
    rows += [("day", d, p, r) for d, (p, r) in sorted(counts.by_day.items())]
    rows += [
        ("session", titles.get(s, str(s)), p, r) for s, (p, r) in sorted(counts.by_session.items())
    ]
    return pd.DataFrame(rows, columns=list(ATTENDANCE_COLUMNS))
