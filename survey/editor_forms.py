"""The questionnaire editor's forms: a questionnaire's title and languages, a section, a question
of any type with its labels in Thai, English and Malay, a new questionnaire, an import."""

from __future__ import annotations

from flask_wtf.file import FileField
from wtforms import BooleanField
from wtforms import FieldList
from wtforms import Form
from wtforms import FormField
from wtforms import HiddenField
from wtforms import IntegerField
from wtforms import SelectField
from wtforms import StringField
from wtforms import TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired
from wtforms.validators import Length
from wtforms.validators import Optional

from survey.form_messages import StaffForm
from survey.forms import MultiCheckboxField
from survey.staff_forms import REQUIRED

# What each question type is called on the editor's pages.
TYPE_NAMES = {
    "likert": "มาตรวัด 5 ระดับ (มากที่สุด … น้อยที่สุด)",
    "rating": "ให้คะแนนเป็นตัวเลข (เช่น 1–10)",
    "nps": "คะแนน 0–10 (จะแนะนำต่อหรือไม่)",
    "single_choice": "เลือกตอบได้ข้อเดียว",
    "multiple_choice": "เลือกตอบได้หลายข้อ",
    "short_text": "ข้อความสั้น",
    "long_text": "ข้อความยาว (ความคิดเห็น ข้อเสนอแนะ)",
    "before_after": "ก่อน–หลังเข้าร่วม (5 ระดับ)",
}
LANGUAGE_LABELS = {"th": "ไทย", "en": "English", "ms": "Melayu"}
TEXT_MAX = 2000  # a label or help text longer than this is not a question people read on a phone
ID_HELP = "a-z 0-9 _ (เช่น speaker)"


def _texts(name: str, multiline: bool = False) -> dict[str, StringField]:
    kind = TextAreaField if multiline else StringField
    return {
        f"{name}_{lang}": kind(
            f"{LANGUAGE_LABELS[lang]}", validators=[Optional(), Length(max=TEXT_MAX)]
        )
        for lang in LANGUAGE_LABELS
    }


class OptionRow(Form):
    """One option of a choice question: its code and its label in each language."""

    value = StringField("รหัส", validators=[Optional(), Length(max=80)])
    th = StringField("ไทย", validators=[Optional(), Length(max=TEXT_MAX)])
    en = StringField("English", validators=[Optional(), Length(max=TEXT_MAX)])
    ms = StringField("Melayu", validators=[Optional(), Length(max=TEXT_MAX)])


# Whether a text question's answers are opinions (shown, moderated, themed) or profile answers.
OPINION_CHOICES = {
    "": "ตามค่าเริ่มต้น: ข้อความยาวนอกส่วนข้อมูลผู้ตอบเป็นความคิดเห็น",
    "yes": "เป็นความคิดเห็น: แสดงบนแดชบอร์ด คัดกรองขึ้นจอ และจัดกลุ่มประเด็น",
    "no": "ไม่ใช่ความคิดเห็น: ข้อมูลผู้ตอบ เช่น หน่วยงาน ตำแหน่ง อื่น ๆ โปรดระบุ",
}


class _QuestionFields(StaffForm):
    revision = HiddenField()
    id = StringField(f"รหัสคำถาม ({ID_HELP})", validators=[Optional(), Length(max=40)])
    type = SelectField(
        "ชนิดคำถาม", choices=[SelectChoice(key, name) for key, name in TYPE_NAMES.items()]
    )
    section = SelectField("อยู่ในส่วน")
    required = BooleanField("ต้องตอบ")
    options = FieldList(FormField(OptionRow), label="ตัวเลือก", min_entries=0)
    min = IntegerField("ค่าต่ำสุด", validators=[Optional()])
    max = IntegerField("ค่าสูงสุด", validators=[Optional()])
    max_length = IntegerField("พิมพ์ได้ไม่เกิน (ตัวอักษร)", validators=[Optional()])
    opinion = SelectField(
        "คำตอบข้อนี้เป็นความคิดเห็นหรือไม่",
        choices=[SelectChoice(key, name) for key, name in OPINION_CHOICES.items()],
        default="",
        validate_choice=False,  # only text questions send it; anything else means the default
    )
    show_if = MultiCheckboxField("แสดงข้อนี้เฉพาะเมื่อ", validate_choice=False)


QuestionForm = type(
    "QuestionForm",
    (_QuestionFields,),
    {
        **_texts("label", multiline=True),
        **_texts("help"),
        **_texts("scale", multiline=True),
        **_texts("min_label"),
        **_texts("max_label"),
        "__doc__": "A question of any type: labels, help, choices, scale and condition.",
    },
)


class _SectionFields(StaffForm):
    revision = HiddenField()
    id = StringField(f"รหัสส่วน ({ID_HELP})", validators=[Optional(), Length(max=40)])
    show_if = MultiCheckboxField("แสดงส่วนนี้เฉพาะเมื่อ", validate_choice=False)


SectionForm = type(
    "SectionForm",
    (_SectionFields,),
    {**_texts("title"), "__doc__": "A section's title and condition."},
)


class _MetaFields(StaffForm):
    revision = HiddenField()
    languages = MultiCheckboxField(
        "ภาษาที่ผู้ตอบเลือกได้ (ไทยเสมอ)",
        choices=[SelectChoice("en", "English"), SelectChoice("ms", "Melayu")],
    )


MetaForm = type(
    "MetaForm",
    (_MetaFields,),
    {
        **_texts("title"),
        **_texts("intro", multiline=True),
        "__doc__": "A questionnaire's title, introduction and languages.",
    },
)


class CreateForm(StaffForm):
    """A new questionnaire: blank, from a template, or a copy of one the account may see."""

    source = SelectField("เริ่มจาก")
    key = StringField(
        f"รหัสแบบประเมิน ({ID_HELP})",
        validators=[InputRequired(REQUIRED), Length(max=40)],
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
    )
    title = StringField("ชื่อแบบประเมิน (ไทย)", validators=[Optional(), Length(max=300)])


class ImportForm(StaffForm):
    """A questionnaire file to bring in: YAML, JSON or XLSForm (.xlsx)."""

    file = FileField("ไฟล์แบบประเมิน (.yaml .json หรือ XLSForm .xlsx)")


class BankForm(StaffForm):
    """Items of the question bank to add at the end of a section."""

    revision = HiddenField()
    group = HiddenField()
    section = SelectField("เพิ่มไว้ท้ายส่วน")
