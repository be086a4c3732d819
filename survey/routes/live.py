"""During the workshop: the live dashboard, the projector and moderation of free text."""

from __future__ import annotations

import segno
from flask import Blueprint
from flask import abort
from flask import current_app
from flask import flash
from flask import redirect
from flask import render_template
from flask import url_for
from werkzeug.wrappers import Response

from survey import audit
from survey import auth
from survey import dashboard
from survey import store
from survey.routes.participant import participant_url
from survey.staff_forms import ButtonForm
from survey.staff_forms import ModerationForm

bp = Blueprint("live", __name__, url_prefix="/staff")
bp.before_request(auth.require_login)

MODERATION_LIMIT = 500


@bp.get("/workshops/<int:workshop_id>/dashboard")
def workshop_dashboard(workshop_id: int) -> str:
    """The whole workshop's live numbers; the page polls its JSON twin."""
    workshop = auth.workshop_for(workshop_id)
    sessions = store.list_sessions(workshop_id, with_questionnaire=True)
    return _dashboard_page(
        title=workshop["title"],
        workshop=workshop,
        api=url_for("api.workshop_summary", workshop_id=workshop_id),
        words_api=url_for("api.words", kind="workshops", scope_id=workshop_id),
        themes_api=url_for("api.themes", kind="workshops", scope_id=workshop_id),
        data=dashboard.summary(sessions, workshop["expected_attendance"]),
        session=None,
    )


@bp.get("/sessions/<int:session_id>/dashboard")
def session_dashboard(session_id: int) -> str:
    """One session's live numbers; the page polls its JSON twin."""
    session = auth.session_for(session_id)
    workshop = store.workshop_by_id(session["workshop_id"])
    assert workshop is not None
    return _dashboard_page(
        title=session["title"],
        workshop=workshop,
        api=url_for("api.session_summary", session_id=session_id),
        words_api=url_for("api.words", kind="sessions", scope_id=session_id),
        themes_api=url_for("api.themes", kind="sessions", scope_id=session_id),
        data=dashboard.summary([session], workshop["expected_attendance"]),
        session=session,
    )


def _dashboard_page(**context: object) -> str:
    return render_template(
        "staff/dashboard.html",
        poll_ms=current_app.config["POLL_INTERVAL_MS"],
        can_run=auth.can("run", context["workshop"]["id"]),  # type: ignore[index]
        **context,
    )


@bp.get("/sessions/<int:session_id>/present")
def present(session_id: int) -> str:
    """The projector: join code and QR while collecting, then one chart at a time."""
    session = auth.session_for(session_id, "run")
    url = participant_url(session["code"])
    return render_template(
        "staff/present.html",
        session=session,
        api=url_for("api.session_projector", session_id=session_id),
        url=url,
        qr_svg=segno.make(url, error="m").svg_inline(scale=10, border=2, omitsize=True),
        poll_ms=current_app.config["POLL_INTERVAL_MS"],
    )


@bp.get("/sessions/<int:session_id>/moderation")
def moderation(session_id: int) -> str:
    """Every free-text answer of a session, to approve for the projector or hide."""
    session = auth.session_for(session_id, "run")
    texts = dashboard.texts([session], store.questionnaires_of([session]), limit=MODERATION_LIMIT)
    return render_template(
        "staff/moderation.html",
        session=session,
        texts=texts,
        pending=sum(t["state"] == "pending" for t in texts),
        form=ModerationForm(formdata=None),
        button=ButtonForm(formdata=None),
    )


@bp.post("/sessions/<int:session_id>/moderation")
def moderate(session_id: int) -> Response:
    """Approve or hide one answer of this session."""
    session = auth.session_for(session_id, "run")
    form = ModerationForm()
    if not form.validate_on_submit():
        abort(400)
    answer_ids = store.answers_in_sessions([form.answer_id.data or 0], [session_id])
    if not answer_ids:
        abort(404)
    user = auth.current_user()
    store.set_moderation(answer_ids, form.state.data or "", user["id"] if user else None)
    audit.record(
        "moderation",
        session["workshop_id"],
        session["code"],
        {"answer_id": answer_ids[0], "state": form.state.data},
    )
    return redirect(url_for("live.moderation", session_id=session_id, _anchor=f"a{answer_ids[0]}"))


@bp.post("/sessions/<int:session_id>/moderation/approve-all")
def approve_all(session_id: int) -> Response:
    """Approve every answer still waiting; answers already hidden stay hidden."""
    session = auth.session_for(session_id, "run")
    if not ButtonForm().validate_on_submit():
        abort(400)
    pending = dashboard.texts(
        [session], store.questionnaires_of([session]), MODERATION_LIMIT, state="pending"
    )
    user = auth.current_user()
    store.set_moderation([t["id"] for t in pending], "approved", user["id"] if user else None)
    audit.record(
        "moderation",
        session["workshop_id"],
        session["code"],
        {"answer_ids": [t["id"] for t in pending], "state": "approved"},
    )
    flash(f"อนุมัติ {len(pending)} ข้อความแล้ว")
    return redirect(url_for("live.moderation", session_id=session_id))
