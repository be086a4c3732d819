"""Facilitators build questionnaires: a workshop's list, the editor of sections and questions with
its phone preview, the question bank, import and export. Every change is a plain form post.

Access follows the workshop a questionnaire belongs to: its facilitators edit, its analysts
read, others get 404; the template library is read by all staff and changed by admins.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint
from flask import abort
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from analysis.questionnaire import edit
from analysis.questionnaire.load import QuestionnaireError
from survey import auth
from survey import editor
from survey import editor_fields
from survey import library
from survey import store
from survey.editor_forms import TYPE_NAMES
from survey.editor_forms import BankForm
from survey.editor_forms import MetaForm
from survey.editor_forms import QuestionForm
from survey.editor_forms import SectionForm
from survey.limits import bounded_int
from survey.staff_forms import ButtonForm

bp = Blueprint("questionnaires", __name__, url_prefix="/staff/questionnaires")
MORE_OPTIONS = "more_options"  # the question form's button that adds option rows without JS


bp.before_request(auth.require_login)

PREVIEW_LANGUAGES = ("th", "en", "ms")


def questionnaire_for(row_id: int, action: str = "read") -> dict[str, Any]:
    """Return a stored questionnaire for this account: 404 when it is not theirs to see, 403
    when they may only read it (the same rules as its workshop's)."""
    row = store.questionnaire_row(row_id)
    if row is None:
        abort(404)
    if row["workshop_id"] is not None:
        auth.workshop_for(row["workshop_id"], "run" if action != "read" else "read")
    elif action != "read" and not auth.can("manage"):
        abort(403)
    return row


def can_edit(row: dict[str, Any]) -> bool:
    """Return True when the logged-in account may change this questionnaire."""
    if row["workshop_id"] is None:
        return auth.can("manage")
    return auth.can("run", row["workshop_id"])


def _user_id() -> int | None:
    user = auth.current_user()
    return user["id"] if user else None


def _revision() -> int:
    return bounded_int(request.form.get("revision"), -1)


@bp.get("/<int:row_id>")
def editor_page(row_id: int, status: int = 200, meta_form: Any = None) -> Any:
    """The editor: title and languages, sections and questions with their buttons, the
    question bank, and the phone preview beside them."""
    row = questionnaire_for(row_id)
    data = row["definition"]
    if meta_form is None:
        meta_form = MetaForm(
            formdata=None,
            data={
                "revision": row["revision"],
                "languages": [lang for lang in data.get("languages", []) if lang != "th"],
                **editor_fields.text_values("title", data.get("title")),
                **editor_fields.text_values("intro", data.get("intro")),
            },
        )
    bank = library.question_bank()
    bank_form = BankForm(formdata=None, data={"revision": row["revision"]})
    bank_form.section.choices = [
        SelectChoice(s["id"], editor_fields.thai(s.get("title"))) for s in data["sections"]
    ]
    workshop = store.workshop_by_id(row["workshop_id"]) if row["workshop_id"] else None
    page = render_template(
        "staff/questionnaire.html",
        row=row,
        workshop=workshop,
        sections=editor.summary(data),
        meta_form=meta_form,
        bank=bank,
        bank_form=bank_form,
        button=ButtonForm(formdata=None),
        can_edit=can_edit(row),
        types=TYPE_NAMES,
        answered=store.answered_versions(row["key"]),
        languages=PREVIEW_LANGUAGES,
    )
    return page, status


def _saved(
    row: dict[str, Any], change: Callable[[editor.Data], editor.Data], done: str
) -> Response:
    """Save a button's change and go back to the editor, saying what happened."""
    outcome = editor.save(row, change, _revision(), _user_id())
    if outcome.conflict:
        flash("ยังไม่ได้บันทึก: มีผู้บันทึกแบบประเมินนี้ก่อนหน้า — " + "; ".join(outcome.conflict))
    elif outcome.error:
        flash(f"ยังไม่ได้บันทึก: {outcome.error}")
    else:
        flash(_done(done, outcome.saved))
    return redirect(url_for("questionnaires.editor_page", row_id=row["id"]))


def _done(done: str, saved: dict[str, Any] | None) -> str:
    if saved and saved["new_version"]:
        return f"{done} เป็นรุ่นที่ {saved['version']} (รุ่นเดิมมีผู้ตอบแล้ว คำตอบเดิมยังอยู่กับรุ่นเดิม)"
    return done


@bp.post("/<int:row_id>/meta")
def save_meta(row_id: int) -> Any:
    """Save the title, the introduction and the languages."""
    row = questionnaire_for(row_id, "edit")
    form = MetaForm()
    if not form.validate_on_submit():
        return editor_page(row_id, 422, form)
    title, intro = editor_fields.texts(form, "title"), editor_fields.texts(form, "intro")
    languages = ["th", *(lang for lang in ("en", "ms") if lang in (form.languages.data or []))]

    def change(data: editor.Data) -> editor.Data:
        out = {**data, "title": title or "", "languages": languages}
        out.pop("intro", None)
        return out | ({"intro": intro} if intro else {})

    outcome = editor.save(row, change, _revision(), _user_id())
    if outcome.saved:
        flash(_done("บันทึกแล้ว", outcome.saved))
        return redirect(url_for("questionnaires.editor_page", row_id=row_id))
    _explain(form, outcome)
    return editor_page(row_id, 409 if outcome.conflict else 422, form)


def _explain(form: Any, outcome: editor.Outcome) -> None:
    """Put a refused save's problem beside its field, or on the page when no field fits."""
    if outcome.conflict:
        form.conflict = outcome.conflict
        if outcome.current is not None:
            form.revision.data = outcome.current["revision"]
        return
    name = editor.FIELD_OF_KEY.get(outcome.key or "", outcome.key or "")
    if name in form and name not in ("revision",):
        form[name].errors = [*form[name].errors, outcome.error]
    else:
        form.page_error = outcome.error


def _question_form(row: dict[str, Any], qid: str | None, section: str | None) -> Any:
    """Return the question form: posted, or filled from the stored question (or a new one)."""
    data = row["definition"]
    if request.method == "POST":
        form = QuestionForm()
    elif qid is not None:
        si, qi = edit.locate(data, qid)
        values = editor_fields.question_values(
            data["sections"][si]["questions"][qi], data["sections"][si]["id"]
        )
        form = QuestionForm(formdata=None, data=values | {"revision": row["revision"]})
    else:
        qtype = request.args.get("type", "likert")
        values = editor_fields.question_values(
            {"type": qtype if qtype in TYPE_NAMES else "likert"}, section or ""
        )
        values["id"] = edit.free_id(edit.question_ids(data), "q")
        form = QuestionForm(formdata=None, data=values | {"revision": row["revision"]})
    form.section.choices = [
        SelectChoice(s["id"], editor_fields.thai(s.get("title"))) for s in data["sections"]
    ]
    if qid is not None:
        form.show_if.choices = editor_fields.condition_choices(data, before=qid)
    else:
        form.show_if.choices = editor_fields.condition_choices(data, through=form.section.data)
    while len(form.options) < len([r for r in form.options if r.value.data or r.th.data]) + 2:
        form.options.append_entry()
    if request.form.get(MORE_OPTIONS):
        for _ in range(editor_fields.EXTRA_OPTION_ROWS):
            form.options.append_entry()
    return form


@bp.route("/<int:row_id>/questions/new", methods=["GET", "POST"])
@bp.route("/<int:row_id>/questions/<qid>", methods=["GET", "POST"])
def question(row_id: int, qid: str | None = None) -> Any:
    """Add or edit a question: every field of every type, kept as typed when a save is refused."""
    row = questionnaire_for(row_id, "edit" if request.method == "POST" else "read")
    data = row["definition"]
    if qid is not None and qid not in edit.question_ids(data):
        abort(404)
    section = request.args.get("section") or data["sections"][0]["id"]
    form = _question_form(row, qid, section)
    if request.form.get(MORE_OPTIONS):
        status = 200  # more empty option rows, everything typed kept, nothing saved
    elif request.method == "POST":
        if form.validate_on_submit():
            done = _save_question(row, form, qid)
            if done is not None:
                return done
        status = 409 if getattr(form, "conflict", None) else 422
    else:
        status = 200
    page = render_template(
        "staff/question_form.html",
        row=row,
        form=form,
        qid=qid,
        can_edit=can_edit(row),
        languages=PREVIEW_LANGUAGES,
    )
    return page, status


def _save_question(row: dict[str, Any], form: Any, qid: str | None) -> Response | None:
    """Save a valid question form; None (the problems on the form) when it cannot be."""
    question_data, problems = editor_fields.question_data(form)
    if qid is not None:
        question_data["id"] = qid  # a question keeps its id: its answers are stored by it
    for name, message in problems.items():
        form[name].errors = [*form[name].errors, message]
    if problems:
        return None
    target = form.section.data

    def change(stored: editor.Data) -> editor.Data:
        if qid is None and question_data["id"] in edit.question_ids(stored):
            raise _taken("question", question_data["id"])
        return edit.put_question(stored, question_data, target, qid)

    item = question_data["id"]
    return _save_form(row, form, change, item, f"บันทึกคำถาม '{item}' แล้ว", f"q-{item}")


def _save_form(
    row: dict[str, Any],
    form: Any,
    change: Callable[[editor.Data], editor.Data],
    item: str,
    done: str,
    anchor: str,
) -> Response | None:
    """Save a form's change of `item` and go back to the editor; None (the problem beside its
    field, or on the page when it is about another item) when it cannot be saved."""
    outcome = editor.save(row, change, _revision(), _user_id())
    if outcome.saved:
        flash(_done(done, outcome.saved))
        return redirect(url_for("questionnaires.editor_page", row_id=row["id"], _anchor=anchor))
    if outcome.item not in (None, item):
        outcome.key = None
    _explain(form, outcome)
    return None


def _taken(what: str, item: str) -> Exception:
    """Return the problem of a new question's or section's id that is already used."""
    names = {"question": "คำถาม", "section": "ส่วน"}
    return QuestionnaireError(
        "editor",
        None,
        f"{what} id '{item}' is used twice",
        th=f"รหัส{names[what]} '{item}' ซ้ำกับ{names[what]}อื่น กรุณาตั้งรหัสใหม่",
        item=item,
        field="id",
    )


@bp.post("/<int:row_id>/questions/<qid>/<any(duplicate, delete, up, down):action>")
def question_action(row_id: int, qid: str, action: str) -> Response:
    """Duplicate, delete or move a question one place up or down."""
    row = questionnaire_for(row_id, "edit")
    if not ButtonForm().validate_on_submit():
        abort(400)
    if qid not in edit.question_ids(row["definition"]):
        abort(404)
    changes: dict[str, tuple[Callable[[editor.Data], editor.Data], str]] = {
        "duplicate": (lambda d: edit.duplicate_question(d, qid)[0], f"ทำสำเนาคำถาม '{qid}' แล้ว"),
        "delete": (lambda d: edit.remove_question(d, qid), f"ลบคำถาม '{qid}' แล้ว"),
        "up": (lambda d: edit.move_question(d, qid, -1), f"ย้ายคำถาม '{qid}' ขึ้นแล้ว"),
        "down": (lambda d: edit.move_question(d, qid, 1), f"ย้ายคำถาม '{qid}' ลงแล้ว"),
    }
    used_by = edit.dependents(row["definition"], qid) if action == "delete" else []
    if used_by:
        names = ", ".join(f"'{item}'" for item in used_by)
        flash(
            f"ลบคำถาม '{qid}' ไม่ได้: {names} แสดงเฉพาะเมื่อตอบคำถามนี้ "
            f"กรุณาลบเงื่อนไขการแสดง (แสดงข้อนี้เฉพาะเมื่อ) ของ {names} ก่อน แล้วจึงลบคำถามนี้"
        )
        return redirect(url_for("questionnaires.editor_page", row_id=row_id) + f"#q-{qid}")
    change, done = changes[action]
    return _saved(row, change, done)


@bp.route("/<int:row_id>/sections/new", methods=["GET", "POST"])
@bp.route("/<int:row_id>/sections/<sid>", methods=["GET", "POST"])
def section(row_id: int, sid: str | None = None) -> Any:
    """Add a section, or change a section's title and condition."""
    row = questionnaire_for(row_id, "edit" if request.method == "POST" else "read")
    data = row["definition"]
    ids = [s["id"] for s in data["sections"]]
    if sid is not None and sid not in ids:
        abort(404)
    if request.method == "POST":
        form = SectionForm()
    elif sid is not None:
        stored = data["sections"][ids.index(sid)]
        form = SectionForm(
            formdata=None,
            data={
                "revision": row["revision"],
                "id": sid,
                "show_if": editor_fields.condition_values(stored.get("show_if")),
                **editor_fields.text_values("title", stored.get("title")),
            },
        )
    else:
        form = SectionForm(
            formdata=None,
            data={"revision": row["revision"], "id": edit.free_id(ids, f"part_{len(ids) + 1}")},
        )
    form.show_if.choices = editor_fields.condition_choices(data, section=sid or "\0")
    if request.method == "POST":
        if form.validate_on_submit():
            done = _save_section(row, form, sid)
            if done is not None:
                return done
        status = 409 if getattr(form, "conflict", None) else 422
    else:
        status = 200
    page = render_template(
        "staff/section_form.html", row=row, form=form, sid=sid, can_edit=can_edit(row)
    )
    return page, status


def _save_section(row: dict[str, Any], form: Any, sid: str | None) -> Response | None:
    """Save a valid section form; None (the problems on the form) when it cannot be."""
    condition = editor_fields.condition_from(form.show_if.data or [])
    if isinstance(condition, str):
        form.show_if.errors = [condition]
        return None
    new_id = sid or editor_fields.intake(form.id.data or "")
    new: dict[str, Any] = {"id": new_id, "title": editor_fields.texts(form, "title") or ""}
    if condition:
        new["show_if"] = condition

    def change(stored: editor.Data) -> editor.Data:
        if sid is None and new_id in [s["id"] for s in stored["sections"]]:
            raise _taken("section", new_id)
        return edit.put_section(stored, new, sid)

    return _save_form(row, form, change, new_id, f"บันทึกส่วน '{new_id}' แล้ว", f"s-{new_id}")


@bp.post("/<int:row_id>/sections/<sid>/<any(delete, up, down):action>")
def section_action(row_id: int, sid: str, action: str) -> Response:
    """Delete a section with its questions, or move it one place up or down."""
    row = questionnaire_for(row_id, "edit")
    if not ButtonForm().validate_on_submit():
        abort(400)
    if sid not in [s["id"] for s in row["definition"]["sections"]]:
        abort(404)
    changes: dict[str, tuple[Callable[[editor.Data], editor.Data], str]] = {
        "delete": (lambda d: edit.remove_section(d, sid), f"ลบส่วน '{sid}' แล้ว"),
        "up": (lambda d: edit.move_section(d, sid, -1), f"ย้ายส่วน '{sid}' ขึ้นแล้ว"),
        "down": (lambda d: edit.move_section(d, sid, 1), f"ย้ายส่วน '{sid}' ลงแล้ว"),
    }
    change, done = changes[action]
    return _saved(row, change, done)


@bp.post("/<int:row_id>/bank")
def insert_from_bank(row_id: int) -> Response:
    """Insert a group of the question bank's standard items at the end of a section."""
    row = questionnaire_for(row_id, "edit")
    bank = library.question_bank()
    form = BankForm()
    form.section.choices = [SelectChoice(s["id"], s["id"]) for s in row["definition"]["sections"]]
    if not form.validate_on_submit():
        abort(400)
    groups = {s["id"]: s for s in bank.to_dict()["sections"]}
    group = groups.get(form.group.data or "")
    if group is None:
        abort(404)
    target = form.section.data or ""
    return _saved(
        row,
        lambda d: edit.insert_items(d, target, group["questions"])[0],
        f"เพิ่มคำถามจากคลัง {len(group['questions'])} ข้อแล้ว",
    )
