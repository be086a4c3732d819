"""The JSON API under /api/v1: every dashboard view's twin, which the pages themselves poll.

Answers carry an ETag; a poll with If-None-Match gets 304 without any aggregate being computed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint
from flask import current_app
from flask import jsonify
from flask import request
from flask import url_for
from werkzeug.wrappers import Response

from survey import auth
from survey import comments
from survey import dashboard
from survey import store
from survey.limits import bounded_int
from survey.routes.participant import participant_url

bp = Blueprint("api", __name__, url_prefix="/api/v1")
bp.before_request(auth.require_login)

MAX_TEXTS = 200


def _cached(sessions: list[dict[str, Any]], kind: str, build: Callable[[], Any]) -> Response:
    """Answer 304 when the poller already has this version, else its JSON with its ETag: built
    afresh, or kept from another request for the same tag (``dashboard.bodies``)."""
    tag = dashboard.version_tag(sessions, kind)
    if request.if_none_match.contains(tag.strip('"')):
        response = current_app.response_class(status=304)
    else:
        body = dashboard.bodies().get(tag, lambda: jsonify(build()).get_data())
        response = current_app.response_class(body, mimetype="application/json")
    response.headers["ETag"] = tag  # the poller sends it back itself; nothing is kept on disk
    return response


@bp.get("/workshops")
def workshops() -> Response:
    """The workshops this account may see, with links to their dashboards and sessions."""
    user = auth.current_user()
    assert user is not None
    rows = store.list_workshops(None if user["role"] == "admin" else user["id"])
    return jsonify(
        workshops=[
            {
                "id": w["id"],
                "code": w["code"],
                "title": w["title"],
                "starts_on": w["starts_on"].isoformat(),
                "ends_on": w["ends_on"].isoformat(),
                "expected_attendance": w["expected_attendance"],
                "summary_url": url_for("api.workshop_summary", workshop_id=w["id"]),
                "dashboard_url": url_for("live.workshop_dashboard", workshop_id=w["id"]),
            }
            for w in rows
        ]
    )


@bp.get("/workshops/<int:workshop_id>/summary")
def workshop_summary(workshop_id: int) -> Response:
    """The workshop dashboard as JSON."""
    workshop = auth.workshop_for(workshop_id)
    sessions = store.list_sessions(workshop_id, with_questionnaire=True)
    return _cached(
        sessions,
        f"workshop:{workshop_id}",
        lambda: {
            "workshop": _workshop_facts(workshop),
            **dashboard.summary(sessions, workshop["expected_attendance"]),
        },
    )


@bp.get("/sessions/<int:session_id>/summary")
def session_summary(session_id: int) -> Response:
    """One session's dashboard as JSON."""
    session = auth.session_for(session_id)
    workshop = store.workshop_by_id(session["workshop_id"])
    assert workshop is not None
    return _cached(
        [session],
        f"session:{session_id}",
        lambda: {
            "workshop": _workshop_facts(workshop),
            **dashboard.summary([session], workshop["expected_attendance"]),
        },
    )


@bp.get("/sessions/<int:session_id>/texts")
def session_texts(session_id: int) -> Response:
    """Free-text answers newer than the `since` answer id (a cursor), newest first."""
    session = auth.session_for(session_id)
    since = bounded_int(request.args.get("since"), 0)
    state = request.args.get("state")
    if state not in (None, "pending", "approved", "hidden"):
        state = None
    texts = dashboard.texts([session], store.questionnaires_of([session]), MAX_TEXTS, state, since)
    cursor = max([t["id"] for t in texts], default=since)
    return jsonify(texts=texts, since=since, next_since=cursor)


@bp.get("/sessions/<int:session_id>/projector")
def session_projector(session_id: int) -> Response:
    """What the projector shows: join code and link, counts, ratings and approved texts only."""
    session = auth.session_for(session_id, "run")
    workshop = store.workshop_by_id(session["workshop_id"])
    assert workshop is not None

    def build() -> dict[str, Any]:
        data = dashboard.summary([session], workshop["expected_attendance"], approved_only=True)
        data["join"] = {"code": session["code"], "url": participant_url(session["code"])}
        data["words"] = comments.word_counts(dashboard.all_texts([session], approved_only=True))
        return data

    return _cached([session], f"projector:{session_id}", build)


def _scope(kind: str, scope_id: int) -> list[dict[str, Any]]:
    """Return the sessions of a workshop or the one session, checking this account's access."""
    if kind == "workshops":
        auth.workshop_for(scope_id)
        return store.list_sessions(scope_id, with_questionnaire=True)
    return [auth.session_for(scope_id)]


@bp.get("/<any(workshops, sessions):kind>/<int:scope_id>/words")
def words(kind: str, scope_id: int) -> Response:
    """The words most answers use (Thai segmented, stop words out, negations kept)."""
    sessions = _scope(kind, scope_id)

    def build() -> dict[str, Any]:
        texts = dashboard.all_texts(sessions)
        return {"texts": len(texts), "words": comments.word_counts(texts)}

    return _cached(sessions, f"words:{kind}:{scope_id}", build)


@bp.get("/<any(workshops, sessions):kind>/<int:scope_id>/themes")
def themes(kind: str, scope_id: int) -> Response:
    """The emerging themes of the free-text answers with the analysts' edits, fitted afresh
    when anything changed."""
    sessions = _scope(kind, scope_id)
    edits = dashboard.theme_edits(sessions)

    def build() -> dict[str, Any]:
        return comments.themes(dashboard.answers_by_respondent(sessions), edits)

    # the edits are part of the version: a rename must reach a dashboard holding an old ETag
    return _cached(sessions, f"themes:{kind}:{scope_id}:{edits.to_json()}", build)


def _workshop_facts(workshop: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": workshop["id"],
        "code": workshop["code"],
        "title": workshop["title"],
        "expected_attendance": workshop["expected_attendance"],
    }
