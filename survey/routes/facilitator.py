"""Facilitators and admins: set up workshops, days and sessions; open and close sessions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint
from flask import abort
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from analysis.questionnaire.load import QuestionnaireError
from analysis.questionnaire.model import Questionnaire
from analysis.stats.attendance import attendance_from_counts
from survey import audit
from survey import auth
from survey import library
from survey import store
from survey.routes.participant import participant_url
from survey.staff_forms import AssignForm
from survey.staff_forms import ButtonForm
from survey.staff_forms import DayForm
from survey.staff_forms import DeleteSessionForm
from survey.staff_forms import DuplicateForm
from survey.staff_forms import SessionEditForm
from survey.staff_forms import SessionForm
from survey.staff_forms import WorkshopForm
from survey.staff_forms import questionnaire_choices
from survey.staff_forms import role_name

bp = Blueprint("facilitator", __name__, url_prefix="/staff")
bp.before_request(auth.require_login)


def questionnaire_templates(workshop_id: int) -> dict[str, Questionnaire]:
    """Return what the workshop's sessions may use: its own questionnaires, then the template
    library; a broken template file is reported and offers none."""
    try:
        return library.for_workshop(workshop_id)
    except QuestionnaireError as exc:
        flash(f"แบบประเมินในโฟลเดอร์แม่แบบมีปัญหา: {exc}")
        return {}


def _usable(questionnaire: Questionnaire | None) -> Questionnaire | None:
    """Return the questionnaire when a session can use it: one with at least one question."""
    if questionnaire is not None and not questionnaire.questions:
        flash(f"แบบประเมิน '{questionnaire.id}' ยังไม่มีคำถาม จึงยังใช้กับช่วงการประเมินไม่ได้")
        return None
    return questionnaire


@bp.get("/")
def workshops() -> str:
    """The workshops this account may see."""
    user = auth.current_user()
    assert user is not None
    staff_id = None if user["role"] == "admin" else user["id"]
    return render_template(
        "staff/workshops.html",
        workshops=store.list_workshops(staff_id),
        can_create=auth.can("run"),
    )


@bp.route("/workshops/new", methods=["GET", "POST"])
def new_workshop() -> str | Response:
    """Create a workshop; its creator is assigned to it."""
    auth.require_role("run")
    form = WorkshopForm()
    if form.validate_on_submit():
        spec = {**_workshop_values(form), "days": []}
        workshop_id = store.create_workshop(spec)
        user = auth.current_user()
        assert user is not None
        store.assign_staff(workshop_id, user["id"])
        flash("สร้างโครงการแล้ว เพิ่มช่วงการประเมินได้ด้านล่าง")
        return redirect(url_for("facilitator.workshop", workshop_id=workshop_id))
    return render_template("staff/workshop_form.html", form=form, workshop=None)


def _workshop_values(form: WorkshopForm) -> dict[str, Any]:
    return {
        "title": (form.title.data or "").strip(),
        "venue": (form.venue.data or "").strip(),
        "organiser": (form.organiser.data or "").strip(),
        "starts_on": form.starts_on.data,
        "ends_on": form.ends_on.data,
        "expected_attendance": form.expected_attendance.data,
        "privacy_contact": form.privacy_contact.data or "",
        "privacy_notice": form.privacy_notice.data or "",
        "retain_until": form.retain_until.data,
        "retention": form.retention.data or "text",
    }


@bp.route("/workshops/<int:workshop_id>/edit", methods=["GET", "POST"])
def edit_workshop(workshop_id: int) -> str | Response:
    """Change a workshop's details."""
    workshop = auth.workshop_for(workshop_id, "run")
    form = WorkshopForm(data=workshop)
    if form.validate_on_submit():
        store.update_workshop(workshop_id, _workshop_values(form))
        flash("บันทึกแล้ว")
        return redirect(url_for("facilitator.workshop", workshop_id=workshop_id))
    return render_template("staff/workshop_form.html", form=form, workshop=workshop)


