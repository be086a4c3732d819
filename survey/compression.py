"""Compressed replies: HTML, JSON, CSS and JavaScript go out with zstd, br or gzip."""

from __future__ import annotations

import gzip

from flask import Flask
from flask import current_app
from flask import request
from flask_compress import Compress
from werkzeug.wrappers import Response


def init_app(app: Flask) -> None:
    """Compress what `COMPRESS_MIMETYPES` names, static files included."""
    app.after_request(_rejection_gzipped)
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


def _rejection_gzipped(response: Response) -> Response:
    """Gzip an HTML page sent with a 4xx status: Flask-Compress leaves all but 2xx alone, yet a
    participant form sent back with its errors (422) is as large as the form itself."""
    if (
        400 <= response.status_code < 500
        and response.mimetype == "text/html"
        and not response.is_streamed
        and "Content-Encoding" not in response.headers
        and request.accept_encodings["gzip"]
    ):
        level = current_app.config["COMPRESS_LEVEL"]
        response.set_data(gzip.compress(response.get_data(), compresslevel=level))
        response.headers["Content-Encoding"] = "gzip"
        response.vary.add("Accept-Encoding")
    return response
