"""Staff forms: login, accounts, workshop and session set-up, theme edits, and the CSRF-guarded
buttons."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from wtforms import DateField
from wtforms import IntegerField
from wtforms import PasswordField
from wtforms import SelectField
from wtforms import StringField
from wtforms import TextAreaField
from wtforms import ValidationError
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired
from wtforms.validators import InputRequired
from wtforms.validators import Length
from wtforms.validators import NumberRange
from wtforms.validators import Optional
from wtforms.validators import Regexp

from analysis.dates import BuddhistEraYearError
from analysis.dates import parse_date
from analysis.dates import thai_date
from analysis.questionnaire.model import Questionnaire
from analysis.text.intake import intake_text
from analysis.text.intake import intake_value
from survey.auth import MIN_PASSWORD_LENGTH
from survey.form_messages import StaffForm
from survey.limits import MAX_ID
from survey.privacy import RETENTION_CHOICES
from survey.theme_review import ThemeReview
from survey.theme_review import short_point

REQUIRED = "กรุณากรอกช่องนี้"
ROLE_LABELS = {"admin": "ผู้ดูแลระบบ", "facilitator": "วิทยากรกระบวนการ", "analyst": "นักวิเคราะห์"}


def role_name(role: str) -> str:
    """Return a role as staff pages name it in Thai ("ผู้ดูแลระบบ"); an unknown one as stored."""
    return ROLE_LABELS.get(role, role)


# Roles from the one that may do least (read results) to the one that may do everything: a new
# account is offered the first, so a slip gives too little, never too much.
ROLES_LEAST_FIRST = ("analyst", "facilitator", "admin")
USERNAME_PATTERN = r"^[A-Za-z0-9_.@-]{2,64}$"
THEME_LABEL_MAX = 80  # a theme's name heads a report table row and a chart bar
UNKNOWN_THEME = "ไม่พบประเด็นนี้ในผลล่าสุด กรุณาเลือกจากรายการ"
UNKNOWN_POINT = "ไม่พบความคิดเห็นนี้ในผลล่าสุด กรุณาเลือกจากรายการ"
SAME_THEME = "กรุณาเลือกประเด็นปลายทางที่ต่างจากประเด็นเดิม"


BAD_DATE = "กรุณาเลือกหรือพิมพ์วันที่ให้ถูกต้อง (ปี ค.ศ.-เดือน-วัน)"
# What a browser's date input sends; other text ("1/12/2026") is for the parser to refuse.
_RE_SENT_DATE = re.compile(r"\s*\d{4}-\d{1,2}-\d{1,2}\s*")


def one_line(value: object) -> object:
    """Form filter: text typed into a staff form on one line, through the intake gate."""
    return intake_value(value, single_line=True)


# The years a workshop may be held in: beyond them a date is a typing slip (9999-12-31), and
# shifting a programme of several days past year 9999 cannot be stored at all.
FIRST_YEAR = 1900
LAST_YEAR = 2200
YEAR_RANGE = f"ปี ค.ศ. ต้องอยู่ระหว่าง {FIRST_YEAR} ถึง {LAST_YEAR}"


class GregorianDateField(DateField):
    """A date typed as YYYY-MM-DD with the Gregorian year; a Buddhist Era year (25xx) is refused
    with the date it means, never stored 543 years on."""

    data: Any  # a datetime.date once validated, as DateField's

    def process_formdata(self, valuelist: list[Any]) -> None:
        """Read the date, or raise ValueError with a Thai message WTForms shows on the field."""
        if not valuelist:
            return
        text = " ".join(str(v) for v in valuelist)
        if not _RE_SENT_DATE.fullmatch(text):
            self.data = None
            raise ValueError(BAD_DATE)
        try:
            self.data = parse_date(text)
        except BuddhistEraYearError as be:
            self.data = None
            if be.gregorian is None or not FIRST_YEAR <= be.gregorian.year <= LAST_YEAR:
                raise ValueError(YEAR_RANGE) from None
            meant = (
                f" {be.gregorian.year} ({thai_date(be.gregorian)} = {be.gregorian.isoformat()})"
                if be.gregorian
                else ""
            )
            raise ValueError(f"ปี {be.year} เป็นปี พ.ศ. กรุณากรอกปี ค.ศ.{meant}") from None
        except ValueError:
            self.data = None
            raise ValueError(BAD_DATE) from None
        if not FIRST_YEAR <= self.data.year <= LAST_YEAR:
            self.data = None
            raise ValueError(YEAR_RANGE)


class ButtonForm(StaffForm):
    """A form with nothing but its CSRF token, for buttons that change something."""


class LoginForm(StaffForm):
    """Username and password."""

    username = StringField("ชื่อผู้ใช้", validators=[InputRequired(REQUIRED), Length(max=64)])
    password = PasswordField("รหัสผ่าน", validators=[InputRequired(REQUIRED), Length(max=200)])


def _new_password(label: str = "รหัสผ่านใหม่") -> PasswordField:
    return PasswordField(
        label,
        validators=[
            InputRequired(REQUIRED),
            Length(min=MIN_PASSWORD_LENGTH, max=200, message="ยาว 8–200 ตัวอักษร"),
        ],
    )


class PasswordForm(StaffForm):
    """A new password for an account."""

    password = _new_password()


class UserForm(StaffForm):
    """A new staff account: the name first, then the role (the least powerful one proposed),
    then the password."""

    username = StringField(
        "ชื่อผู้ใช้",
        validators=[
            InputRequired(REQUIRED),
            Regexp(USERNAME_PATTERN, message="ใช้ตัวอักษรอังกฤษ ตัวเลข และ _ . @ - ได้ 2–64 ตัว"),
        ],
    )
    role = SelectField(
        "บทบาท",
        choices=[SelectChoice(role, ROLE_LABELS[role]) for role in ROLES_LEAST_FIRST],
        default=ROLES_LEAST_FIRST[0],
    )
    password = _new_password("รหัสผ่าน (อย่างน้อย 8 ตัวอักษร)")


class RoleForm(StaffForm):
    """Another role for an account."""

    role = SelectField(
        "บทบาท", choices=[SelectChoice(role, ROLE_LABELS[role]) for role in ROLES_LEAST_FIRST]
    )


class WorkshopForm(StaffForm):
    """A workshop's title, place, organiser, dates and expected attendance."""

    title = StringField(
        "ชื่อโครงการ", validators=[DataRequired(REQUIRED), Length(max=300)], filters=[one_line]
    )
    venue = StringField("สถานที่", validators=[Optional(), Length(max=300)], filters=[one_line])
    organiser = StringField(
        "หน่วยงานผู้จัด", validators=[Optional(), Length(max=300)], filters=[one_line]
    )
    starts_on = GregorianDateField("วันเริ่ม", validators=[InputRequired(REQUIRED)])
    ends_on = GregorianDateField("วันสิ้นสุด", validators=[InputRequired(REQUIRED)])
    expected_attendance = IntegerField(
        "จำนวนผู้เข้าร่วมที่คาดไว้", validators=[Optional(), NumberRange(min=1, max=100_000)]
    )
    privacy_contact = StringField(
        "ผู้ติดต่อเรื่องข้อมูลส่วนบุคคล (ชื่อหน่วยงาน โทร อีเมล)",
        validators=[Optional(), Length(max=300)],
        filters=[one_line],
    )
    privacy_notice = TextAreaField(
        "ข้อความแจ้งความเป็นส่วนตัวเพิ่มเติม (ถ้ามี; แสดงก่อนข้อความมาตรฐาน)",
        validators=[Optional(), Length(max=5000)],
        filters=[lambda value: intake_text(value or "")],
    )
    retain_until = GregorianDateField("เก็บคำตอบถึงวันที่ (ว่างไว้ได้)", validators=[Optional()])
    retention = SelectField(
        "เมื่อพ้นวันนั้น",
        choices=[SelectChoice(key, label) for key, label in RETENTION_CHOICES.items()],
        default="text",
    )

    def validate(self, extra_validators: object = None) -> bool:
        """Check the fields, then that the workshop does not end before it starts."""
        if not super().validate():
            return False
        if self.ends_on.data < self.starts_on.data:
            self.ends_on.errors = ["วันสิ้นสุดต้องไม่ก่อนวันเริ่ม"]
            return False
        return True


