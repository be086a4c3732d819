"""Questionnaire files: load a workshop questionnaire written in YAML or JSON, validated.

A questionnaire is a YAML (or JSON) file of sections and questions. Every label is either a
string (Thai) or a mapping of language code to text. Loading validates the whole file (the
checks are in ``analysis.questionnaire.validate``, where every text first passes the intake
gate, ``analysis.text.intake``) and names the file, the line and the problem on the first error
found.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from analysis.questionnaire.model import Questionnaire
from analysis.questionnaire.validate import DEFAULT_MAX_LENGTH
from analysis.questionnaire.validate import LIKERT_LEVELS
from analysis.questionnaire.validate import LineDict
from analysis.questionnaire.validate import QuestionnaireError
from analysis.questionnaire.validate import validate_questionnaire
from analysis.text.intake import xml_safe

__all__ = [
    "DEFAULT_MAX_LENGTH",
    "LIKERT_LEVELS",
    "QuestionnaireError",
    "load_directory",
    "load_questionnaire",
    "parse_questionnaire",
    "read_yaml",
]


class AliasRefused(yaml.MarkedYAMLError):
    """A YAML alias (``*name``), which Sala's files never need: refused before it is expanded,
    so a few hundred bytes of nested aliases ("billion laughs") cannot build a huge tree."""


class _LineLoader(yaml.SafeLoader):
    """A YAML loader that remembers the line of every mapping it builds and refuses aliases."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise AliasRefused(
                None, None, f"alias '*{event.anchor}' is not allowed", event.start_mark
            )
        return super().compose_node(parent, index)


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = LineDict({str(k): v for k, v in loader.construct_mapping(node, deep=True).items()})
    mapping.line = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_yaml(text: str, source: str, loader: type[yaml.SafeLoader], what: str) -> Any:
    """Return the data of a YAML (or JSON) text, or raise QuestionnaireError with its line.

    Callers pass the text through ``xml_safe`` first: a control character pasted into a
    label would otherwise stop the whole file (YAML refuses them), and the gate drops it anyway.
    """
    try:
        return yaml.load(text, Loader=loader)
    except AliasRefused as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise QuestionnaireError(
            source,
            line,
            f"{what}: {exc.problem}; write each value out (anchors & and aliases * are refused)",
            th="ไฟล์ใช้ alias ของ YAML (*ชื่อ) ซึ่งไม่รับ กรุณาเขียนค่าออกมาตรง ๆ (ไม่ใช้ & และ *)",
        ) from None
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise QuestionnaireError(
            source,
            line,
            f"{what}: {exc.problem}",
            th=f"ไม่ใช่ YAML/JSON ที่ถูกต้อง: {exc.problem}",
        ) from None
    except yaml.YAMLError as exc:
        raise QuestionnaireError(source, None, f"{what}: {exc}") from None


def load_questionnaire(path: str | Path) -> Questionnaire:
    """Return the questionnaire in a YAML or JSON file; QuestionnaireError names what is wrong."""
    path = Path(path)
    source = path.name
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise QuestionnaireError(source, None, "file not found") from None
    except UnicodeDecodeError:
        raise QuestionnaireError(source, None, "the file is not UTF-8 text") from None
    return parse_questionnaire(text, source)


def parse_questionnaire(text: str, source: str = "<questionnaire>") -> Questionnaire:
    """Return the questionnaire in YAML or JSON text; QuestionnaireError names what is wrong."""
    data = read_yaml(xml_safe(text), source, _LineLoader, "not valid YAML/JSON")
    return validate_questionnaire(data, source)


def load_directory(directory: str | Path) -> dict[str, Questionnaire]:
    """Return every questionnaire in a folder (*.yaml, *.yml, *.json), keyed by its id."""
    found: dict[str, Questionnaire] = {}
    for path in sorted(Path(directory).iterdir()):
        if path.suffix.lower() in {".yaml", ".yml", ".json"}:
            questionnaire = load_questionnaire(path)
            if questionnaire.id in found:
                raise QuestionnaireError(path.name, 1, f"id '{questionnaire.id}' is used twice")
            found[questionnaire.id] = questionnaire
    return found
