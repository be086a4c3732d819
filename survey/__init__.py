"""Sala's web app: participants answer on their phones; facilitators and analysts see results."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from jinja2 import ChoiceLoader
from jinja2 import FileSystemLoader
from jinja2 import PrefixLoader
from werkzeug.middleware.proxy_fix import ProxyFix

from analysis.dates import local_time
from analysis.dates import short_thai_date
from survey import audit
from survey import compression
from survey import errors
from survey import limits
from survey import security
from survey import store
from survey.auth import current_user
from survey.commands import cli
from survey.commands import questionnaires as questionnaires_cli
from survey.commands import records
from survey.commands import staff
from survey.commands.text import clean_command
from survey.commands.themes import themes_command
from survey.config import DEFAULTS
from survey.config import ENVIRONMENT
from survey.config import ROOT
from survey.forms import csrf
from survey.i18n import translate
from survey.routes import account
from survey.routes import analyst
from survey.routes import api
from survey.routes import audit as audit_log
from survey.routes import facilitator
from survey.routes import library
from survey.routes import live
from survey.routes import participant
from survey.routes import questionnaires
from survey.staff_forms import role_name
from survey.typography import thai_text


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Return the app configured from defaults, then the environment, then `test_config`."""
    app = Flask(
        __name__, template_folder=str(ROOT / "templates"), static_folder=str(ROOT / "static")
    )
    app.config.update(DEFAULTS)
    app.config.update(
        {key: os.environ[var] for var, key in ENVIRONMENT.items() if var in os.environ}
    )
    if test_config:
        app.config.update(test_config)
    data_dir = Path(app.config["DATA_DIR"])
    if not app.config["DATABASE_URL"]:
        data_dir.mkdir(parents=True, exist_ok=True)
        app.config["DATABASE_URL"] = f"sqlite:///{data_dir / 'sala.db'}"
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = _kept_secret(data_dir / "secret_key")
    store.init_app(app)
    security.init_app(app)  # first, so the CSP nonce exists before any other hook can fail
    limits.init_app(app)  # before CSRF protection, which reads the form
    csrf.init_app(app)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]  # Thai stays readable in the JSON API
    # Pages carry Sala's stylesheets inline ({% include "static/wrap.css" %}): a phone on hotel
    # Wi-Fi gets the whole form in one request.
    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(ROOT / "templates"),
            PrefixLoader({"static": FileSystemLoader(ROOT / "static")}),
        ]
    )
    app.jinja_env.globals["translate"] = translate
    app.jinja_env.filters["local_time"] = lambda moment: local_time(moment, app.config["TIMEZONE"])
    app.jinja_env.globals["current_user"] = current_user
    app.jinja_env.filters["thai"] = thai_text
    compression.init_app(app)
    app.jinja_env.globals["role_name"] = role_name
    app.jinja_env.filters["thai_date"] = short_thai_date
    errors.init_app(app)
    audit.init_app(app)
    for blueprint in (
        participant.bp,
        account.bp,
        facilitator.bp,
        questionnaires.bp,
        library.bp,
        live.bp,
        analyst.bp,
        api.bp,
        audit_log.bp,
    ):
        app.register_blueprint(blueprint)
    app.register_blueprint(cli.bp)
    app.register_blueprint(staff.bp)
    app.register_blueprint(questionnaires_cli.bp)
    app.register_blueprint(records.bp)
    proxies = int(app.config["TRUSTED_PROXIES"])
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)  # type: ignore[method-assign]
    app.cli.add_command(clean_command)
    app.cli.add_command(themes_command)
    return app


def _kept_secret(path: Path) -> str:
    """Return the secret kept in `path`, making it once so sessions survive restarts."""
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(48)
    path.write_text(secret, encoding="ascii")
    path.chmod(0o600)
    return secret
