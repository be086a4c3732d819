"""Analysts (and the workshop's other staff): results tables, themes and downloads of one
workshop; analysts and admins also rename, merge and move themes."""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import Any

from flask import Blueprint
from flask import abort
from flask import current_app
from flask import flash
from flask import redirect
from flask import render_template
from flask import url_for
from werkzeug.wrappers import Response

from analysis.text.privacy import mask_personal_data
from survey import audit
from survey import auth
from survey import results as workshop_results
from survey import store
from survey.staff_forms import THEME_FORMS
from survey.staff_forms import ButtonForm
from survey.staff_forms import ThemeForm
from survey.theme_review import ThemeReview
from survey.theme_review import describe
from survey.theme_review import review_themes

if TYPE_CHECKING:
    import pandas as pd

    from analysis.responses import Part

bp = Blueprint("analyst", __name__, url_prefix="/staff/analysis")
bp.before_request(auth.require_login)

# Who may rename, merge and move themes. auth.PERMISSIONS has no action for interpreting results
# (an analyst only reads, a facilitator runs the room), so the roles are named here: naming
# themes is the analyst's work, and a facilitator of the workshop sees the themes but may not
# change them.
THEME_EDITORS = frozenset({"admin", "analyst"})
# Who may download every response with every answer (CSV, XLSX, JSON: hidden comments included,
# personal data masked): the analysts' work. A facilitator takes the report, which quotes only
# approved comments' themes; raw (unmasked) text leaves the server only by `./sala run export
# --raw`, run by whoever holds the server, and is audited.
EXPORTERS = frozenset({"admin", "analyst"})

MIMETYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
}


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Return a table's rows with missing values as None, for a template."""
    return frame.astype(object).where(frame.notna(), None).to_dict(orient="records")


def can_export() -> bool:
    """Return True when the logged-in account's role may download the responses."""
    user = auth.current_user()
    return user is not None and user["role"] in EXPORTERS


def can_edit_themes() -> bool:
    """Return True when the logged-in account's role may edit themes (where it may read)."""
    user = auth.current_user()
    return user is not None and user["role"] in THEME_EDITORS


@bp.get("/workshops/<int:workshop_id>")
def results(workshop_id: int) -> str:
    """Rating tables, knowledge change and the themes of the free text per questionnaire."""
    workshop = auth.workshop_for(workshop_id)
    parts = _parts(workshop_id)
    return _page(workshop, parts, review_themes(parts, store.theme_edits_of(workshop_id)))


def _parts(workshop_id: int) -> list[Part]:
    return workshop_results.workshop_parts(
        workshop_id, current_app.config["TIMEZONE"], with_themes=False
    )


def _page(
    workshop: dict[str, Any],
    parts: list[Part],
    reviews: list[ThemeReview],
    bound: ThemeForm | None = None,
) -> str:
    """Return the results page; ``bound`` is a theme form shown again with its errors."""
    # imported here: a worker loads pandas and SciPy only once someone reads results
    from analysis.stats.knowledge import knowledge_change
    from analysis.stats.ratings import summarize_ratings

    editing = can_edit_themes()
    tables = []
    for part, review in zip(parts, reviews, strict=True):
        forms: dict[str, ThemeForm] = {}
        if editing and review.model is not None:
            for action, form_class in THEME_FORMS.items():
                if bound is not None and bound.review is review and type(bound) is form_class:
                    forms[action] = bound
                else:
                    forms[action] = form_class(review, formdata=None)
        tables.append(
            {
                "questionnaire": part.questionnaire,
                "responses": len(part.frame),
                "ratings": _records(summarize_ratings(part.frame, part.questionnaire)),
                "knowledge": _records(knowledge_change(part.frame, part.questionnaire)),
                "choices": workshop_results.choice_tables(part),
                "review": review,
                "forms": forms,
                "edits": [describe(edit) for edit in review.edits],
            }
        )
    return render_template(
        "staff/results.html",
        workshop=workshop,
        tables=tables,
        can_edit=editing,
        can_export=can_export(),
        button=ButtonForm(formdata=None),
    )


