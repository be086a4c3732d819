"""XLSForm (the spreadsheet format of ODK and KoboToolbox) read through pyxform, and written.

What maps to what (the README's table says the same):

- ``select_one L`` / ``select_multiple L`` with list L of the ``choices`` sheet: single and
  multiple choice; ``text``: short text (``appearance: multiline``: long text), its
  ``constraint`` ``string-length(.) <= N`` the length limit; ``range`` (step 1, within 0-100) and
  ``integer`` with ``constraint`` ``. >= a and . <= b``: a rating scale from a to b;
  ``begin_group``/``end_group``: sections; ``required``: yes/no; ``relevant``: a condition of the
  simple kind (``${q} = 'v'`` or ``selected(${q}, 'v')``, several joined with ``or``, all on
  one question); ``label``/``hint`` per language (``label::Thai (th)``, ``label::English (en)``,
  ``label::Malay (ms)``, a plain ``label`` being Thai); ``settings``: ``form_id`` is the id,
  ``form_title`` the Thai title. The metadata types (start, end, today, deviceid, …) are left
  out: Sala records when an answer came itself.
- Refused, one message per problem naming its sheet, row and type, nothing created: repeats,
  nested groups, calculations, notes, GPS, media, dates and times, ``or_other``, other
  languages, and expressions beyond the simple kind.

Writing one is ``analysis.questionnaire.xlsform_write``.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Any

from openpyxl import load_workbook
from pyxform.errors import PyXFormError
from pyxform.xls2json import workbook_to_json
from pyxform.xls2json_backends import get_xlsform

from analysis.questionnaire.model import LANGUAGES
from analysis.questionnaire.model import PAIR_LABELS
from analysis.questionnaire.model import PAIR_SUFFIXES
from analysis.questionnaire.model import Text

LANGUAGE_COLUMNS = {"th": "Thai (th)", "en": "English (en)", "ms": "Malay (ms)"}
_LANGUAGE_NAMES = {"thai": "th", "english": "en", "malay": "ms", "melayu": "ms", "default": "th"}
# Collected by the phone, not asked: Sala records the submit time itself.
METADATA_TYPES = frozenset(
    {"start", "end", "today", "deviceid", "phonenumber", "username", "email"}
    | {"simserial", "subscriberid", "audit", "start-geopoint", "background-audio"}
)
QUESTION_TYPES = frozenset({"select_one", "select_multiple", "text", "integer", "range"})
GROUP_TYPES = {"begin_group": 1, "begin group": 1, "end_group": -1, "end group": -1}
_ENDS_OF_REFUSED = frozenset({"end_repeat", "end repeat"})
REFUSED_COLUMNS = ("calculation", "choice_filter", "repeat_count", "trigger", "default")
DEFAULT_SECTION = "main"

_RE_LANGUAGE = re.compile(r"\((th|en|ms)\)\s*$")
_RE_NOT_ID = re.compile(r"[^a-z0-9]+")
_RE_EQUALS = re.compile(r"^\$\{([a-z][a-z0-9_]*)\}\s*=\s*'([^']*)'$")
_RE_SELECTED = re.compile(r"^selected\(\s*\$\{([a-z][a-z0-9_]*)\}\s*,\s*'([^']*)'\s*\)$")
_RE_OR = re.compile(r"\s+or\s+")
_RE_RANGE = re.compile(r"^\.\s*>=\s*(\d+)\s+and\s+\.\s*<=\s*(\d+)$")
_RE_LENGTH = re.compile(r"^string-length\(\s*\.\s*\)\s*<=\s*(\d+)$")
_TRUE = frozenset({"yes", "true", "true()", "1"})
_FALSE = frozenset({"", "no", "false", "false()", "0"})


class XLSFormError(ValueError):
    """An XLSForm Sala cannot take: every problem found, each naming its sheet and row, in
    English (``problems``) and in Thai (``problems_th``)."""

    def __init__(self, problems: Sequence[str], problems_th: Sequence[str] | None = None) -> None:
        super().__init__("; ".join(problems))
        self.problems = list(problems)
        self.problems_th = list(problems_th or problems)


def _language(suffix: str) -> str | None:
    """Return the language of a column suffix: "Thai (th)", "th", "Thai" or "default"."""
    found = _RE_LANGUAGE.search(suffix)
    if found:
        return found.group(1)
    name = suffix.strip().lower()
    return name if name in LANGUAGES else _LANGUAGE_NAMES.get(name)


def _form_id(value: str) -> str:
    """Return a form_id as a Sala id: "KoboForm-1" -> "koboform_1" (lowercase letters, digits
    and single _, starting with a letter, at most 40 characters)."""
    slug = _RE_NOT_ID.sub("_", value.strip().lower()).strip("_")
    if slug and not slug[0].isalpha():
        slug = f"form_{slug}"
    return slug[:40].rstrip("_")


def _texts(row: dict[str, str], column: str) -> dict[str, str]:
    found = {}
    for key, value in row.items():
        name, _, suffix = key.partition("::")
        if name == column and value:
            language = _language(suffix) if suffix else "th"
            if language:
                found[language] = value
    return found


class _Reader:
    """Turns pyxform's reading of a workbook into questionnaire data, collecting problems."""

    def __init__(self, book: Any) -> None:
        self.book = book
        self.problems: list[str] = []
        self.problems_th: list[str] = []
        self.rows = {r.get("name"): n for n, r in enumerate(book.survey or [], start=2) if r}

    def problem(self, sheet: str, row: int | None, text: str, th: str) -> None:
        self.problems.append(f"{sheet}, row {row}: {text}" if row else f"{sheet}: {text}")
        self.problems_th.append(f"ชีต {sheet} แถว {row}: {th}" if row else f"ชีต {sheet}: {th}")

    def check_sheets(self) -> None:
        """Note languages and columns Sala cannot keep, and every row of a type it cannot."""
        self.check_languages()
        self.check_rows()

    def check_languages(self) -> None:
        for sheet in ("survey", "choices"):
            for header in getattr(self.book, f"{sheet}_header", None) or []:
                for column in header:
                    name, _, suffix = str(column).partition("::")
                    if suffix and name in {"label", "hint"} and _language(suffix) is None:
                        self.problem(
                            sheet,
                            1,
                            f"column '{column}': language '{suffix}' is not th, en or ms",
                            f"คอลัมน์ '{column}': ภาษา '{suffix}' ไม่ใช่ th, en หรือ ms",
                        )

    def check_rows(self) -> None:
        depth = 0
        for number, row in enumerate(self.book.survey or [], start=2):
            kind = str(row.get("type", "")).strip()
            base = kind.split()[0] if kind else ""
            if not kind or base in METADATA_TYPES or kind in _ENDS_OF_REFUSED:
                continue  # a refused repeat is one problem, said at its beginning
            if kind in GROUP_TYPES:
                depth += GROUP_TYPES[kind]
                if depth > 1:
                    self.problem(
                        "survey",
                        number,
                        f"type '{kind}': a group inside a group (Sala's sections are not nested)",
                        f"ชนิด '{kind}': กลุ่มซ้อนในกลุ่ม (ส่วนของศาลาซ้อนกันไม่ได้)",
                    )
                continue
            if base not in QUESTION_TYPES or "or_other" in kind:
                self.problem(
                    "survey",
                    number,
                    f"type '{kind}' ('{row.get('name', '')}') is not something Sala can ask",
                    f"ชนิด '{kind}' ('{row.get('name', '')}') ศาลาถามแบบนี้ไม่ได้",
                )
            for column in REFUSED_COLUMNS:
                if row.get(column):
                    self.problem(
                        "survey",
                        number,
                        f"type '{kind}': column '{column}' is not supported",
                        f"ชนิด '{kind}': ศาลาไม่รองรับคอลัมน์ '{column}'",
                    )

    def questionnaire(self, tree: dict[str, Any]) -> dict[str, Any]:
        settings = (self.book.settings or [{}])[0] if self.book.settings else {}
        form_id = _form_id(str(settings.get("form_id") or tree.get("id_string") or ""))
        title = str(settings.get("form_title") or "").strip() or form_id
        sections: list[dict[str, Any]] = []
        loose: list[dict[str, Any]] = []
        for child in tree.get("children", []):
            if child.get("type") == "group" and child.get("name") != "meta":
                questions = self.questions(child.get("children", []))
                section = {
                    "id": child["name"],
                    "title": self.label(child) or child["name"],
                    "questions": questions,
                }
                relevant = child.get("bind", {}).get("relevant")
                if relevant:
                    section["show_if"] = self.condition(relevant, child["name"], "begin_group")
                sections.append(section)
            elif child.get("type") != "group":
                loose.extend(self.questions([child]))
        if loose:
            sections.insert(0, {"id": DEFAULT_SECTION, "title": title, "questions": loose})
        if not any(section["questions"] for section in sections):
            self.problem(
                "survey",
                None,
                "the form has no question Sala can ask",
                "แบบฟอร์มนี้ไม่มีคำถามที่ศาลาถามได้เลย",
            )
        languages = sorted(self.languages(), key=LANGUAGES.index)
        result: dict[str, Any] = {
            "id": form_id,
            "title": _texts(settings, "sala_title") or title,
            "languages": languages if "th" in languages else ["th", *languages],
            "sections": sections or [{"id": DEFAULT_SECTION, "title": title, "questions": []}],
        }
        intro = _texts(settings, "sala_intro")
        if intro:
            result["intro"] = intro
        return result

    def languages(self) -> set[str]:
        found = {"th"}
        for header in self.book.survey_header or []:
            for column in header:
                name, _, suffix = str(column).partition("::")
                if name == "label" and suffix and _language(suffix):
                    found.add(_language(suffix) or "th")
        return found

    def thai_label(self, element: dict[str, Any], name: str, row: int | None) -> Any:
        """Return a question's label; one with no Thai text is a problem (Thai is required)."""
        label = self.label(element)
        if isinstance(label, dict) and label and "th" not in label:
            self.problem(
                "survey",
                row,
                f"'{name}': no Thai label; add a 'label::Thai (th)' column (a plain 'label' "
                "column is read as Thai)",
                f"'{name}': ไม่มีข้อความภาษาไทย กรุณาเพิ่มคอลัมน์ 'label::Thai (th)' "
                "(คอลัมน์ 'label' เฉย ๆ อ่านเป็นภาษาไทย)",
            )
        return label or name

    def label(self, element: dict[str, Any]) -> dict[str, str] | str:
        return self.translations(element.get("label"))

    def translations(self, value: Any) -> dict[str, str] | str:
        if isinstance(value, str):
            return value
        if not isinstance(value, dict):
            return ""
        return {lang: text for key, text in value.items() if (lang := _language(key)) and text}

    def questions(self, children: list[dict[str, Any]]) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        for child in children:
            question = self.question(child)
            if question is None:
                continue
            pair = question.pop("_pair", None)
            if pair == "after" and found and found[-1].get("id") == question["id"]:
                continue  # the second half of a before/after pair Sala wrote
            found.append(question)
        return found

    def question(self, child: dict[str, Any]) -> dict[str, Any] | None:
        name = child.get("name", "")
        kind = child.get("type", "")
        row = self.rows.get(name)
        bind = child.get("bind", {})
        sala_type = str(child.get("sala_type", "") or "")
        data: dict[str, Any] = {"id": name, "label": self.thai_label(child, name, row)}
        if kind in ("select one", "select all that apply"):
            data = self.choice(child, data, sala_type)
        elif kind == "text":
            data.update(self.text(child, name, row))
        elif kind in ("integer", "range"):
            data.update(self.number(child, name, kind, row, sala_type))
        else:
            return None  # metadata, and what check_sheets already refused
        hint = self.translations(child.get("hint"))
        if data.get("type") in ("rating", "nps"):
            hint = self.scale_ends(child, data, hint)
        if hint:
            data["help"] = hint
        required = str(bind.get("required", "")).strip().lower()
        if required in _TRUE:
            data["required"] = True
        elif required not in _FALSE:
            self.problem(
                "survey",
                row,
                f"'{name}': required '{bind['required']}' is not yes or no",
                f"'{name}': required '{bind['required']}' ต้องเป็น yes หรือ no",
            )
        if bind.get("relevant"):
            data["show_if"] = self.condition(bind["relevant"], name, kind)
        return data

    def choice(self, child: dict[str, Any], data: dict[str, Any], sala_type: str) -> dict[str, Any]:
        single = child.get("type") == "select one"
        data["type"] = "single_choice" if single else "multiple_choice"
        data["options"] = [
            {"value": c["name"], "label": self.translations(c.get("label")) or c["name"]}
            for c in child.get("choices", [])
        ]
        if sala_type in ("likert", "before_after") and single:
            return self.scale(data, sala_type)
        return data

    def scale_ends(
        self, child: dict[str, Any], data: dict[str, Any], hint: dict[str, str] | str
    ) -> dict[str, str] | str:
        """Put the meaning of a scale's ends (the columns Sala writes) into `data`; return the
        hint without the "1 = …" parts Sala added to it for KoboToolbox."""
        low, high = (0, 10) if data["type"] == "nps" else (data.get("min"), data.get("max"))
        hints = {"th": hint} if isinstance(hint, str) else dict(hint)
        for key, column, value in (
            ("max_label", "sala_max_label", high),
            ("min_label", "sala_min_label", low),
        ):
            ends = self.translations(child.get(column))
            if not ends:
                continue
            data[key] = ends
            meaning = Text({"th": ends} if isinstance(ends, str) else ends)
            for lang, text in hints.items():
                part = f"{value} = {meaning.get(lang)}"
                hints[lang] = (
                    text.removesuffix(part).removesuffix(" · ") if text.endswith(part) else text
                )
        kept = {lang: text for lang, text in hints.items() if text}
        return kept.get("th", "") if isinstance(hint, str) else kept

    def text(self, child: dict[str, Any], name: str, row: int | None) -> dict[str, Any]:
        appearance = str(child.get("control", {}).get("appearance", ""))
        data: dict[str, Any] = {"type": "long_text" if "multiline" in appearance else "short_text"}
        constraint = str(child.get("bind", {}).get("constraint", "")).strip()
        limit = _RE_LENGTH.match(constraint)
        if limit:
            data["max_length"] = int(limit.group(1))
        elif constraint:
            self.problem(
                "survey",
                row,
                f"type 'text' ('{name}'): constraint '{constraint}' is not supported",
                f"ชนิด 'text' ('{name}'): ศาลาไม่รองรับ constraint '{constraint}'",
            )
        return data

    def scale(self, data: dict[str, Any], sala_type: str) -> dict[str, Any]:
        """Return a select_one Sala wrote for a likert or before/after question as that question."""
        levels = [o["label"] for o in sorted(data["options"], key=lambda o: -int(o["value"]))]
        qid, part = data["id"], None
        for suffix in PAIR_SUFFIXES:
            if sala_type == "before_after" and qid.endswith(f"__{suffix}"):
                qid, part = qid[: -len(suffix) - 2], suffix
        label = data["label"]
        if part and isinstance(label, dict):
            label = {
                k: v.removesuffix(f" ({PAIR_LABELS[part].get(k, '')})") for k, v in label.items()
            }
        result = {"id": qid, "type": sala_type, "label": label, "scale": levels}
        if part:
            result["_pair"] = part
        return result

    def number(
        self, child: dict[str, Any], name: str, kind: str, row: int | None, sala_type: str
    ) -> dict[str, Any]:
        if kind == "range":
            params = child.get("parameters", {})
            low, high, step = (
                str(params.get(k, d)) for k, d in (("start", 1), ("end", 10), ("step", 1))
            )
        else:
            found = _RE_RANGE.match(str(child.get("bind", {}).get("constraint", "")).strip())
            low, high, step = (found.group(1), found.group(2), "1") if found else ("", "", "")
        if not (low.isdigit() and high.isdigit() and step == "1" and int(low) < int(high) <= 100):
            self.problem(
                "survey",
                row,
                f"type '{kind}' ('{name}'): Sala asks numbers as a scale of whole numbers from 0 to 100; "
                "give range start/end (step 1) or constraint '. >= 1 and . <= 10'",
                f"ชนิด '{kind}' ('{name}'): ศาลาถามตัวเลขเป็นมาตรวัดจำนวนเต็ม 0 ถึง 100 "
                "กรุณาใส่ range start/end (step 1) หรือ constraint '. >= 1 and . <= 10'",
            )
            return {"type": "rating"}
        if sala_type == "nps" and (low, high) == ("0", "10"):
            return {"type": "nps"}
        return {"type": "rating", "min": int(low), "max": int(high)}

    def condition(self, expression: str, owner: str, kind: str) -> dict[str, Any] | None:
        parts = _RE_OR.split(expression.strip())
        pairs = [(_RE_EQUALS.match(p) or _RE_SELECTED.match(p)) for p in parts]
        questions = {m.group(1) for m in pairs if m}
        if not all(pairs) or len(questions) != 1:
            self.problem(
                "survey",
                self.rows.get(owner),
                f"type '{kind}' ('{owner}'): relevant '{expression}' is not of the simple kind "
                "Sala shows (${q} = 'v' or selected(${q}, 'v'), joined by or, on one question)",
                f"ชนิด '{kind}' ('{owner}'): เงื่อนไข relevant '{expression}' ซับซ้อนเกินกว่าที่ศาลาแสดงได้ "
                "(ใช้ได้ ${q} = 'v' หรือ selected(${q}, 'v') เชื่อมด้วย or บนคำถามเดียว)",
            )
            return None
        return {"question": questions.pop(), "values": [m.group(2) for m in pairs if m]}


