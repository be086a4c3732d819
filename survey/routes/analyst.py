"""Analysts (and the workshop's other staff): results tables and downloads of one workshop."""

from __future__ import annotations

from typing import Any

import pandas as pd
from flask import Blueprint
from flask import current_app
from flask import render_template
from werkzeug.wrappers import Response

from analysis.knowledge import knowledge_change
from analysis.privacy import mask_personal_data
from analysis.ratings import summarize_ratings
from survey import auth
from survey import results as workshop_results

bp = Blueprint("analyst", __name__, url_prefix="/staff/analysis")
bp.before_request(auth.require_login)

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


@bp.get("/workshops/<int:workshop_id>")
def results(workshop_id: int) -> str:
    """Rating tables (n, mean, S.D., Thai band) and knowledge change per questionnaire."""
    workshop = auth.workshop_for(workshop_id)
    parts = workshop_results.workshop_parts(
        workshop_id, current_app.config["TIMEZONE"], with_themes=False
    )
    tables = [
        {
            "questionnaire": part.questionnaire,
            "responses": len(part.frame),
            "ratings": _records(summarize_ratings(part.frame, part.questionnaire)),
            "knowledge": _records(knowledge_change(part.frame, part.questionnaire)),
        }
        for part in parts
    ]
    return render_template("staff/results.html", workshop=workshop, tables=tables)


@bp.get("/workshops/<int:workshop_id>/responses.<any(csv, xlsx, json):fmt>")
def responses(workshop_id: int, fmt: str) -> Response:
    """Every response with every answer as CSV (UTF-8 with BOM), XLSX or JSON; text masked."""
    workshop = auth.workshop_for(workshop_id)
    body, _ = workshop_results.export_bytes(
        workshop_id, fmt, current_app.config["TIMEZONE"], mask_personal_data
    )
    return _download(body, fmt, f"sala-{workshop['code']}-responses.{fmt}")


@bp.get("/workshops/<int:workshop_id>/report.<any(docx, html):fmt>")
def report(workshop_id: int, fmt: str) -> Response:
    """The Thai evaluation report as Word (to edit) or print-ready HTML; text masked."""
    workshop = auth.workshop_for(workshop_id)
    body, _ = workshop_results.report_bytes(workshop, fmt, current_app.config["TIMEZONE"])
    return _download(body, fmt, f"sala-{workshop['code']}-report.{fmt}")


def _download(body: bytes, fmt: str, filename: str) -> Response:
    return Response(
        body,
        mimetype=MIMETYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
