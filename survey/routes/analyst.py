"""Analysts (and the workshop's other staff): results tables and downloads of one workshop."""

from __future__ import annotations

from typing import Any

import pandas as pd
from flask import Blueprint
from flask import abort
from flask import current_app
from flask import render_template
from werkzeug.wrappers import Response

from analysis.export import json_bytes
from analysis.export import xlsx_bytes
from analysis.knowledge import knowledge_change
from analysis.questionnaire import Questionnaire
from analysis.ratings import summarize_ratings
from analysis.report import build_report
from analysis.report import render_report
from analysis.thai_text import clean_text
from survey import auth
from survey import store
from survey.exports import responses_table

bp = Blueprint("analyst", __name__, url_prefix="/staff/analysis")
bp.before_request(auth.require_login)

MIMETYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
}


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Return a table's rows with missing values as None, for a template."""
    return frame.astype(object).where(frame.notna(), None).to_dict(orient="records")  # type: ignore[no-any-return]


@bp.get("/workshops/<int:workshop_id>")
def results(workshop_id: int) -> str:
    """Rating tables (n, mean, S.D., Thai band) and knowledge change per questionnaire; downloads."""
    workshop = auth.workshop_for(workshop_id)
    frames = store.workshop_frames(workshop_id, current_app.config["TIMEZONE"])
    tables = [
        {
            "questionnaire": questionnaire,
            "responses": len(frame),
            "ratings": _records(summarize_ratings(frame, questionnaire)),
            "knowledge": _records(knowledge_change(frame, questionnaire)),
        }
        for questionnaire, frame in frames
    ]
    return render_template("staff/results.html", workshop=workshop, tables=tables)


@bp.get("/workshops/<int:workshop_id>/responses.csv")
def responses_csv(workshop_id: int) -> Response:
    """Every response with every answer, as CSV in UTF-8 with BOM (Excel shows Thai)."""
    workshop = auth.workshop_for(workshop_id)
    frames = store.workshop_frames(workshop_id, current_app.config["TIMEZONE"])
    body = responses_table(frames).to_csv(index=False).encode("utf-8-sig")
    return _download(body, "csv", f"sala-{workshop['code']}-responses.csv", "text/csv")


def _frame_of(workshop_id: int, questionnaire_id: str) -> tuple[Questionnaire, pd.DataFrame]:
    for questionnaire, frame in store.workshop_frames(workshop_id, current_app.config["TIMEZONE"]):
        if questionnaire.id == questionnaire_id:
            return questionnaire, frame
    abort(404)


@bp.get("/workshops/<int:workshop_id>/<questionnaire_id>.<any(xlsx, json):fmt>")
def download(workshop_id: int, questionnaire_id: str, fmt: str) -> Response:
    """One questionnaire's answers as a workbook (with the analysis sheets) or JSON, text masked."""
    workshop = auth.workshop_for(workshop_id)
    questionnaire, frame = _frame_of(workshop_id, questionnaire_id)
    write = xlsx_bytes if fmt == "xlsx" else json_bytes
    body = write(frame, questionnaire, mask=clean_text)
    return _download(body, fmt, f"sala-{workshop['code']}-{questionnaire.id}.{fmt}")


@bp.get("/workshops/<int:workshop_id>/<questionnaire_id>/report.<any(docx, html):fmt>")
def report(workshop_id: int, questionnaire_id: str, fmt: str) -> Response:
    """The Thai evaluation report of one questionnaire, as Word or HTML, text masked."""
    workshop = auth.workshop_for(workshop_id)
    questionnaire, frame = _frame_of(workshop_id, questionnaire_id)
    details = {
        **workshop,
        "sessions": [
            {"title": s["title"], "day": s["day"], "date": s["date"]}
            for s in store.list_sessions(workshop_id)
            if s["questionnaire_id"] == questionnaire_id
        ],
    }
    body = render_report(build_report(frame, questionnaire, details, mask=clean_text), fmt)
    return _download(body, fmt, f"sala-{workshop['code']}-{questionnaire.id}-report.{fmt}")


def _download(body: bytes, fmt: str, filename: str, mimetype: str | None = None) -> Response:
    return Response(
        body,
        mimetype=mimetype or MIMETYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
