"""Editing a questionnaire as plain data: add, replace, duplicate, delete and move questions and
sections, insert items from a question bank, and list what changed between two versions.

Every function takes the plain structure (as YAML/JSON files hold it) and returns a new one,
never changing its input; the result is checked by ``analysis.questionnaire.validate`` like
any file, so an edit can never store a questionnaire a file could not hold.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from typing import Any

Data = dict[str, Any]
MAX_ID_LENGTH = 40
_RE_NOT_ID = re.compile(r"[^a-z0-9_]+")


def blank(qid: str, title: str) -> Data:
    """Return a new questionnaire with one empty section, Thai first."""
    return {
        "id": qid,
        "version": 1,
        "title": {"th": title},
        "languages": ["th", "en", "ms"],
        "sections": [{"id": "part_1", "title": {"th": "ส่วนที่ 1"}, "questions": []}],
    }


def question_ids(data: Data) -> list[str]:
    """Return every question id in order."""
    return [q.get("id") for s in data.get("sections", []) for q in s.get("questions", [])]


def locate(data: Data, qid: str) -> tuple[int, int]:
    """Return (section index, question index) of a question; KeyError when there is none."""
    for si, section in enumerate(data["sections"]):
        for qi, question in enumerate(section["questions"]):
            if question.get("id") == qid:
                return si, qi
    raise KeyError(qid)


def section_index(data: Data, sid: str) -> int:
    """Return the index of a section; KeyError when there is none."""
    for si, section in enumerate(data["sections"]):
        if section.get("id") == sid:
            return si
    raise KeyError(sid)


def free_id(taken: Iterable[str], wanted: str) -> str:
    """Return `wanted` made a valid id (a-z, 0-9, _) that is not taken: "speaker_2" when
    "speaker" is."""
    base = _RE_NOT_ID.sub("_", wanted.lower()).strip("_") or "q"
    if not base[0].isalpha():
        base = f"q_{base}"
    base = base[: MAX_ID_LENGTH - 4].replace("__", "_")
    used = set(taken)
    if base not in used:
        return base
    n = 2
    while f"{base}_{n}" in used:
        n += 1
    return f"{base}_{n}"


def put_question(data: Data, question: Data, section_id: str, replacing: str | None = None) -> Data:
    """Return `data` with `question` in the section `section_id`: in place of `replacing`
    (moved to the end of the other section if the section changed), or at its end when new."""
    out = copy.deepcopy(data)
    target = section_index(out, section_id)
    if replacing is not None:
        si, qi = locate(out, replacing)
        if si == target:
            out["sections"][si]["questions"][qi] = copy.deepcopy(question)
            return out
        del out["sections"][si]["questions"][qi]
    out["sections"][target]["questions"].append(copy.deepcopy(question))
    return out


def duplicate_question(data: Data, qid: str) -> tuple[Data, str]:
    """Return `data` with a copy of a question right after it, and the copy's new id."""
    out = copy.deepcopy(data)
    si, qi = locate(out, qid)
    twin = copy.deepcopy(out["sections"][si]["questions"][qi])
    twin["id"] = free_id(question_ids(out), qid)
    out["sections"][si]["questions"].insert(qi + 1, twin)
    return out, twin["id"]


def dependents(data: Data, qid: str) -> list[str]:
    """Return the ids of the questions and sections whose condition names question `qid`."""
    items = [*data["sections"], *(q for s in data["sections"] for q in s["questions"])]
    return [
        item["id"]
        for item in items
        if isinstance(item.get("show_if"), dict) and item["show_if"].get("question") == qid
    ]


def remove_question(data: Data, qid: str) -> Data:
    """Return `data` without a question."""
    out = copy.deepcopy(data)
    si, qi = locate(out, qid)
    del out["sections"][si]["questions"][qi]
    return out


def move_question(data: Data, qid: str, step: int) -> Data:
    """Return `data` with a question one place up (step -1) or down (+1); past the start or end
    of its section it moves to the end of the section before or the start of the one after."""
    out = copy.deepcopy(data)
    si, qi = locate(out, qid)
    questions = out["sections"][si]["questions"]
    target = qi + step
    if 0 <= target < len(questions):
        questions[qi], questions[target] = questions[target], questions[qi]
        return out
    other = si + step
    if not 0 <= other < len(out["sections"]):
        return out
    moved = questions.pop(qi)
    if step < 0:
        out["sections"][other]["questions"].append(moved)
    else:
        out["sections"][other]["questions"].insert(0, moved)
    return out