class SessionForm(StaffForm):
    """A session: its title, its day and the questionnaire it uses."""

    title = StringField(
        "ชื่อช่วง/หัวข้อ", validators=[DataRequired(REQUIRED), Length(max=300)], filters=[one_line]
    )
    date = GregorianDateField("วันที่", validators=[InputRequired(REQUIRED)])
    day_title = StringField(
        "ชื่อวัน (ถ้ามี)", validators=[Optional(), Length(max=100)], filters=[one_line]
    )
    questionnaire = SelectField("แบบประเมิน", validators=[InputRequired(REQUIRED)])


class DayForm(StaffForm):
    """A day's date and title."""

    date = GregorianDateField("วันที่", validators=[InputRequired(REQUIRED)])
    title = StringField("ชื่อวัน", validators=[Optional(), Length(max=100)], filters=[one_line])


class SessionEditForm(StaffForm):
    """A session's new title and, while it has no answers, its questionnaire."""

    title = StringField(
        "ชื่อช่วง/หัวข้อ", validators=[DataRequired(REQUIRED), Length(max=300)], filters=[one_line]
    )
    questionnaire = SelectField("แบบประเมิน", validators=[InputRequired(REQUIRED)])


class DeleteSessionForm(StaffForm):
    """A session's join code typed again, to confirm that the session should be deleted."""

    code = StringField(
        "พิมพ์รหัสเข้าร่วมของช่วงนี้เพื่อยืนยันการลบ",
        validators=[InputRequired(REQUIRED)],
        # typed as people read it off the page: any case, spaces allowed
        filters=[lambda value: "".join(value.split()).upper() if isinstance(value, str) else value],
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"},
    )

    def __init__(self, session_code: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.session_code = session_code

    def validate_code(self, field: StringField) -> None:
        if field.data != self.session_code:
            raise ValidationError("รหัสไม่ตรงกับรหัสเข้าร่วมของช่วงนี้ ยังไม่ได้ลบสิ่งใด")


class DuplicateForm(StaffForm):
    """The next run of a workshop: its title and first day."""

    title = StringField(
        "ชื่อโครงการรุ่นถัดไป",
        validators=[DataRequired(REQUIRED), Length(max=300)],
        filters=[one_line],
    )
    starts_on = GregorianDateField("วันเริ่ม", validators=[InputRequired(REQUIRED)])


class ModerationForm(StaffForm):
    """Approve or hide one free-text answer; the button pressed carries the state."""

    answer_id = IntegerField(validators=[InputRequired(), NumberRange(min=1, max=MAX_ID)])
    state = SelectField(
        choices=[SelectChoice("approved", "แสดงบนจอ"), SelectChoice("hidden", "ซ่อน")],
        validators=[InputRequired()],
    )


class AssignForm(StaffForm):
    """Give a staff member access to a workshop."""

    user_id = SelectField("เจ้าหน้าที่", coerce=int)


class ThemeForm(StaffForm):
    """An edit to one questionnaire's themes; its lists are the themes the page shows now.

    Themes are named by their words (``ThemeReview.value_of``), so the choices are not checked
    as exact values: a theme whose words shifted a little since the page was shown still counts.
    """

    done = ""  # what the page says once the edit is stored

    def __init__(self, review: ThemeReview, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.review = review
        themes = [SelectChoice(t["value"], f"{t['label']} ({t['size']})") for t in review.editable]
        for name in ("theme", "into"):
            if name in self:
                self[name].choices = themes
        # several questionnaires' forms share one page: their fields need their own ids
        for form_field in self:
            form_field.id = f"{type(self).__name__}-{review.questionnaire.id}-{form_field.name}"
            form_field.label.field_id = form_field.id

    def edit(self) -> dict[str, Any]:
        """Return the edit this valid form asks for, as ``ThemeEdits`` keeps it."""
        raise NotImplementedError

    def theme_id(self, value: str | None) -> int:
        """Return the id of the theme a field names, or raise ValidationError."""
        theme = self.review.theme_for(value)
        if theme is None:
            raise ValidationError(UNKNOWN_THEME)
        return theme


def _theme_select(label: str) -> SelectField:
    return SelectField(label, validate_choice=False)


class RenameThemeForm(ThemeForm):
    """A new name for a theme."""

    done = "ตั้งชื่อประเด็นใหม่แล้ว"

    theme = _theme_select("ประเด็น")
    label = StringField(
        "ชื่อใหม่",
        validators=[
            DataRequired("กรุณาพิมพ์ชื่อประเด็น"),
            Length(max=THEME_LABEL_MAX, message=f"ชื่อประเด็นยาวได้ไม่เกิน {THEME_LABEL_MAX} ตัวอักษร"),
        ],
        filters=[one_line],
    )

    def validate_theme(self, field: SelectField) -> None:
        self.theme_id(field.data)

    def edit(self) -> dict[str, Any]:
        """Return the rename edit."""
        return self.review.rename(self.theme.data or "", self.label.data or "")


class MergeThemeForm(ThemeForm):
    """One theme merged into another."""

    done = "รวมประเด็นแล้ว"

    theme = _theme_select("รวมประเด็น")
    into = _theme_select("เข้ากับประเด็น")

    def __init__(self, review: ThemeReview, **kwargs: Any) -> None:
        super().__init__(review, **kwargs)
        if "formdata" in kwargs and kwargs["formdata"] is None and len(review.editable) > 1:
            self.into.data = review.editable[1]["value"]  # a theme other than the first

    def validate_theme(self, field: SelectField) -> None:
        self.theme_id(field.data)

    def validate_into(self, field: SelectField) -> None:
        into = self.theme_id(field.data)
        if into == self.review.theme_for(self.theme.data):
            raise ValidationError(SAME_THEME)

    def edit(self) -> dict[str, Any]:
        """Return the merge edit."""
        return self.review.merge(self.theme.data or "", self.into.data or "")


class MoveThemeForm(ThemeForm):
    """One point, as the page shows it (cleaned, masked), moved into another theme."""

    done = "ย้ายความคิดเห็นแล้ว"

    point = SelectField("ความคิดเห็น", validate_choice=False)
    into = _theme_select("ย้ายไปประเด็น")

    def __init__(self, review: ThemeReview, **kwargs: Any) -> None:
        super().__init__(review, **kwargs)
        self.point.choices = [
            SelectChoice(text, short_point(text), optgroup=theme["label"])
            for theme in review.themes
            for text, _ in theme["points"]
        ]

    def validate_point(self, field: SelectField) -> None:
        if self.review.theme_of_point(field.data) is None:
            raise ValidationError(UNKNOWN_POINT)

    def validate_into(self, field: SelectField) -> None:
        into = self.theme_id(field.data)
        if into == self.review.theme_of_point(self.point.data):
            raise ValidationError("ความคิดเห็นนี้อยู่ในประเด็นนี้แล้ว")

    def edit(self) -> dict[str, Any]:
        """Return the move edit; it keeps the point as shown, cleaned and masked."""
        return self.review.move(self.point.data or "", self.into.data or "")


THEME_FORMS: dict[str, type[ThemeForm]] = {
    "rename": RenameThemeForm,
    "merge": MergeThemeForm,
    "move": MoveThemeForm,
}


def questionnaire_choices(questionnaires: Iterable[Questionnaire]) -> list[SelectChoice]:
    """Return the questionnaire templates as choices: id, then Thai title."""
    return [SelectChoice(q.id, f"{q.title.get('th')} ({q.id})") for q in questionnaires]
