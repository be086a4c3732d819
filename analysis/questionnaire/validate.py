"""Questionnaire validation: the one set of checks every questionnaire passes, whether it comes
from a file, the editor, an XLSForm import or the database.

Plain data (the YAML/JSON structure) goes in; a Questionnaire, or a QuestionnaireError naming
the question or section and the key at fault, comes out.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import partial
from typing import Any
from typing import TypeVar

from analysis.questionnaire.model import CHOICE_TYPES
from analysis.questionnaire.model import DEFAULT_LANGUAGE
from analysis.questionnaire.model import LANGUAGES
from analysis.questionnaire.model import MULTI_ANSWER_SEPARATOR
from analysis.questionnaire.model import QUESTION_TYPES
from analysis.questionnaire.model import RESERVED_IDS
from analysis.questionnaire.model import TEXT_TYPES
from analysis.questionnaire.model import Condition
from analysis.questionnaire.model import Option
from analysis.questionnaire.model import Question
from analysis.questionnaire.model import Questionnaire
from analysis.questionnaire.model import Section
from analysis.questionnaire.model import Text
from analysis.text.intake import intake_text

DEFAULT_MAX_LENGTH = {"short_text": 200, "long_text": 2000}

# The five levels Thai evaluation forms use, highest first, as printed on paper forms.
LIKERT_LEVELS: tuple[dict[str, str], ...] = (
    {"th": "มากที่สุด", "en": "Very high", "ms": "Sangat tinggi"},
    {"th": "มาก", "en": "High", "ms": "Tinggi"},
    {"th": "ปานกลาง", "en": "Moderate", "ms": "Sederhana"},
    {"th": "น้อย", "en": "Low", "ms": "Rendah"},
    {"th": "น้อยที่สุด", "en": "Very low", "ms": "Sangat rendah"},
)

T = TypeVar("T")
_RE_ID = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
MULTI_LINE_KEYS = frozenset({"help", "intro"})  # texts that may keep their line breaks


class LineDict(dict[str, Any]):
    """A mapping that remembers the line of the file it was read from (None: not from a file)."""

    line: int | None = None


def _through_intake(node: Any, key: str = "") -> Any:
    """Return the data with every string passed through ``intake_text``, lines of mappings kept."""
    if isinstance(node, str):
        return intake_text(node, single_line=key not in MULTI_LINE_KEYS)
    if isinstance(node, list):
        return [_through_intake(item, key) for item in node]
    if isinstance(node, dict):
        mapping = LineDict(
            {k: _through_intake(v, k if k not in LANGUAGES else key) for k, v in node.items()}
        )
        mapping.line = getattr(node, "line", None)
        return mapping
    return node


class QuestionnaireError(ValueError):
    """A questionnaire that cannot be used, with the file and line at fault.

    ``problem`` says what is wrong in English (files and the command line), ``problem_th`` in
    Thai (the editor); ``item`` is the id of the question or section at fault (None for the
    questionnaire itself) and ``field`` the key at fault, so a page can show the problem beside
    the field it is about.

    ``problems`` holds every problem found in one reading, in the file's order (the first is
    this error itself), so a file with three mistakes is fixed in one round, not three; the
    message lists them all, one a line.
    """

    def __init__(
        self,
        source: str,
        line: int | None,
        problem: str,
        *,
        th: str | None = None,
        item: str | None = None,
        field: str | None = None,
    ) -> None:
        self.source = source
        self.line = line
        self.problem = problem
        self.problem_th = th or problem
        self.item = item
        self.field = field
        self.problems: tuple[QuestionnaireError, ...] = (self,)
        super().__init__(self.where() + f": {problem}")

    def where(self) -> str:
        """Return "source, line N" (or the source alone when the line is not known)."""
        return f"{self.source}, line {self.line}" if self.line else self.source

    @classmethod
    def of(cls, problems: list[QuestionnaireError]) -> QuestionnaireError:
        """Return the first of `problems` (at least one) carrying them all, its message a line
        for each."""
        first = problems[0]
        first.problems = tuple(problems)
        if len(problems) > 1:
            first.args = ("\n".join(f"{p.where()}: {p.problem}" for p in problems),)
        return first


class _RefersToRefusedError(Exception):
    """A question refers to one already refused: that refusal says what to fix."""


QUESTIONNAIRE_KEYS = frozenset({"id", "title", "version", "languages", "sections", "intro"})
SECTION_KEYS = frozenset({"id", "title", "questions", "show_if"})
QUESTION_KEYS = frozenset(
    {"id", "type", "label", "required", "options", "scale", "min", "max", "max_length", "help"}
    | {"show_if", "min_label", "max_label", "opinion"}
)
SCALE_END_TYPES = frozenset({"rating", "nps"})  # the types whose two ends may say what they mean
MAX_SCALE = 100
MAX_TEXT_LENGTH = 10000


class _Builder:
    """Validates plain questionnaire data, one helper per level of the file.

    Every text first passes the intake gate (``analysis.text.intake``), so a label typed with
    ำ as two characters or a zero-width space reads as any other. Every problem is said in
    English and in Thai, and names the question or section and the key at fault (see
    QuestionnaireError). ``strict`` False is for a questionnaire stored before a rule was
    added: what was accepted then (a choice value with the export's separator) is read, not
    refused.
    """

    def __init__(self, source: str, strict: bool = True) -> None:
        self.source = source
        self.strict = strict
        self.earlier: dict[str, Question] = {}
        self.problems: list[QuestionnaireError] = []
        self.refused: set[str] = set()  # ids of questions refused: no second error for them

    def collect(self, check: Callable[[], T]) -> T | None:
        """Run one check; a problem is kept (None returned) and reading goes on."""
        try:
            return check()
        except QuestionnaireError as problem:
            self.problems.append(problem)
        except _RefersToRefusedError:
            pass
        return None

    def fail(
        self, node: Any, problem: str, th: str, item: str | None = None, field: str | None = None
    ) -> QuestionnaireError:
        return QuestionnaireError(
            self.source, getattr(node, "line", None), problem, th=th, item=item, field=field
        )

    def questionnaire(self, data: dict[str, Any]) -> Questionnaire:
        """Return the questionnaire, or raise QuestionnaireError with every problem found."""
        data = _through_intake(data)
        built = self.collect(lambda: self.whole(data))
        if built is None:
            raise QuestionnaireError.of(self.problems)
        return built

    def whole(self, data: dict[str, Any]) -> Questionnaire | None:
        """Return the questionnaire, or None when a problem was kept in ``self.problems``."""
        self.collect(lambda: self.known(data, QUESTIONNAIRE_KEYS, "questionnaire", None))
        qid = self.collect(lambda: self.identifier(data, "questionnaire", None))
        languages = data.get("languages", [DEFAULT_LANGUAGE])
        bad = (
            [lang for lang in languages if lang not in LANGUAGES]
            if isinstance(languages, list)
            else [languages]
        )
        if bad or DEFAULT_LANGUAGE not in languages:
            self.problems.append(
                self.fail(
                    data,
                    f"languages must be a list from {list(LANGUAGES)} including 'th'",
                    "ภาษาต้องเลือกจาก th, en, ms และต้องมีภาษาไทย (th)",
                    field="languages",
                )
            )
        version = data.get("version", 1)
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            self.problems.append(
                self.fail(
                    data,
                    "version must be a whole number from 1",
                    "รุ่น (version) ต้องเป็นจำนวนเต็มตั้งแต่ 1",
                    field="version",
                )
            )
        title = self.collect(lambda: self.text(data, "title", None))
        intro = self.collect(lambda: self.text(data, "intro", None)) if "intro" in data else None
        sections_data = data.get("sections")
        if not isinstance(sections_data, list) or not sections_data:
            raise self.fail(
                data,
                "'sections' must be a non-empty list",
                "แบบประเมินต้องมีอย่างน้อยหนึ่งส่วน",
                field="sections",
            )
        self.earlier = {}
        sections = [self.collect(partial(self.section, s)) for s in sections_data]
        if self.problems or qid is None or title is None:
            return None
        raw = json.loads(json.dumps(data, ensure_ascii=False))
        return Questionnaire(
            qid,
            title,
            tuple(s for s in sections if s is not None),
            tuple(languages),
            version,
            raw,
            intro=intro,
        )

    def section(self, data: Any) -> Section:
        if not isinstance(data, dict):
            raise self.fail(
                data,
                "each section must be a mapping with 'id', 'title', 'questions'",
                "แต่ละส่วนต้องมี id ชื่อ และคำถาม",
            )
        sid = self.identifier(data, "section", None)
        self.collect(lambda: self.known(data, SECTION_KEYS, "section", sid))
        title = self.collect(lambda: self.text(data, "title", sid))
        condition = self.collect(lambda: self.condition(data, sid)) if "show_if" in data else None
        questions_data = data.get("questions")
        if not isinstance(questions_data, list):
            raise self.fail(
                data,
                f"section '{sid}': 'questions' must be a list",
                f"ส่วน '{sid}': คำถามต้องเป็นรายการ",
                sid,
                "questions",
            )
        questions = [self.collect(partial(self.question, q, sid)) for q in questions_data]
        if title is None:
            raise _RefersToRefusedError
        return Section(sid, title, tuple(q for q in questions if q is not None), condition)

    def question(self, data: Any, section: str) -> Question:
        if not isinstance(data, dict):
            raise self.fail(
                data,
                f"section '{section}': each question must be a mapping",
                f"ส่วน '{section}': แต่ละคำถามต้องเขียนเป็น mapping",
                section,
            )
        qid = self.identifier(data, "question", None)
        try:
            return self.checked_question(data, section, qid)
        except QuestionnaireError:
            self.refused.add(qid)
            raise

    def checked_question(self, data: dict[str, Any], section: str, qid: str) -> Question:
        self.known(data, QUESTION_KEYS, "question", qid)
        if self.strict and qid in RESERVED_IDS:
            raise self.fail(
                data,
                f"question id '{qid}' is reserved for the form's own fields; use another id",
                f"รหัสคำถาม '{qid}' เป็นชื่อที่ระบบสงวนไว้ใช้เอง กรุณาใช้รหัสอื่น "
                f"(ห้ามใช้: {', '.join(sorted(RESERVED_IDS))})",
                qid,
                "id",
            )
        if qid in self.earlier:
            raise self.fail(
                data,
                f"question id '{qid}' is used twice",
                f"รหัสคำถาม '{qid}' ซ้ำกับคำถามอื่น",
                qid,
                "id",
            )
        qtype = data.get("type")
        if qtype not in QUESTION_TYPES:
            raise self.fail(
                data,
                f"question '{qid}': unknown type {qtype!r}; use one of {', '.join(QUESTION_TYPES)}",
                f"คำถาม '{qid}': ไม่รู้จักชนิด {qtype!r} ใช้ได้: {', '.join(QUESTION_TYPES)}",
                qid,
                "type",
            )
        required = data.get("required", False)
        if not isinstance(required, bool):
            raise self.fail(
                data,
                f"question '{qid}': 'required' must be true or false",
                f"คำถาม '{qid}': 'จำเป็นต้องตอบ' ต้องเป็นจริงหรือเท็จ",
                qid,
                "required",
            )
        label = self.text(data, "label", qid)
        help_text = self.text(data, "help", qid) if "help" in data else None
        options, low, high = self.scale(data, qid, qtype)
        min_label, max_label = self.scale_ends(data, qid, qtype)
        condition = self.condition(data, qid) if "show_if" in data else None
        opinion = data.get("opinion")
        if opinion is not None and (not isinstance(opinion, bool) or qtype not in TEXT_TYPES):
            raise self.fail(
                data,
                f"question '{qid}': 'opinion' must be true or false, on a text question",
                f"คำถาม '{qid}': 'เป็นความคิดเห็น' ใช้ได้กับคำถามข้อความ และต้องเป็นจริงหรือเท็จ",
                qid,
                "opinion",
            )
        question = Question(
            qid,
            qtype,
            label,
            section,
            required,
            options,
            low,
            high,
            self.max_length(data, qid, qtype),
            help_text,
            condition,
            min_label,
            max_label,
            opinion,
        )
        self.earlier[qid] = question
        return question

    def scale(
        self, data: dict[str, Any], qid: str, qtype: str
    ) -> tuple[tuple[Option, ...], int | None, int | None]:
        if qtype in CHOICE_TYPES:
            return self.choices(data, qid), None, None
        if qtype in {"likert", "before_after"}:
            labels = data.get("scale", list(LIKERT_LEVELS))
            if not isinstance(labels, list) or not 2 <= len(labels) <= 10:
                raise self.fail(
                    data,
                    f"question '{qid}': 'scale' must list 2 to 10 labels, highest first",
                    f"คำถาม '{qid}': ระดับของมาตรวัดต้องมี 2 ถึง 10 ระดับ เรียงจากสูงสุด",
                    qid,
                    "scale",
                )
            top = len(labels)
            options = tuple(
                Option(str(top - i), self.label_of(data, label, qid, "scale"))
                for i, label in enumerate(labels)
            )
            return options, 1, top
        if qtype == "nps":
            return tuple(Option(str(v), Text({"th": str(v)})) for v in range(10, -1, -1)), 0, 10
        if qtype == "rating":
            low, high = data.get("min", 1), data.get("max", 10)
            if (
                not all(isinstance(v, int) and not isinstance(v, bool) for v in (low, high))
                or not 0 <= low < high <= MAX_SCALE
            ):
                raise self.fail(
                    data,
                    f"question '{qid}': 'min' and 'max' must be whole numbers with min < max",
                    f"คำถาม '{qid}': ค่าต่ำสุดและสูงสุดต้องเป็นจำนวนเต็ม 0–{MAX_SCALE} "
                    "และต่ำสุดต้องน้อยกว่าสูงสุด",
                    qid,
                    "max",
                )
            return (
                tuple(Option(str(v), Text({"th": str(v)})) for v in range(high, low - 1, -1)),
                low,
                high,
            )
        return (), None, None

    def scale_ends(
        self, data: dict[str, Any], qid: str, qtype: str
    ) -> tuple[Text | None, Text | None]:
        ends = [key for key in ("min_label", "max_label") if key in data]
        if ends and qtype not in SCALE_END_TYPES:
            raise self.fail(
                data,
                f"question '{qid}': '{ends[0]}' is only for rating and nps questions",
                f"คำถาม '{qid}': ความหมายของปลายมาตรวัดใช้ได้กับคำถามแบบให้คะแนนและ 0–10 เท่านั้น",
                qid,
                ends[0],
            )
        numbers: dict[str, Any] = {"min_label": 0, "max_label": 10} if qtype == "nps" else {}
        if qtype == "rating":
            numbers = {"min_label": data.get("min", 1), "max_label": data.get("max", 10)}
        for key, value in numbers.items():
            if key in data:
                data[key] = _without_number(data[key], value)
        low = self.text(data, "min_label", qid) if "min_label" in data else None
        high = self.text(data, "max_label", qid) if "max_label" in data else None
        return low, high

    def choices(self, data: dict[str, Any], qid: str) -> tuple[Option, ...]:
        items = data.get("options")
        if not isinstance(items, list) or len(items) < 2:
            raise self.fail(
                data,
                f"question '{qid}': a choice question needs 'options' with at least two entries",
                f"คำถาม '{qid}': คำถามแบบเลือกตอบต้องมีตัวเลือกอย่างน้อยสองข้อ",
                qid,
                "options",
            )
        options = []
        for item in items:
            if not isinstance(item, dict) or not _is_code(item.get("value")):
                raise self.fail(
                    data,
                    f"question '{qid}': each option needs a 'value' and a 'label'",
                    f"คำถาม '{qid}': ทุกตัวเลือกต้องมีรหัส (value) และข้อความ",
                    qid,
                    "options",
                )
            unknown = sorted(set(item) - {"value", "label"})
            if unknown:
                raise self.fail(
                    data,
                    f"question '{qid}': unknown key '{unknown[0]}' in an option",
                    f"คำถาม '{qid}': ตัวเลือกมีคีย์ที่ไม่รู้จัก '{unknown[0]}'",
                    qid,
                    "options",
                )
            label = self.label_of(item, item.get("label"), qid, "options")
            value = str(item["value"]).strip()
            if self.strict and MULTI_ANSWER_SEPARATOR in value:
                raise self.fail(
                    item,
                    f"question '{qid}': option value {value!r} contains "
                    f"'{MULTI_ANSWER_SEPARATOR}', which separates the chosen options in exports; "
                    "use a value without it",
                    f"คำถาม '{qid}': รหัสตัวเลือก {value!r} มีเครื่องหมาย "
                    f"'{MULTI_ANSWER_SEPARATOR}' ซึ่งใช้คั่นตัวเลือกในไฟล์ส่งออก กรุณาใช้รหัสอื่น",
                    qid,
                    "options",
                )
            options.append(Option(value, label))
        for lang in LANGUAGES:
            labels = [
                o.label.translations[lang].casefold()
                for o in options
                if lang in o.label.translations
            ]
            twice = next((label for label in labels if labels.count(label) > 1), None)
            if self.strict and twice is not None:
                raise self.fail(
                    data,
                    f"question '{qid}': two options have the label {twice!r}; people could not "
                    "tell them apart",
                    f"คำถาม '{qid}': มีตัวเลือกสองข้อที่ข้อความเหมือนกัน ({twice!r}) "
                    "ผู้ตอบจะแยกไม่ออก กรุณาแก้ให้ต่างกัน",
                    qid,
                    "options",
                )
        values = [o.value for o in options]
        if len(set(values)) != len(values):
            raise self.fail(
                data,
                f"question '{qid}': option values must be unique",
                f"คำถาม '{qid}': รหัสของตัวเลือกต้องไม่ซ้ำกัน",
                qid,
                "options",
            )
        return tuple(options)

    def condition(self, data: dict[str, Any], owner: str) -> Condition:
        spec = data["show_if"]
        if not isinstance(spec, dict) or set(spec) != {"question", "values"}:
            raise self.fail(
                data,
                f"'{owner}': 'show_if' must be a mapping with 'question' and 'values'",
                f"'{owner}': เงื่อนไขการแสดงต้องระบุคำถามและคำตอบ",
                owner,
                "show_if",
            )
        if spec["question"] in self.refused:
            raise _RefersToRefusedError
        target = self.earlier.get(spec["question"]) if isinstance(spec["question"], str) else None
        if target is None or target.type not in CHOICE_TYPES:
            raise self.fail(
                data,
                f"'{owner}': 'show_if' must name an earlier single- or multiple-choice "
                f"question, not {spec['question']!r}",
                f"'{owner}': เงื่อนไขการแสดงต้องอ้างถึงคำถามแบบเลือกตอบที่อยู่ก่อนหน้า "
                f"(ไม่ใช่ {spec['question']!r})",
                owner,
                "show_if",
            )
        values = spec["values"]
        if isinstance(values, str | int) and not isinstance(values, bool):
            values = [values]
        known = {o.value for o in target.options}
        if not isinstance(values, list) or not values or not all(_is_code(v) for v in values):
            raise self.fail(
                data,
                f"'{owner}': 'show_if' needs at least one value of '{target.id}'",
                f"'{owner}': เงื่อนไขการแสดงต้องเลือกคำตอบของคำถาม '{target.id}' อย่างน้อยหนึ่งข้อ",
                owner,
                "show_if",
            )
        unknown = [str(v) for v in values if str(v) not in known]
        if unknown:
            raise self.fail(
                data,
                f"'{owner}': 'show_if' names {unknown[0]!r}, which is not an option of "
                f"'{target.id}'",
                f"'{owner}': เงื่อนไขการแสดงอ้างถึง {unknown[0]!r} ซึ่งไม่ใช่ตัวเลือกของคำถาม '{target.id}'",
                owner,
                "show_if",
            )
        return Condition(target.id, tuple(dict.fromkeys(str(v) for v in values)))

    def max_length(self, data: dict[str, Any], qid: str, qtype: str) -> int | None:
        if qtype not in TEXT_TYPES:
            return None
        value = data.get("max_length", DEFAULT_MAX_LENGTH[qtype])
        if (
            not isinstance(value, int)
            or isinstance(value, bool)
            or not 1 <= value <= MAX_TEXT_LENGTH
        ):
            raise self.fail(
                data,
                f"question '{qid}': 'max_length' must be a whole number from 1 to 10000",
                f"คำถาม '{qid}': ความยาวสูงสุดต้องเป็นจำนวนเต็ม 1 ถึง 10000 ตัวอักษร",
                qid,
                "max_length",
            )
        return value

    def identifier(self, data: dict[str, Any], what: str, item: str | None) -> str:
        value = data.get("id")
        if not isinstance(value, str) or not _RE_ID.match(value) or "__" in value:
            names = {"questionnaire": "แบบประเมิน", "section": "ส่วน", "question": "คำถาม"}
            raise self.fail(
                data,
                f"{what} needs an 'id' of lowercase letters, digits and _ (got {value!r})",
                f"รหัส{names[what]}ต้องขึ้นต้นด้วยตัวอักษรอังกฤษพิมพ์เล็ก และมีได้เฉพาะ a-z 0-9 "
                f"และ _ ไม่เกิน 40 ตัว (ได้ {value!r})",
                item if item is not None else (value if isinstance(value, str) else None),
                "id",
            )
        return value

    def text(self, data: dict[str, Any], key: str, item: str | None) -> Text:
        if key not in data:
            raise self.fail(
                data,
                f"{self.name(data)}: '{key}' is missing",
                f"{self.name(data)}: ยังไม่ได้กรอก{_KEY_NAMES.get(key, key)}",
                item,
                key,
            )
        return self.label_of(data, data[key], item, key)

    def label_of(self, data: dict[str, Any], value: Any, item: str | None, key: str) -> Text:
        owner = f"'{item}'" if item else self.name(data)
        if isinstance(value, str) and value.strip():
            return Text({DEFAULT_LANGUAGE: value})
        if isinstance(value, dict) and value:
            bad = [k for k in value if k not in LANGUAGES]
            if bad:
                raise self.fail(
                    data,
                    f"{owner}: unknown language {bad[0]!r}; use {', '.join(LANGUAGES)}",
                    f"{owner}: ไม่รู้จักภาษา {bad[0]!r} ใช้ได้: {', '.join(LANGUAGES)}",
                    item,
                    key,
                )
            if not all(isinstance(v, str) and v.strip() for v in value.values()):
                raise self.fail(
                    data,
                    f"{owner}: every translation must be non-empty text",
                    f"{owner}: {_KEY_NAMES.get(key, key)}ทุกภาษาที่ใส่ต้องไม่ว่าง",
                    item,
                    key,
                )
            return Text(dict(value))
        raise self.fail(
            data,
            f"{owner}: a label must be text or a mapping of language to text",
            f"{owner}: ยังไม่ได้กรอก{_KEY_NAMES.get(key, key)}",
            item,
            key,
        )

    def known(
        self, data: dict[str, Any], allowed: frozenset[str], what: str, item: str | None
    ) -> None:
        unknown = sorted(set(data) - allowed)
        if unknown:
            raise self.fail(
                data,
                f"{self.name(data)}: unknown key '{unknown[0]}' in a {what}",
                f"{self.name(data)}: ไม่รู้จักคีย์ '{unknown[0]}'",
                item,
                unknown[0],
            )

    @staticmethod
    def name(data: dict[str, Any]) -> str:
        return f"'{data['id']}'" if isinstance(data.get("id"), str) else "entry"


# What each key is called in the editor's Thai messages.
_KEY_NAMES = {
    "title": "ชื่อ",
    "label": "ข้อความคำถาม",
    "help": "คำอธิบาย",
    "intro": "คำชี้แจง",
    "min_label": "ความหมายของค่าต่ำสุด",
    "max_label": "ความหมายของค่าสูงสุด",
    "options": "ข้อความของตัวเลือก",
    "scale": "ข้อความของระดับ",
}


def _without_number(label: Any, value: Any) -> Any:
    """Return a scale end's meaning without its own number typed before it ("0 = ไม่แนะนำเลย"
    -> "ไม่แนะนำเลย"): the form prints the number itself, and would print it twice."""
    if isinstance(label, dict):
        return {lang: _without_number(text, value) for lang, text in label.items()}
    if not isinstance(label, str):
        return label
    prefix = re.match(rf"\s*{re.escape(str(value))}\s*[=:]\s*(?=\S)", label)
    return label[prefix.end() :] if prefix else label


def _is_code(value: Any) -> bool:
    """Return True for an option value a file may give: text or a whole number, not empty."""
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, str) and bool(value.strip()))


def validate_questionnaire(
    data: Any, source: str = "<questionnaire>", strict: bool = True
) -> Questionnaire:
    """Return the questionnaire plain data describes; QuestionnaireError names what is wrong.

    ``strict`` False reads a stored snapshot by the rules it was stored under."""
    if not isinstance(data, dict):
        raise QuestionnaireError(
            source,
            1,
            "the file must hold a mapping with 'id' and 'sections'",
            th="แบบประเมินต้องมี id และส่วนต่าง ๆ",
        )
    return _Builder(source, strict).questionnaire(data)