def formula_cells(data: bytes) -> list[str]:
    """Return a problem for every cell of the workbook that holds a formula.

    pyxform reads a formula's cached result (nothing, in a file no spreadsheet has calculated),
    so a formula label would silently become the question's name; a formula is refused instead.
    """
    book = load_workbook(io.BytesIO(data), read_only=True)
    problems = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if getattr(cell, "data_type", None) == "f":
                    problems.append(
                        f"{sheet.title}, row {cell.row}: cell {cell.coordinate} is a formula "
                        f"({str(cell.value)[:40]!r}); type its text instead"
                    )  # thai_formula says it in Thai
    book.close()
    return problems


_RE_FORMULA = re.compile(
    r"^(.+), row (\d+): cell (\w+) is a formula \((.*)\); type its text instead$"
)


def thai_formula(problem: str) -> str:
    """Return a formula_cells problem in Thai."""
    found = _RE_FORMULA.match(problem)
    if not found:
        return problem
    sheet, row, cell, formula = found.groups()
    return f"ชีต {sheet} แถว {row}: ช่อง {cell} เป็นสูตร ({formula}) กรุณาพิมพ์ข้อความแทน"


def read_xlsform(data: bytes) -> dict[str, Any]:
    """Return questionnaire data (for the loader) from XLSForm bytes, read through pyxform.

    Raises XLSFormError listing every problem ("survey, row 7: type 'begin_repeat' …").
    """
    try:
        book = get_xlsform(io.BytesIO(data), file_type=".xlsx")
    except PyXFormError as exc:
        raise XLSFormError(
            [f"not an XLSForm workbook: {exc}"],
            ["ไฟล์นี้ไม่ใช่ XLSForm ที่อ่านได้ (ต้องเป็น .xlsx ที่มีชีต survey)"],
        ) from None
    reader = _Reader(book)
    for problem in formula_cells(data):
        reader.problems.append(problem)
        reader.problems_th.append(thai_formula(problem))
    reader.check_sheets()
    if reader.problems:
        raise XLSFormError(reader.problems, reader.problems_th)
    try:
        tree = workbook_to_json(book, form_name="sala", default_language="default", warnings=[])
    except PyXFormError as exc:
        raise XLSFormError([str(exc).strip()], [pyxform_th(str(exc))]) from None
    result = reader.questionnaire(tree)
    if reader.problems:
        raise XLSFormError(reader.problems, reader.problems_th)
    return result


