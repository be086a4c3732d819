"""Staff forms: login, accounts, workshop and session set-up, and the CSRF-guarded buttons."""

from __future__ import annotations

from collections.abc import Iterable

from flask_wtf import FlaskForm
from wtforms import DateField
from wtforms import IntegerField
from wtforms import PasswordField
from wtforms import SelectField
from wtforms import StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired
from wtforms.validators import Length
from wtforms.validators import NumberRange
from wtforms.validators import Optional
from wtforms.validators import Regexp

from analysis.questionnaire import Questionnaire
from survey.auth import MIN_PASSWORD_LENGTH
from survey.schema import ROLES

REQUIRED = "กรุณากรอกช่องนี้"
ROLE_LABELS = {"admin": "ผู้ดูแลระบบ", "facilitator": "วิทยากรกระบวนการ", "analyst": "นักวิเคราะห์"}
USERNAME_PATTERN = r"^[A-Za-z0-9_.@-]{2,64}$"


class ButtonForm(FlaskForm):
    """A form with nothing but its CSRF token, for buttons that change something."""


class LoginForm(FlaskForm):
    """Username and password."""

    username = StringField("ชื่อผู้ใช้", validators=[InputRequired(REQUIRED), Length(max=64)])
    password = PasswordField("รหัสผ่าน", validators=[InputRequired(REQUIRED), Length(max=200)])


class PasswordForm(FlaskForm):
    """A new password for an account."""

    password = PasswordField(
        "รหัสผ่านใหม่",
        validators=[
            InputRequired(REQUIRED),
            Length(min=MIN_PASSWORD_LENGTH, max=200, message="ยาว 8–200 ตัวอักษร"),
        ],
    )


class UserForm(PasswordForm):
    """A new staff account."""

    username = StringField(
        "ชื่อผู้ใช้",
        validators=[
            InputRequired(REQUIRED),
            Regexp(USERNAME_PATTERN, message="ใช้ตัวอักษรอังกฤษ ตัวเลข และ _ . @ - ได้ 2–64 ตัว"),
        ],
    )
    role = SelectField("บทบาท", choices=[SelectChoice(role, ROLE_LABELS[role]) for role in ROLES])


class WorkshopForm(FlaskForm):
    """A workshop's title, place, organiser, dates and expected attendance."""

    title = StringField("ชื่อโครงการ", validators=[InputRequired(REQUIRED), Length(max=300)])
    venue = StringField("สถานที่", validators=[Optional(), Length(max=300)])
    organiser = StringField("หน่วยงานผู้จัด", validators=[Optional(), Length(max=300)])
    starts_on = DateField("วันเริ่ม", validators=[InputRequired(REQUIRED)])
    ends_on = DateField("วันสิ้นสุด", validators=[InputRequired(REQUIRED)])
    expected_attendance = IntegerField(
        "จำนวนผู้เข้าร่วมที่คาดไว้", validators=[Optional(), NumberRange(min=1, max=100_000)]
    )

    def validate(self, extra_validators: object = None) -> bool:
        """Check the fields, then that the workshop does not end before it starts."""
        if not super().validate():
            return False
        if self.ends_on.data < self.starts_on.data:
            self.ends_on.errors = ["วันสิ้นสุดต้องไม่ก่อนวันเริ่ม"]
            return False
        return True


class SessionForm(FlaskForm):
    """A session: its title, its day and the questionnaire it uses."""

    title = StringField("ชื่อช่วง/หัวข้อ", validators=[InputRequired(REQUIRED), Length(max=300)])
    date = DateField("วันที่", validators=[InputRequired(REQUIRED)])
    day_title = StringField("ชื่อวัน (ถ้ามี)", validators=[Optional(), Length(max=100)])
    questionnaire = SelectField("แบบประเมิน", validators=[InputRequired(REQUIRED)])


class DayForm(FlaskForm):
    """A day's date and title."""

    date = DateField("วันที่", validators=[InputRequired(REQUIRED)])
    title = StringField("ชื่อวัน", validators=[Optional(), Length(max=100)])


class SessionEditForm(FlaskForm):
    """A session's new title and, while it has no answers, its questionnaire."""

    title = StringField("ชื่อช่วง/หัวข้อ", validators=[InputRequired(REQUIRED), Length(max=300)])
    questionnaire = SelectField("แบบประเมิน", validators=[InputRequired(REQUIRED)])


class DuplicateForm(FlaskForm):
    """The next run of a workshop: its title and first day."""

    title = StringField("ชื่อโครงการรุ่นถัดไป", validators=[InputRequired(REQUIRED)])
    starts_on = DateField("วันเริ่ม", validators=[InputRequired(REQUIRED)])


class ModerationForm(FlaskForm):
    """Approve or hide one free-text answer; the button pressed carries the state."""

    answer_id = IntegerField(validators=[InputRequired()])
    state = SelectField(
        choices=[SelectChoice("approved", "แสดงบนจอ"), SelectChoice("hidden", "ซ่อน")],
        validators=[InputRequired()],
    )


class AssignForm(FlaskForm):
    """Give a staff member access to a workshop."""

    user_id = SelectField("เจ้าหน้าที่", coerce=int)


def questionnaire_choices(questionnaires: Iterable[Questionnaire]) -> list[SelectChoice]:
    """Return the questionnaire templates as choices: id, then Thai title."""
    return [SelectChoice(q.id, f"{q.title.get('th')} ({q.id})") for q in questionnaires]
