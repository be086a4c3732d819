"""Moving questionnaires between servers and tools: read a YAML, JSON or XLSForm file, write one.

Whatever the format, the result passes the same checks as every questionnaire
(``analysis.questionnaire.validate``); a file that cannot be used is refused with every
problem found, and nothing is made of it.
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from analysis.questionnaire.load import parse_questionnaire
from analysis.questionnaire.model import Questionnaire
from analysis.questionnaire.validate import QuestionnaireError
from analysis.questionnaire.validate import validate_questionnaire
from analysis.questionnaire.xlsform import XLSFormError
from analysis.questionnaire.xlsform import read_xlsform
from analysis.questionnaire.xlsform import row_of
from analysis.questionnaire.xlsform_write import write_xlsform

# A download's file suffix -> the format written.
EXPORT_FORMATS = {"yaml": "yaml", "yml": "yaml", "json": "json", "xlsx": "xlsform"}
XLSFORM_SUFFIXES = (".xlsx", ".xlsm")


class TransferError(ValueError):
    """A questionnaire file that cannot be used; ``problems`` says each thing wrong in English
    (the command line), ``problems_th`` the same in Thai (the pages)."""

    def __init__(self, problems: list[str], problems_th: list[str] | None = None) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems
        self.problems_th = problems_th or [thai_place(p) for p in problems]


_RE_PLACE = re.compile(r"^(survey|choices|settings), row (\d+)")


def thai_place(problem: str) -> str:
    """Return a problem with its sheet and row said in Thai ("ชีต survey แถว 7")."""
    return _RE_PLACE.sub(r"ชีต \1 แถว \2", problem)


def _where_th(source: str, line: int | None) -> str:
    return f"{source} บรรทัด {line}" if line else source


def read_questionnaire(data: bytes, filename: str) -> Questionnaire:
    """Return the questionnaire in a file's bytes: XLSForm by an .xlsx name, else YAML or JSON.

    Raises TransferError with one message per problem (XLSForm: naming sheet, row and type).
    """
    if filename.lower().endswith(XLSFORM_SUFFIXES):
        try:
            plain = read_xlsform(data)
        except XLSFormError as refused:
            raise TransferError(refused.problems, refused.problems_th) from None
        try:
            return validate_questionnaire(plain, filename)
        except QuestionnaireError as refused:
            placed = [(_xlsform_place(data, filename, p), p) for p in refused.problems]
            raise TransferError(
                [f"{where}: {p.problem}" for where, p in placed],
                [thai_place(f"{where}: {p.problem_th}") for where, p in placed],
            ) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TransferError(
            [f"{filename}: the file is not UTF-8 text"],
            [f"{filename}: ไฟล์ไม่ใช่ข้อความแบบ UTF-8"],
        ) from None
    try:
        return parse_questionnaire(text, filename)
    except QuestionnaireError as refused:
        raise TransferError(
            [f"line {p.line}: {p.problem}" if p.line else p.problem for p in refused.problems],
            [f"{_where_th(p.source, p.line)}: {p.problem_th}" for p in refused.problems],
        ) from None


def _xlsform_place(data: bytes, filename: str, problem: QuestionnaireError) -> str:
    """Return where in an XLSForm a problem is: its survey row, the settings sheet, or the file."""
    row = row_of(data, problem.item) if problem.item else None
    if row:
        return f"survey, row {row}"
    if problem.field in ("id", "title", "languages"):
        return "settings"
    return filename


class _Dumper(yaml.SafeDumper):
    """Writes labels as one-line mappings, like the shipped files."""


def _mapping(dumper: yaml.SafeDumper, value: dict[str, Any]) -> yaml.MappingNode:
    short = all(isinstance(v, str) for v in value.values()) and "id" not in value
    return dumper.represent_mapping("tag:yaml.org,2002:map", value, flow_style=short)


_Dumper.add_representer(dict, _mapping)


def export_bytes(questionnaire: Questionnaire, fmt: str) -> bytes:
    """Return a questionnaire as a file: "yaml", "json" (the plain structure the loader reads)
    or "xlsform" (an .xlsx workbook)."""
    if fmt == "xlsform":
        return write_xlsform(questionnaire)
    data = questionnaire.to_dict()
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
    if fmt == "yaml":
        text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=120)
        return text.encode("utf-8")
    raise ValueError(f"unknown format {fmt!r}")
