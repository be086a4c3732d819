"""Questionnaire files: load and validate a workshop questionnaire written in YAML or JSON.

A questionnaire is a YAML (or JSON) file of sections and questions. Every label is either a
string (Thai) or a mapping of language code to text. Loading validates the whole file and names
the file, the line and the problem on the first error found. Every text in it (titles, labels,
choice values) passes the intake gate first (``analysis.text.intake``), so a label typed with
ำ as two characters or a zero-width space reads as any other; ``intake`` is the one module of
``analysis.text`` the questionnaire step uses, and it uses nothing of the pipeline.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml

from analysis.questionnaire.model import CHOICE_TYPES
from analysis.questionnaire.model import DEFAULT_LANGUAGE
from analysis.questionnaire.model import LANGUAGES
from analysis.questionnaire.model import MULTI_ANSWER_SEPARATOR
from analysis.questionnaire.model import QUESTION_TYPES
from analysis.questionnaire.model import TEXT_TYPES
from analysis.questionnaire.model import Option
from analysis.questionnaire.model import Question
from analysis.questionnaire.model import Questionnaire
from analysis.questionnaire.model import Section
from analysis.questionnaire.model import Text
from analysis.text.intake import intake_text
from analysis.text.intake import xml_safe

DEFAULT_MAX_LENGTH = {"short_text": 200, "long_text": 2000}

# The five levels Thai evaluation forms use, highest first, as printed on paper forms.
LIKERT_LEVELS: tuple[dict[str, str], ...] = (
    {"th": "มากที่สุด", "en": "Very high", "ms": "Sangat tinggi"},
    {"th": "มาก", "en": "High", "ms": "Tinggi"},
    {"th": "ปานกลาง", "en": "Moderate", "ms": "Sederhana"},
    {"th": "น้อย", "en": "Low", "ms": "Rendah"},
    {"th": "น้อยที่สุด", "en": "Very low", "ms": "Sangat rendah"},
)

_RE_ID = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


class QuestionnaireError(ValueError):
    """A questionnaire file that cannot be used, with the file and line at fault."""

    def __init__(self, source: str, line: int | None, problem: str) -> None:
        self.source = source
        self.line = line
        self.problem = problem
        where = f"{source}, line {line}" if line else source
        super().__init__(f"{where}: {problem}")


class _LineLoader(yaml.SafeLoader):
    """A YAML loader that remembers the line of every mapping it builds."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = _LineDict({str(k): v for k, v in loader.construct_mapping(node, deep=True).items()})
    mapping.line = node.start_mark.line + 1
    return mapping


class _LineDict(dict[str, Any]):
    line: int | None = None


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)

MULTI_LINE_KEYS = frozenset({"help"})  # texts that may keep their line breaks


def _through_intake(node: Any, key: str = "") -> Any:
    """Return the data with every string passed through ``intake_text``, lines of mappings kept."""
    if isinstance(node, str):
        return intake_text(node, single_line=key not in MULTI_LINE_KEYS)
    if isinstance(node, list):
        return [_through_intake(item, key) for item in node]
    if isinstance(node, dict):
        mapping = _LineDict(
            {k: _through_intake(v, k if k not in LANGUAGES else key) for k, v in node.items()}
        )
        mapping.line = getattr(node, "line", None)
        return mapping
    return node


