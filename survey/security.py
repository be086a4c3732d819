"""HTTP hardening: security headers (flask-talisman), no-store on staff pages and downloads, and
the session cookie marked Secure whenever the request came over HTTPS."""

from __future__ import annotations

from flask import Flask
from flask import request
from flask.sessions import SecureCookieSessionInterface
from flask_talisman import Talisman
from werkzeug.wrappers import Response

# Only the app's own scripts, styles, pictures and API; inline <script> and <style> carry the
# request's nonce. frame-ancestors 'none': no page is ever framed (the projector is opened in a
# tab of its own); form-action 'self': a form can only post back to Sala.
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
NONCE_IN = ["script-src", "style-src"]
# The full address stays on Sala; another site sees only the origin, over HTTPS only.
REFERRER_POLICY = "strict-origin-when-cross-origin"
# Pages and files only a logged-in person may see: never kept by the browser or a proxy, so
# "back" after logout on a shared laptop shows nothing.
STAFF_BLUEPRINTS = frozenset(
    {"account", "facilitator", "questionnaires", "library", "live", "analyst", "api", "audit"}
)


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed cookie session, Secure when SESSION_COOKIE_SECURE says so or the request
    came over HTTPS (directly, or by a trusted proxy's X-Forwarded-Proto through ProxyFix)."""

    def get_cookie_secure(self, app: Flask) -> bool:
        """Return whether the session cookie gets the Secure flag on this response."""
        return bool(app.config["SESSION_COOKIE_SECURE"]) or request.is_secure


def init_app(app: Flask) -> None:
    """Add the security headers to every response; call before other before_request hooks."""
    Talisman(
        app,
        force_https=False,  # a workshop room's server is often plain HTTP on the hotel LAN
        frame_options="DENY",
        content_security_policy=CONTENT_SECURITY_POLICY,
        content_security_policy_nonce_in=NONCE_IN,
        referrer_policy=REFERRER_POLICY,
        session_cookie_secure=False,  # SessionInterface decides per request
        session_cookie_samesite=app.config["SESSION_COOKIE_SAMESITE"],
        strict_transport_security_include_subdomains=False,
        permissions_policy={"camera": "()", "microphone": "()", "geolocation": "()"},
    )
    app.config["SESSION_COOKIE_SECURE"] = _flag(app.config["SESSION_COOKIE_SECURE"])
    app.session_interface = SessionInterface()
    app.after_request(_no_store_for_staff)


def is_staff_request() -> bool:
    """Return True for a staff page, download or API call (anything behind a login)."""
    return request.blueprint in STAFF_BLUEPRINTS or request.path.startswith(("/staff", "/api/"))


def _no_store_for_staff(response: Response) -> Response:
    if is_staff_request():
        response.headers["Cache-Control"] = "no-store"
        response.headers["Pragma"] = "no-cache"
    return response


def _flag(value: object) -> bool:
    """Return a setting that may come from the environment ("1", "true", "yes") as a bool."""
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    return bool(value)
