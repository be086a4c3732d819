"""Analysts (and the workshop's other staff): results tables and downloads of one workshop."""

from __future__ import annotations

from flask import Blueprint
from flask import current_app
from flask import render_template
from werkzeug.wrappers import Response

from survey import auth
from survey import dashboard
from survey import store
from survey.exports import responses_table

bp = Blueprint("analyst", __name__, url_prefix="/staff/analysis")
bp.before_request(auth.require_login)


@bp.get("/workshops/<int:workshop_id>")
def results(workshop_id: int) -> str:
    """Rating tables per questionnaire, and the downloads."""
    workshop = auth.workshop_for(workshop_id)
    sessions = store.list_sessions(workshop_id, with_questionnaire=True)
    return render_template(
        "staff/results.html",
        workshop=workshop,
        data=dashboard.summary(sessions, workshop["expected_attendance"]),
    )


@bp.get("/workshops/<int:workshop_id>/responses.csv")
def responses_csv(workshop_id: int) -> Response:
    """Every response with every answer, as CSV in UTF-8 with BOM (Excel shows Thai)."""
    workshop = auth.workshop_for(workshop_id)
    frames = store.workshop_frames(workshop_id, current_app.config["TIMEZONE"])
    body = responses_table(frames).to_csv(index=False).encode("utf-8-sig")
    return Response(
        body,
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="sala-{workshop["code"]}-responses.csv"'
        },
    )