def put_section(data: Data, section: Data, replacing: str | None = None) -> Data:
    """Return `data` with a section's id, title and condition set (its questions kept), or
    with a new empty section at the end."""
    out = copy.deepcopy(data)
    if replacing is None:
        out["sections"].append({**copy.deepcopy(section), "questions": []})
        return out
    si = section_index(out, replacing)
    questions = out["sections"][si]["questions"]
    out["sections"][si] = {**copy.deepcopy(section), "questions": questions}
    return out


def remove_section(data: Data, sid: str) -> Data:
    """Return `data` without a section and its questions."""
    out = copy.deepcopy(data)
    del out["sections"][section_index(out, sid)]
    return out


def move_section(data: Data, sid: str, step: int) -> Data:
    """Return `data` with a section one place up (-1) or down (+1)."""
    out = copy.deepcopy(data)
    si = section_index(out, sid)
    target = si + step
    if 0 <= target < len(out["sections"]):
        sections = out["sections"]
        sections[si], sections[target] = sections[target], sections[si]
    return out


def insert_items(data: Data, section_id: str, items: Iterable[Data]) -> tuple[Data, list[str]]:
    """Return `data` with copies of question bank items at the end of a section, and their ids
    (an id already used gets a number: "speaker_2")."""
    out = copy.deepcopy(data)
    target = out["sections"][section_index(out, section_id)]["questions"]
    added = []
    for item in items:
        copied = copy.deepcopy(item)
        copied.pop("show_if", None)  # a bank item's condition names questions this form lacks
        copied["id"] = free_id(question_ids(out), str(item["id"]))
        target.append(copied)
        added.append(copied["id"])
    return out, added


def changes(old: Data, new: Data) -> list[tuple[str, str, tuple[str, ...]]]:
    """Return what differs from `old` to `new`: (kind, id, keys) with kind one of "title",
    "settings", "section added", "section removed", "section changed", "sections moved",
    "question added", "question removed", "question changed", "questions moved"."""
    found: list[tuple[str, str, tuple[str, ...]]] = []
    for key in ("title", "intro", "languages"):
        if old.get(key) != new.get(key):
            found.append(("title" if key == "title" else "settings", key, (key,)))
    found += _diff_items(
        {s["id"]: _without(s, "questions") for s in old["sections"]},
        {s["id"]: _without(s, "questions") for s in new["sections"]},
        "section",
    )
    before = {q["id"]: q for s in old["sections"] for q in s["questions"]}
    after = {q["id"]: q for s in new["sections"] for q in s["questions"]}
    found += _diff_items(before, after, "question")
    old_ids = [s["id"] for s in old["sections"]]
    new_ids = [s["id"] for s in new["sections"]]
    if [i for i in old_ids if i in new_ids] != [i for i in new_ids if i in old_ids]:
        found.append(("sections moved", "", ()))
    kept_old = [
        (s["id"], q["id"]) for s in old["sections"] for q in s["questions"] if q["id"] in after
    ]
    kept_new = [
        (s["id"], q["id"]) for s in new["sections"] for q in s["questions"] if q["id"] in before
    ]
    if kept_old != kept_new:
        found.append(("questions moved", "", ()))
    return found


def _without(item: Data, key: str) -> Data:
    return {k: v for k, v in item.items() if k != key}


def _diff_items(
    old: dict[str, Data], new: dict[str, Data], what: str
) -> list[tuple[str, str, tuple[str, ...]]]:
    found: list[tuple[str, str, tuple[str, ...]]] = []
    for key in new:
        if key not in old:
            found.append((f"{what} added", key, ()))
        elif old[key] != new[key]:
            keys = sorted(
                k for k in set(old[key]) | set(new[key]) if old[key].get(k) != new[key].get(k)
            )
            found.append((f"{what} changed", key, tuple(keys)))
    found += [(f"{what} removed", key, ()) for key in old if key not in new]
    return found