def _editable(workshop_id: int) -> dict[str, Any]:
    """Return the workshop when this account may edit its themes: 404 when not theirs, else 403."""
    workshop = auth.workshop_for(workshop_id)
    if not can_edit_themes():
        abort(403)
    return workshop


@bp.post("/workshops/<int:workshop_id>/themes/<questionnaire_id>/<any(rename, merge, move):action>")
def edit_themes(workshop_id: int, questionnaire_id: str, action: str) -> Response | tuple[str, int]:
    """Rename a theme, merge one into another or move a point; kept for every later fit."""
    workshop = _editable(workshop_id)
    parts = _parts(workshop_id)
    part = next((p for p in parts if p.questionnaire.id == questionnaire_id), None)
    if part is None:
        abort(404)
    stored = store.theme_edits_of(workshop_id)
    [review] = review_themes([part], stored)
    form = THEME_FORMS[action](review)
    if review.model is not None and form.validate_on_submit():
        user = auth.current_user()
        assert user is not None
        edit = form.edit()
        store.add_theme_edit(workshop_id, questionnaire_id, edit, user["id"])
        audit.record("theme_edit", workshop_id, questionnaire_id, edit)
        flash(form.done)
        return _back(workshop_id, questionnaire_id)
    if review.model is None:
        flash("ความคิดเห็นยังน้อยเกินกว่าจะจัดเป็นประเด็น จึงยังแก้ไขประเด็นไม่ได้")
    reviews = [review if p is part else review_themes([p], stored)[0] for p in parts]
    return _page(workshop, parts, reviews, bound=form), 400


@bp.post("/workshops/<int:workshop_id>/themes/<questionnaire_id>/<any(undo, clear):action>")
def forget_theme_edits(workshop_id: int, questionnaire_id: str, action: str) -> Response:
    """Undo a questionnaire's newest theme edit, or clear them all: the themes as fitted."""
    _editable(workshop_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    sessions = store.list_sessions(workshop_id, with_questionnaire=True)
    if questionnaire_id not in store.questionnaires_of(sessions):
        abort(404)
    audit.record(f"theme_{action}", workshop_id, questionnaire_id)
    if action == "undo":
        undone = store.undo_theme_edit(workshop_id, questionnaire_id)
        flash("ย้อนการแก้ไขล่าสุดแล้ว" if undone else "ไม่มีการแก้ไขให้ย้อน")
    else:
        count = store.clear_theme_edits(workshop_id, questionnaire_id)
        flash(f"ล้างการแก้ไขประเด็นแล้ว {count} รายการ กลับเป็นประเด็นที่ระบบจัดเอง")
    return _back(workshop_id, questionnaire_id)


def _back(workshop_id: int, questionnaire_id: str) -> Response:
    url = url_for("analyst.results", workshop_id=workshop_id, _anchor=f"themes-{questionnaire_id}")
    return redirect(url)


@bp.get("/workshops/<int:workshop_id>/responses.<any(csv, xlsx, json):fmt>")
def responses(workshop_id: int, fmt: str) -> Response:
    """Every response with every answer as CSV (UTF-8 with BOM), XLSX or JSON; text masked;
    analysts and admins only (403 for a facilitator of the workshop)."""
    workshop = auth.workshop_for(workshop_id)
    if not can_export():
        abort(403)
    body, _ = workshop_results.export_bytes(
        workshop_id, fmt, current_app.config["TIMEZONE"], mask_personal_data
    )
    name = f"sala-{workshop['code']}-responses.{fmt}"
    audit.record("download", workshop_id, name, {"masked": True})
    return _download(body, fmt, name)


@bp.get("/workshops/<int:workshop_id>/report.<any(docx, html):fmt>")
def report(workshop_id: int, fmt: str) -> Response:
    """The Thai evaluation report as Word (to edit) or print-ready HTML; text masked."""
    workshop = auth.workshop_for(workshop_id)
    body, _ = workshop_results.report_bytes(workshop, fmt, current_app.config["TIMEZONE"])
    name = f"sala-{workshop['code']}-report.{fmt}"
    audit.record("download", workshop_id, name, {"masked": True})
    return _download(body, fmt, name)


def _download(body: bytes, fmt: str, filename: str) -> Response:
    return Response(
        body,
        mimetype=MIMETYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