@bp.get("/workshops/<int:workshop_id>")
def workshop(workshop_id: int) -> str:
    """A workshop's sessions with their join codes, links and open/close buttons."""
    workshop = auth.workshop_for(workshop_id)
    sessions = store.list_sessions(workshop_id)
    counts = store.response_counts([s["id"] for s in sessions])
    people = attendance_from_counts(store.attendance_counts([s["id"] for s in sessions]))
    templates = questionnaire_templates(workshop_id) if auth.can("run", workshop_id) else {}
    session_form = SessionForm(formdata=None)
    session_form.questionnaire.choices = questionnaire_choices(templates.values())
    assign_form = AssignForm(formdata=None)
    if auth.can("manage"):
        assign_form.user_id.choices = _staff_choices()
    return render_template(
        "staff/workshop.html",
        workshop=workshop,
        sessions=sessions,
        counts=counts,
        people=people,
        questionnaire_titles={
            qid: q.title.get()
            for qid, q in store.questionnaires_of(
                store.list_sessions(workshop_id, with_questionnaire=True)
            ).items()
        },
        links={s["id"]: participant_url(s["code"]) for s in sessions},
        session_form=session_form,
        duplicate_form=DuplicateForm(formdata=None, title=workshop["title"]),
        assign_form=assign_form,
        button=ButtonForm(formdata=None),
        staff=store.workshop_staff_of(workshop_id),
        day_forms=[
            (day["number"], DayForm(formdata=None, data=day))
            for day in store.list_days(workshop_id)
        ],
        days_in_use={s["day"] for s in sessions},
        can_run=auth.can("run", workshop_id),
        can_manage=auth.can("manage"),
    )


def _username(user_id: int) -> str:
    user = store.user_by_id(user_id)
    return str(user["username"]) if user else f"#{user_id}"


def _staff_choices() -> list[SelectChoice]:
    return [
        SelectChoice(u["id"], f"{u['username']} ({role_name(u['role'])})")
        for u in store.list_users()
        if u["role"] != "admin"
    ]


@bp.post("/workshops/<int:workshop_id>/sessions")
def add_session(workshop_id: int) -> Response:
    """Add a session (closed until opened) on a day of the workshop."""
    auth.workshop_for(workshop_id, "run")
    templates = questionnaire_templates(workshop_id)
    form = SessionForm()
    form.questionnaire.choices = questionnaire_choices(templates.values())
    if form.validate_on_submit():
        chosen = _usable(templates[form.questionnaire.data or ""])
        if chosen is None:
            return redirect(url_for("facilitator.workshop", workshop_id=workshop_id))
        date: dt.date = form.date.data
        store.add_workshop_session(
            workshop_id,
            date,
            (form.day_title.data or "").strip(),
            (form.title.data or "").strip(),
            chosen,
        )
        flash("เพิ่มช่วงการประเมินแล้ว (ยังปิดอยู่ กด 'เปิดรับคำตอบ' เมื่อพร้อม)")
    else:
        flash("เพิ่มไม่ได้: " + _errors(form))
    return redirect(url_for("facilitator.workshop", workshop_id=workshop_id))


def _errors(form: FlaskForm) -> str:
    """Return a form's errors as one line: each field's label and its first error."""
    return "; ".join(f"{form[k].label.text}: {v[0]}" for k, v in form.errors.items())


@bp.post("/workshops/<int:workshop_id>/days/<int:number>")
def edit_day(workshop_id: int, number: int) -> Response:
    """Change a day's date or title."""
    auth.workshop_for(workshop_id, "run")
    form = DayForm()
    if not form.validate_on_submit():
        flash("บันทึกวันไม่ได้: " + (_errors(form) or "กรุณาระบุวันที่ให้ถูกต้อง"))
    elif store.update_day(workshop_id, number, form.date.data, (form.title.data or "").strip()):
        flash(f"บันทึกวันที่ {number} แล้ว")
    else:
        abort(404)
    return redirect(url_for("facilitator.workshop", workshop_id=workshop_id))


@bp.route("/sessions/<int:session_id>/edit", methods=["GET", "POST"])
def edit_session(session_id: int) -> str | Response:
    """Rename a session; its questionnaire may change only while it has no answers."""
    session = auth.session_for(session_id, "run")
    answered = store.count_responses(session_id) > 0
    templates = questionnaire_templates(session["workshop_id"])
    # The questionnaire it holds is always a choice, even when no longer offered (a workshop
    # copied from another, a template file removed).
    templates.setdefault(session["questionnaire_id"], store.questionnaire_of(session))
    form = SessionEditForm(
        data={"title": session["title"], "questionnaire": session["questionnaire_id"]}
    )
    form.questionnaire.choices = questionnaire_choices(templates.values())
    if answered:
        form.questionnaire.render_kw = {"disabled": True}
        form.questionnaire.validators = []
    if form.validate_on_submit():
        chosen = None if answered else _usable(templates.get(form.questionnaire.data or ""))
        store.update_session(session_id, (form.title.data or "").strip(), chosen)
        flash("บันทึกแล้ว")
        return redirect(url_for("facilitator.workshop", workshop_id=session["workshop_id"]))
    return render_template("staff/session_form.html", form=form, session=session, answered=answered)


