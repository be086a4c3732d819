"""Error pages: polite, in the visitor's language, with the right status and no stack trace."""

from __future__ import annotations

from flask import Flask
from flask import current_app
from flask import jsonify
from flask import render_template
from flask import request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES
from werkzeug.wrappers import Response

from survey.i18n import current_language
from survey.i18n import translate
from survey.routes.participant import resubmit_page

# Status code -> (title message, body message).
PAGES = {
    400: ("bad_request_title", "bad_request_body"),
    403: ("closed_title", "closed_body"),
    404: ("not_found_title", "not_found_body"),
    405: ("method_title", "bad_request_body"),
    413: ("too_large_title", "too_large_body"),
    422: ("bad_request_title", "bad_request_body"),
    500: ("server_error_title", "server_error_body"),
}
# Staff pages say why differently: nothing there is "closed" or about a join code.
STAFF_PAGES = {
    400: ("staff_expired_title", "staff_expired_body"),
    405: ("method_title", "staff_expired_body"),
    403: ("forbidden_title", "forbidden_body"),
    404: ("staff_not_found_title", "staff_not_found_body"),
    413: ("staff_too_large_title", "staff_too_large_body"),
}
STAFF_BLUEPRINTS = frozenset(
    {"account", "facilitator", "questionnaires", "library", "live", "analyst", "audit"}
)


def init_app(app: Flask) -> None:
    """Register the error pages."""
    app.register_error_handler(CSRFError, _csrf_failed)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)


def error_page(status: int) -> tuple[str | Response, int]:
    """Return the page for an HTTP error status."""
    if request.path.startswith("/api/"):
        return jsonify(error=HTTP_STATUS_CODES.get(status, "error"), status=status), status
    staff = request.blueprint in STAFF_BLUEPRINTS or request.path.startswith("/staff/")
    pages = {**PAGES, **STAFF_PAGES} if staff else PAGES
    title, body = pages.get(status, PAGES[400] if status < 500 else PAGES[500])
    language = current_language()
    html = render_template(
        "error.html",
        title=translate(title, language),
        body=translate(body, language),
        status=status,
        language=language,
    )
    return html, status


def _csrf_failed(error: CSRFError) -> Response | tuple[str | Response, int]:
    """A form whose page expired is shown again with its answers, ready to send."""
    if request.endpoint == "participant.submit" and request.view_args:
        try:
            return resubmit_page(request.view_args["code"], translate("expired"))
        except HTTPException as exc:
            return _http_error(exc)
    return error_page(400)


def _http_error(error: HTTPException) -> Response | tuple[str | Response, int]:
    if error.code is None or error.code < 400:
        return error.get_response()
    return error_page(error.code)


def _unexpected(error: Exception) -> Response | tuple[str | Response, int]:
    if isinstance(error, HTTPException):
        return _http_error(error)
    current_app.logger.exception("Unhandled error on %s", request.path)
    return error_page(500)
