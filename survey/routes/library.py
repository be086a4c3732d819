"""Questionnaires of a workshop and of the template library: list, create (blank, from a template,
as a copy), import a file (YAML, JSON, XLSForm), export, delete, and the phone preview."""

from __future__ import annotations

from typing import Any

from flask import Blueprint
from flask import Response
from flask import abort
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from wtforms.fields.choices import SelectChoice

from analysis.questionnaire import edit
from analysis.questionnaire.conditions import visible_questions
from analysis.questionnaire.load import QuestionnaireError
from analysis.questionnaire.model import LANGUAGES
from analysis.questionnaire.model import Questionnaire
from analysis.questionnaire.validate import validate_questionnaire
from survey import auth
from survey import editor_fields
from survey import library
from survey import store
from survey.editor_forms import CreateForm
from survey.editor_forms import ImportForm
from survey.editor_forms import QuestionForm
from survey.forms import ALL_PAGES
from survey.forms import build_form
from survey.forms import form_layout
from survey.i18n import LANGUAGE_NAMES
from survey.limits import bounded_int
from survey.routes.questionnaires import questionnaire_for
from survey.staff_forms import ButtonForm

bp = Blueprint("library", __name__, url_prefix="/staff")
bp.before_request(auth.require_login)

MIMETYPES = {
    "yaml": "application/yaml; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _visible_rows() -> list[dict[str, Any]]:
    """Return the stored questionnaires this account may see: the library's, and those of the
    workshops it is assigned to (all, for an admin)."""
    user = auth.current_user()
    assert user is not None
    if user["role"] == "admin":
        return store.list_questionnaires()
    workshops = [w["id"] for w in store.list_workshops(user["id"])]
    return store.list_questionnaires(workshops)


def _sources() -> list[SelectChoice]:
    """Return what a new questionnaire may start from: blank, a template, or a copy."""
    choices = [SelectChoice("", "แบบว่าง (เริ่มจากศูนย์)")]
    try:
        files = library.template_files()
    except QuestionnaireError as exc:
        flash(f"แบบประเมินในโฟลเดอร์แม่แบบมีปัญหา: {exc}")
        files = {}
    for key, questionnaire in files.items():
        choices.append(
            SelectChoice(f"file:{key}", f"{questionnaire.title.get()} ({key})", optgroup="แม่แบบ")
        )
    titles = {w["id"]: w["title"] for w in store.list_workshops()}
    for row in _visible_rows():
        group = (
            "คลังแม่แบบ"
            if row["workshop_id"] is None
            else f"โครงการ {titles.get(row['workshop_id'], '')}"
        )
        title = editor_fields.thai(row["definition"].get("title"))
        choices.append(SelectChoice(f"db:{row['id']}", f"{title} ({row['key']})", optgroup=group))
    return choices


def _source_data(source: str) -> dict[str, Any] | None:
    """Return the questionnaire data a new one starts from (None: blank)."""
    if source.startswith("file:"):
        found = library.template_files().get(source[5:])
        return found.to_dict() if found else None
    row_id = bounded_int(source[3:], None) if source.startswith("db:") else None
    if row_id is not None:
        row = questionnaire_for(row_id)
        return dict(row["definition"])
    return None


@bp.route("/workshops/<int:workshop_id>/questionnaires", methods=["GET", "POST"])
def workshop_questionnaires(workshop_id: int) -> Any:
    """A workshop's questionnaires, and a form to create one."""
    workshop = auth.workshop_for(workshop_id)
    return _list_page(workshop)


@bp.route("/questionnaires", methods=["GET", "POST"])
def template_library() -> Any:
    """The template library: shipped files and the questionnaires imported for everyone."""
    return _list_page(None)


def _list_page(workshop: dict[str, Any] | None) -> Any:
    workshop_id = workshop["id"] if workshop else None
    may_create = auth.can("run", workshop_id) if workshop else auth.can("manage")
    form = CreateForm()
    form.source.choices = _sources()
    status = 200
    if request.method == "POST":
        if not may_create:
            abort(403)
        if form.validate_on_submit():
            created = _create(form, workshop_id)
            if created is not None:
                flash("สร้างแบบประเมินแล้ว แก้ไขได้ด้านล่าง")
                return redirect(url_for("questionnaires.editor_page", row_id=created))
        status = 422
    rows = [
        r
        for r in store.list_questionnaires([workshop_id] if workshop_id else [])
        if r["workshop_id"] == workshop_id
    ]
    try:
        files = library.template_files() if workshop is None else {}
    except QuestionnaireError:
        files = {}
    page = render_template(
        "staff/questionnaires.html",
        workshop=workshop,
        rows=rows,
        files=files,
        form=form,
        import_form=ImportForm(formdata=None),
        button=ButtonForm(formdata=None),
        may_create=may_create,
        sessions_using=_sessions_using(workshop_id),
    )
    return page, status


def _sessions_using(workshop_id: int | None) -> dict[str, int]:
    if workshop_id is None:
        return {}
    counts: dict[str, int] = {}
    for session in store.list_sessions(workshop_id):
        counts[session["questionnaire_id"]] = counts.get(session["questionnaire_id"], 0) + 1
    return counts


def _create(form: CreateForm, workshop_id: int | None) -> int | None:
    """Create the questionnaire a valid create form asks for; None (errors on the form) if not."""
    key = form.key.data or ""
    title = editor_fields.intake(form.title.data or "")
    data = _source_data(form.source.data or "") or edit.blank(key, title or key)
    data = {**data, "id": key, "version": 1}
    if title:
        old = data.get("title")
        data["title"] = {**(old if isinstance(old, dict) else {}), "th": title}
    return _store_new(form.key, data, workshop_id)


def _store_new(
    field: Any, data: dict[str, Any], workshop_id: int | None, renumber: bool = False
) -> int | None:
    """Store a new questionnaire; None with the problem on `field`. With `renumber` (imports),
    an id another questionnaire has becomes the first free id_2, id_3, … (library.create_new)."""
    try:
        questionnaire = validate_questionnaire(data, "new")
    except QuestionnaireError as refused:
        field.errors = [*field.errors, *(problem.problem_th for problem in refused.problems)]
        return None
    created = library.create_new(questionnaire, workshop_id, _user_id(), renumber)
    if created is None:
        field.errors = [
            *field.errors,
            f"รหัส '{questionnaire.id}' มีแบบประเมินอื่นใช้แล้ว กรุณาตั้งรหัสใหม่",
        ]
    return created


def _user_id() -> int | None:
    user = auth.current_user()
    return user["id"] if user else None


@bp.post("/workshops/<int:workshop_id>/questionnaires/import")
def import_to_workshop(workshop_id: int) -> Any:
    """Bring a questionnaire file (YAML, JSON or XLSForm) into a workshop."""
    workshop = auth.workshop_for(workshop_id, "run")
    return _import(workshop)


@bp.post("/questionnaires/import")
def import_to_library() -> Any:
    """Admins: bring a questionnaire file into the template library."""
    auth.require_role("manage")
    return _import(None)


def _import(workshop: dict[str, Any] | None) -> Any:
    # imported where used: XLSForm needs openpyxl, which a worker serving participants does not
    from analysis.questionnaire.transfer import TransferError as FileRefused
    from analysis.questionnaire.transfer import read_questionnaire

    form = ImportForm()
    workshop_id = workshop["id"] if workshop else None
    back = (
        url_for("library.workshop_questionnaires", workshop_id=workshop_id)
        if workshop_id
        else url_for("library.template_library")
    )
    if not form.validate_on_submit():
        abort(400)
    upload = form.file.data
    if upload is None or not upload.filename:
        flash("กรุณาเลือกไฟล์ก่อนนำเข้า")
        return redirect(back)
    try:
        with upload.stream:  # a large upload is a temporary file: closed once it is read
            content = upload.read()
        questionnaire = read_questionnaire(content, upload.filename)
    except FileRefused as refused:
        flash("นำเข้าไม่ได้ ยังไม่ได้สร้างสิ่งใด: " + " · ".join(refused.problems_th))
        return redirect(back)
    created = _store_new(form.file, questionnaire.to_dict(), workshop_id, renumber=True)
    if created is None:
        flash("นำเข้าไม่ได้ ยังไม่ได้สร้างสิ่งใด: " + " ".join(form.file.errors))
        return redirect(back)
    row = store.questionnaire_row(created)
    key = row["key"] if row else questionnaire.id
    flash(f"นำเข้า '{key}' แล้ว ({len(questionnaire.questions)} คำถาม)")
    if key != questionnaire.id:
        flash(f"รหัส '{questionnaire.id}' ถูกใช้แล้ว จึงตั้งรหัสแบบประเมินนี้เป็น '{key}'")
    return redirect(url_for("questionnaires.editor_page", row_id=created))


@bp.get("/questionnaires/<int:row_id>/export.<any(yaml, json, xlsx):fmt>")
def export(row_id: int, fmt: str) -> Response:
    """Download a questionnaire as YAML, JSON or XLSForm (opens in KoboToolbox)."""
    from analysis.questionnaire.transfer import EXPORT_FORMATS
    from analysis.questionnaire.transfer import export_bytes

    row = questionnaire_for(row_id)
    questionnaire = library.stored(row)
    body = export_bytes(questionnaire, EXPORT_FORMATS[fmt])
    name = f"{row['key']}-v{row['version']}.{fmt}"
    return Response(
        body,
        mimetype=MIMETYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.post("/questionnaires/<int:row_id>/delete")
def delete(row_id: int) -> Any:
    """Delete a questionnaire no session uses."""
    row = questionnaire_for(row_id, "edit")
    if not ButtonForm().validate_on_submit():
        abort(400)
    try:
        store.delete_questionnaire(row_id)
        flash(f"ลบแบบประเมิน '{row['key']}' แล้ว")
    except store.QuestionnaireInUseError as used:
        flash(f"ลบไม่ได้: มี {used.sessions} ช่วงการประเมินใช้แบบประเมินนี้อยู่ ระบบยังไม่ได้ลบสิ่งใด")
        return redirect(url_for("questionnaires.editor_page", row_id=row_id))
    if row["workshop_id"]:
        return redirect(url_for("library.workshop_questionnaires", workshop_id=row["workshop_id"]))
    return redirect(url_for("library.template_library"))


@bp.route("/questionnaires/<int:row_id>/preview", methods=["GET", "POST"])
def preview(row_id: int) -> Any:
    """The participant's form as a phone shows it, in one language: the saved questionnaire, or
    (posted by the editor's script) the question being edited, before it is saved."""
    row = questionnaire_for(row_id)
    language = request.args.get("lang", "th")
    if language not in LANGUAGES:
        language = "th"
    questionnaire, problem = library.stored(row), None
    if request.method == "POST":
        questionnaire, problem = _candidate(row, questionnaire)
    form = build_form(questionnaire, language, formdata=None, token="preview" * 3, lang=language)
    form.step.data = ALL_PAGES
    workshop = store.workshop_by_id(row["workshop_id"]) if row["workshop_id"] else None
    return render_template(
        "participant/form.html",
        preview=True,
        problem=problem,
        session={
            "title": "ตัวอย่าง (preview)",
            "workshop_title": workshop["title"] if workshop else "",
            "code": "PREVIEW",
        },
        questionnaire=questionnaire,
        form=form,
        language=language,
        languages=[(lang, LANGUAGE_NAMES[lang]) for lang in LANGUAGES],
        notice=None,
        preview_url=url_for("library.preview", row_id=row_id),
        **form_layout(questionnaire, form, visible_questions(questionnaire, {})),
    )


def _candidate(row: dict[str, Any], saved: Questionnaire) -> tuple[Questionnaire, str | None]:
    """Return the questionnaire with the posted (unsaved) question in it, or the saved one with
    the problem that stops it."""
    form = QuestionForm()
    data = row["definition"]
    form.section.choices = [SelectChoice(s["id"], s["id"]) for s in data["sections"]]
    form.show_if.choices = editor_fields.condition_choices(data, None)
    qid = request.args.get("qid") or None
    question, problems = editor_fields.question_data(form)
    if problems:
        return saved, next(iter(problems.values()))
    if qid is not None:
        question["id"] = qid
    try:
        if qid is not None and qid not in edit.question_ids(data):
            raise KeyError(qid)
        changed = edit.put_question(data, question, form.section.data or "", qid)
        return validate_questionnaire(changed, "preview"), None
    except QuestionnaireError as problem:
        return saved, problem.problem_th
    except KeyError:
        return saved, "ไม่พบคำถามหรือส่วนนี้แล้ว"
