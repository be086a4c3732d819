"""Compressed replies: HTML, JSON, CSS and JavaScript go out with zstd, br or gzip."""

from __future__ import annotations

from flask import Flask
from flask import request
from flask_compress import Compress
from werkzeug.wrappers import Response


def init_app(app: Flask) -> None:
    """Compress what `COMPRESS_MIMETYPES` names, static files included."""
    Compress(app)
    # Registered after Compress, so it runs before it (Flask runs after_request hooks last
    # registered first).
    app.after_request(_static_in_memory)


def _static_in_memory(response: Response) -> Response:
    """Read a static file into the reply, so Flask-Compress compresses it whole.

    Flask streams static files; Flask-Compress 1.25 compresses a stream without closing the
    file it came from (a ResourceWarning per request). Sala's static files are a few KB.
    """
    if request.endpoint == "static" and response.status_code == 200 and response.is_streamed:
        response.direct_passthrough = False
        response.make_sequence()
    return response