def row_of(data: bytes, name: str) -> int | None:
    """Return the survey sheet row of the question or group `name`, for a loader's message."""
    try:
        book = get_xlsform(io.BytesIO(data), file_type=".xlsx")
    except PyXFormError:
        return None
    return _Reader(book).rows.get(name)


_RE_PYXFORM_ROW = re.compile(r"\[row\s*:\s*(\d+)\]")
# pyxform's most common refusals, said in Thai (its text stays for the command line).
_PYXFORM_TH = (
    ("list name", "ไม่พบรายการตัวเลือกนี้ในชีต choices หรือชื่อรายการสะกดไม่ตรงกัน"),
    ("duplicate", "มีชื่อ (name) ซ้ำกัน ชื่อคำถามและชื่อตัวเลือกในรายการเดียวกันต้องไม่ซ้ำ"),
    ("unmatched", "begin_group/end_group ไม่ครบคู่"),
    ("name", "ชื่อ (name) ของคำถามว่างหรือมีอักขระที่ใช้ไม่ได้"),
    ("label", "คำถามไม่มีข้อความ (label)"),
)


def pyxform_th(problem: str) -> str:
    """Return a refusal of pyxform's in Thai: the row it names and the common causes, never its
    English text after a Thai prefix."""
    found = _RE_PYXFORM_ROW.search(problem)
    where = f"ชีต survey แถว {found.group(1)}" if found else "ชีต survey"
    lowered = problem.lower()
    for key, thai in _PYXFORM_TH:
        if key in lowered:
            return f"{where}: {thai}"
    return f"{where}: ไฟล์นี้ไม่เป็นไปตามรูปแบบ XLSForm กรุณาเปิดตรวจใน KoboToolbox หรือ ODK"
