"""Settings as data: every default with what it is for. Only `create_app` reads the environment."""

from __future__ import annotations

from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

DEFAULTS: dict[str, Any] = {
    # SQLAlchemy URL of the database; None keeps an SQLite file in DATA_DIR (the embedded default).
    "DATABASE_URL": None,
    # Where the embedded database, the generated secret key and other run-time files live.
    "DATA_DIR": ROOT / "data",
    # Questionnaire templates (YAML/JSON) offered when a session is set up.
    "QUESTIONNAIRE_DIR": ROOT / "data" / "questionnaires",
    # The question bank the editor inserts standard items from: a questionnaire file whose
    # sections are the groups of items (satisfaction, knowledge, profile, open questions).
    "QUESTION_BANK": ROOT / "data" / "question_bank.yaml",
    # Signs sessions and CSRF tokens; None generates one once and keeps it in DATA_DIR/secret_key.
    "SECRET_KEY": None,
    # Local time zone for the times people see and for per-day analysis.
    "TIMEZONE": "Asia/Bangkok",
    # Base URL printed on posters and by `./sala run sessions`, e.g. "http://192.168.1.20:5000";
    # None uses the address the request came in on (or the --host/--port given to run.py).
    "PUBLIC_URL": None,
    # Seed the demo workshop when the database is empty and `run.py` starts the server.
    "SEED_DEMO": True,
    # Participants may take a whole session to answer: CSRF tokens never expire on their own.
    "WTF_CSRF_TIME_LIMIT": None,
    # A form post larger than this is refused (413) before it reaches any view.
    "MAX_CONTENT_LENGTH": 256 * 1024,
    # The editor's posts may be larger, so an over-long pasted label (100,000 Thai characters are
    # 900 KB as a form post) is refused beside its field with what was typed kept, not with 413.
    "EDITOR_MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
    # A questionnaire file to import: an XLSForm with long choice lists is a few hundred KB.
    "IMPORT_MAX_CONTENT_LENGTH": 5 * 1024 * 1024,
    # The session cookie outlives a closed browser tab, so a half-filled form can still be sent.
    "PERMANENT_SESSION_LIFETIME": 7 * 24 * 3600,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_HTTPONLY": True,
    # Mark the login cookie Secure on every response. Without it the cookie is still Secure on any
    # request that came over HTTPS, directly or through a proxy trusted by TRUSTED_PROXIES.
    "SESSION_COOKIE_SECURE": False,
    # The first admin account, made on first start when there is no account; with no password
    # given, one is generated and printed once on the console.
    "ADMIN_USER": "admin",
    "ADMIN_PASSWORD": None,
    # Failed logins allowed within LOGIN_WINDOW_SECONDS: for one account from one address (the
    # tight limit, so a stranger's guesses lock only the stranger out), from one address for any
    # accounts, and for one account from all addresses together (high, so locking a facilitator
    # out takes many addresses, yet a distributed guess is still stopped). Only the login form
    # counts them, so participants behind one hotel Wi-Fi address are never limited.
    "LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS": 5,
    "LOGIN_MAX_FAILURES_PER_ADDRESS": 30,
    "LOGIN_MAX_FAILURES_PER_ACCOUNT": 50,
    "LOGIN_WINDOW_SECONDS": 15 * 60,
    # Reverse proxies in front of the app whose X-Forwarded-For may be trusted (0: none), so the
    # login limit sees each visitor's address rather than the load balancer's.
    "TRUSTED_PROXIES": 0,
    # What Flask-Compress compresses (zstd, br or gzip, as the browser accepts): text the app
    # makes; images, DOCX and XLSX are compressed already. It saves about three quarters of a page.
    "COMPRESS_MIMETYPES": [
        "text/html",
        "text/css",
        "text/javascript",
        "application/javascript",
        "application/json",
        "image/svg+xml",
    ],
    # How often the dashboard and projector ask the JSON API for news, in milliseconds.
    "POLL_INTERVAL_MS": 2000,
}

# Environment variables read by create_app, and the setting each one fills.
ENVIRONMENT = {
    "DATABASE_URL": "DATABASE_URL",
    "SALA_DATA_DIR": "DATA_DIR",
    "SALA_SECRET_KEY": "SECRET_KEY",
    "SALA_PUBLIC_URL": "PUBLIC_URL",
    "SALA_TIMEZONE": "TIMEZONE",
    "SALA_QUESTIONNAIRE_DIR": "QUESTIONNAIRE_DIR",
    "SALA_QUESTION_BANK": "QUESTION_BANK",
    "SALA_ADMIN_USER": "ADMIN_USER",
    "SALA_ADMIN_PASSWORD": "ADMIN_PASSWORD",
    "SALA_TRUSTED_PROXIES": "TRUSTED_PROXIES",
    "SALA_SECURE_COOKIES": "SESSION_COOKIE_SECURE",
}