def read_yaml(text: str, source: str, loader: type[yaml.SafeLoader], what: str) -> Any:
    """Return the data of a YAML (or JSON) text, or raise QuestionnaireError with its line.

    Callers pass the text through ``xml_safe`` first: a control character pasted into a
    label would otherwise stop the whole file (YAML refuses them), and the gate drops it anyway.
    """
    try:
        return yaml.load(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise QuestionnaireError(source, line, f"{what}: {exc.problem}") from None
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
    data = read_yaml(xml_safe(text), source, _LineLoader, "not valid YAML/JSON")
    if not isinstance(data, dict):
        raise QuestionnaireError(source, 1, "the file must hold a mapping with 'id' and 'sections'")
    return _Builder(source).questionnaire(data)


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


class _Builder:
    """Validates plain questionnaire data, one helper per level of the file.

    ``strict`` False is for a questionnaire stored before a rule was added: what was accepted
    then (a choice value with the export's separator) is read, not refused.
    """

    def __init__(self, source: str, strict: bool = True) -> None:
        self.source = source
        self.strict = strict

    def fail(self, node: Any, problem: str) -> QuestionnaireError:
        return QuestionnaireError(self.source, getattr(node, "line", None), problem)

    def questionnaire(self, data: dict[str, Any]) -> Questionnaire:
        data = _through_intake(data)
        self.known(data, {"id", "title", "version", "languages", "sections"}, "questionnaire")
        qid = self.identifier(data, "questionnaire")
        languages = data.get("languages", [DEFAULT_LANGUAGE])
        bad = (
            [lang for lang in languages if lang not in LANGUAGES]
            if isinstance(languages, list)
            else [languages]
        )
        if bad or DEFAULT_LANGUAGE not in languages:
            raise self.fail(data, f"languages must be a list from {list(LANGUAGES)} including 'th'")
        version = data.get("version", 1)
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise self.fail(data, "version must be a whole number from 1")
        sections_data = data.get("sections")
        if not isinstance(sections_data, list) or not sections_data:
            raise self.fail(data, "'sections' must be a non-empty list")
        seen: set[str] = set()
        sections = tuple(self.section(s, seen) for s in sections_data)
        raw = json.loads(json.dumps(data, ensure_ascii=False))
        return Questionnaire(
            qid, self.text(data, "title"), sections, tuple(languages), version, raw
        )

    def section(self, data: Any, seen: set[str]) -> Section:
        if not isinstance(data, dict):
            raise self.fail(data, "each section must be a mapping with 'id', 'title', 'questions'")
        self.known(data, {"id", "title", "questions"}, "section")
        sid = self.identifier(data, "section")
        questions_data = data.get("questions")
        if not isinstance(questions_data, list) or not questions_data:
            raise self.fail(data, f"section '{sid}': 'questions' must be a non-empty list")
        questions = tuple(self.question(q, sid, seen) for q in questions_data)
        return Section(sid, self.text(data, "title"), questions)

    def question(self, data: Any, section: str, seen: set[str]) -> Question:
        if not isinstance(data, dict):
            raise self.fail(data, f"section '{section}': each question must be a mapping")
        allowed = {"id", "type", "label", "required", "options", "scale", "min", "max"}
        self.known(data, allowed | {"max_length", "help"}, "question")
        qid = self.identifier(data, "question")
        if qid in seen:
            raise self.fail(data, f"question id '{qid}' is used twice")
        seen.add(qid)
        qtype = data.get("type")
        if qtype not in QUESTION_TYPES:
            raise self.fail(
                data,
                f"question '{qid}': unknown type {qtype!r}; use one of {', '.join(QUESTION_TYPES)}",
            )
        required = data.get("required", False)
        if not isinstance(required, bool):
            raise self.fail(data, f"question '{qid}': 'required' must be true or false")
        options, low, high = self.scale(data, qid, qtype)
        max_length = self.max_length(data, qid, qtype)
        help_text = self.text(data, "help") if "help" in data else None
        return Question(
            qid,
            qtype,
            self.text(data, "label"),
            section,
            required,
            options,
            low,
            high,
            max_length,
            help_text,
        )

    def scale(
        self, data: dict[str, Any], qid: str, qtype: str
    ) -> tuple[tuple[Option, ...], int | None, int | None]:
        if qtype in CHOICE_TYPES:
            return self.choices(data, qid), None, None
        if qtype in {"likert", "before_after"}:
            labels = data.get("scale", list(LIKERT_LEVELS))
            if not isinstance(labels, list) or not 2 <= len(labels) <= 10:
                raise self.fail(
                    data, f"question '{qid}': 'scale' must list 2 to 10 labels, highest first"
                )
            top = len(labels)
            options = tuple(
                Option(str(top - i), self.label_of(data, label, qid))
                for i, label in enumerate(labels)
            )
            return options, 1, top
        if qtype == "nps":
            return tuple(Option(str(v), Text({"th": str(v)})) for v in range(10, -1, -1)), 0, 10
        if qtype == "rating":
            low, high = data.get("min", 1), data.get("max", 10)
            if (
                not all(isinstance(v, int) and not isinstance(v, bool) for v in (low, high))
                or not 0 <= low < high <= 100
            ):
                raise self.fail(
                    data, f"question '{qid}': 'min' and 'max' must be whole numbers with min < max"
                )
            return (
                tuple(Option(str(v), Text({"th": str(v)})) for v in range(high, low - 1, -1)),
                low,
                high,
            )
        return (), None, None

    def choices(self, data: dict[str, Any], qid: str) -> tuple[Option, ...]:
        items = data.get("options")
        if not isinstance(items, list) or len(items) < 2:
            raise self.fail(
                data,
                f"question '{qid}': a choice question needs 'options' with at least two entries",
            )
        options = []
        for item in items:
            if not isinstance(item, dict) or "value" not in item:
                raise self.fail(
                    data, f"question '{qid}': each option needs a 'value' and a 'label'"
                )
            value = str(item["value"])
            if self.strict and MULTI_ANSWER_SEPARATOR in value:
                raise self.fail(
                    item,
                    f"question '{qid}': option value {value!r} contains "
                    f"'{MULTI_ANSWER_SEPARATOR}', which separates the chosen options in exports; "
                    "use a value without it",
                )
            options.append(Option(value, self.text(item, "label")))
        values = [o.value for o in options]
        if len(set(values)) != len(values):
            raise self.fail(data, f"question '{qid}': option values must be unique")
        return tuple(options)

    def max_length(self, data: dict[str, Any], qid: str, qtype: str) -> int | None:
        if qtype not in TEXT_TYPES:
            return None
        value = data.get("max_length", DEFAULT_MAX_LENGTH[qtype])
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 10000:
            raise self.fail(
                data, f"question '{qid}': 'max_length' must be a whole number from 1 to 10000"
            )
        return value

    def identifier(self, data: dict[str, Any], what: str) -> str:
        value = data.get("id")
        if not isinstance(value, str) or not _RE_ID.match(value) or "__" in value:
            raise self.fail(
                data, f"{what} needs an 'id' of lowercase letters, digits and _ (got {value!r})"
            )
        return value

    def text(self, data: dict[str, Any], key: str) -> Text:
        if key not in data:
            raise self.fail(data, f"{self.name(data)}: '{key}' is missing")
        return self.label_of(data, data[key], self.name(data))

    def label_of(self, data: dict[str, Any], value: Any, owner: str) -> Text:
        if isinstance(value, str) and value.strip():
            return Text({DEFAULT_LANGUAGE: value})
        if isinstance(value, dict) and value:
            bad = [k for k in value if k not in LANGUAGES]
            if bad:
                raise self.fail(
                    data, f"{owner}: unknown language {bad[0]!r}; use {', '.join(LANGUAGES)}"
                )
            if not all(isinstance(v, str) and v.strip() for v in value.values()):
                raise self.fail(data, f"{owner}: every translation must be non-empty text")
            return Text(dict(value))
        raise self.fail(data, f"{owner}: a label must be text or a mapping of language to text")

    def known(self, data: dict[str, Any], allowed: set[str], what: str) -> None:
        unknown = sorted(set(data) - allowed)
        if unknown:
            raise self.fail(data, f"{self.name(data)}: unknown key '{unknown[0]}' in a {what}")

    @staticmethod
    def name(data: dict[str, Any]) -> str:
        return f"'{data['id']}'" if isinstance(data.get("id"), str) else "entry"