@bp.post("/sessions/<int:session_id>/<any(open, close):action>")
def open_or_close(session_id: int, action: str) -> Response:
    """Open a session for answers, or close it (participants then see a polite closed page)."""
    session = auth.session_for(session_id, "run")
    if not ButtonForm().validate_on_submit():
        abort(400)
    store.set_session_open(session_id, action == "open")
    audit.record(f"session_{action}", session["workshop_id"], session["code"])
    return redirect(url_for("facilitator.workshop", workshop_id=session["workshop_id"]))


@bp.route("/sessions/<int:session_id>/delete", methods=["GET", "POST"])
def delete_session(session_id: int) -> str | Response | tuple[str, int]:
    """Delete a session set up by mistake once its code is typed again; one with answers stays."""
    session = auth.session_for(session_id, "run")
    form = DeleteSessionForm(session["code"])
    answered = store.count_responses(session_id)
    if not answered and form.validate_on_submit():
        try:
            store.delete_session(session_id)
        except store.SessionHasResponsesError as refused:
            answered = refused.responses  # an answer came in while the page was open
        else:
            audit.record("session_delete", session["workshop_id"], session["code"])
            flash(f"ลบช่วง “{session['title']}” (รหัส {session['code']}) แล้ว")
            return redirect(url_for("facilitator.workshop", workshop_id=session["workshop_id"]))
    page = render_template(
        "staff/session_delete.html",
        form=form,
        session=session,
        questionnaire_title=store.questionnaire_of(session).title.get(),
        answered=answered,
        button=ButtonForm(formdata=None),
    )
    return page, 409 if answered and request.method == "POST" else 200


@bp.post("/workshops/<int:workshop_id>/days/<int:number>/delete")
def delete_day(workshop_id: int, number: int) -> Response:
    """Delete a day that has no sessions; later days move up one number."""
    auth.workshop_for(workshop_id, "run")
    if not ButtonForm().validate_on_submit():
        abort(400)
    try:
        if not store.delete_day(workshop_id, number):
            abort(404)
        audit.record("day_delete", workshop_id, f"day {number}")
        flash(f"ลบวันที่ {number} แล้ว")
    except store.DayHasSessionsError:
        flash(f"ลบวันที่ {number} ไม่ได้ เพราะยังมีช่วงการประเมินในวันนั้น ระบบยังไม่ได้ลบสิ่งใด")
    return redirect(url_for("facilitator.workshop", workshop_id=workshop_id))


@bp.post("/workshops/<int:workshop_id>/duplicate")
def duplicate(workshop_id: int) -> Response:
    """Copy a workshop's days, sessions and staff for its next run (no answers are copied)."""
    auth.workshop_for(workshop_id, "run")
    form = DuplicateForm()
    if not form.validate_on_submit():
        flash("สร้างรุ่นถัดไปไม่ได้: " + (_errors(form) or "กรุณาระบุชื่อและวันเริ่มของรุ่นถัดไป"))
        return redirect(url_for("facilitator.workshop", workshop_id=workshop_id))
    starts_on: dt.date = form.starts_on.data
    copy_id = store.duplicate_workshop(workshop_id, starts_on, (form.title.data or "").strip())
    flash("สร้างรุ่นถัดไปแล้ว ทุกช่วงยังปิดรับคำตอบอยู่")
    return redirect(url_for("facilitator.workshop", workshop_id=copy_id))


@bp.post("/workshops/<int:workshop_id>/staff")
def assign(workshop_id: int) -> Response:
    """Admins: give a facilitator or analyst access to this workshop."""
    auth.workshop_for(workshop_id, "manage")
    form = AssignForm()
    form.user_id.choices = _staff_choices()
    if form.validate_on_submit():
        store.assign_staff(workshop_id, int(form.user_id.data))
        audit.record("staff_assign", workshop_id, _username(int(form.user_id.data)))
    return redirect(url_for("facilitator.workshop", workshop_id=workshop_id))


@bp.post("/workshops/<int:workshop_id>/staff/<int:user_id>/remove")
def unassign(workshop_id: int, user_id: int) -> Response:
    """Admins: take a staff member's access to this workshop away."""
    auth.workshop_for(workshop_id, "manage")
    if not ButtonForm().validate_on_submit():
        abort(400)
    store.unassign_staff(workshop_id, user_id)
    audit.record("staff_unassign", workshop_id, _username(user_id))
    return redirect(url_for("facilitator.workshop", workshop_id=workshop_id))
