"""Staff accounts: log in and out; admins add, reset and remove accounts."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint
from flask import abort
from flask import current_app
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from werkzeug.wrappers import Response

from survey import audit
from survey import auth
from survey import store
from survey.i18n import translate
from survey.staff_forms import ROLE_LABELS
from survey.staff_forms import ButtonForm
from survey.staff_forms import LoginForm
from survey.staff_forms import PasswordForm
from survey.staff_forms import RoleForm
from survey.staff_forms import UserForm

bp = Blueprint("account", __name__)


@bp.route("/login", methods=["GET", "POST"])
def login() -> Response | tuple[str, int]:
    """The staff login form; failures are counted per account and address, as in `auth`."""
    form = LoginForm()
    status, problem = 200, None
    if form.validate_on_submit():
        username = form.username.data or ""
        if auth.login_blocked(username):
            minutes = current_app.config["LOGIN_WINDOW_SECONDS"] // 60
            status, problem = 429, translate("login_too_many", minutes=minutes)
        else:
            user = auth.authenticate(username, form.password.data or "")
            auth.record_attempt(username, user is not None)
            if user is not None:
                auth.log_in(user)
                audit.record("login", target=str(user["username"]))
                return redirect(_safe_next(request.args.get("next")))
            status, problem = 401, translate("login_wrong")
    elif request.method == "POST":
        status = 400
    page = render_template("staff/login.html", form=form, problem=problem)
    return page, status


def _safe_next(target: str | None) -> str:
    """Return where to go after login: a path on this site only, never another site.

    Browsers drop tabs and newlines from a URL and read a backslash as a slash, so "/", a tab,
    "/evil.example" and "/", a backslash, "evil.example" both lead off the site: any control
    character or backslash refuses the target, as does a scheme or a host ("//evil.example").
    """
    default = url_for("facilitator.workshops")
    if not target or not target.startswith("/") or target.startswith("//"):
        return default
    if "\\" in target or any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target


@bp.post("/logout")
def logout() -> Response:
    """End the login session."""
    if ButtonForm().validate_on_submit():
        audit.record("logout")
        auth.log_out()
    return redirect(url_for("account.login"))


@bp.route("/staff/users", methods=["GET", "POST"])
def users() -> str | Response:
    """Admins: every account, and a form to add one."""
    _admin_only()
    form = UserForm()
    if form.validate_on_submit():
        if store.user_by_name(form.username.data or "") is not None:
            form.username.errors = ["มีชื่อผู้ใช้นี้แล้ว"]
        else:
            store.create_user(
                form.username.data or "",
                auth.hash_password(form.password.data or ""),
                form.role.data or "",
            )
            audit.record(
                "account_add", target=form.username.data or "", detail={"role": form.role.data}
            )
            flash(f"เพิ่มบัญชี {form.username.data} แล้ว")
            return redirect(url_for("account.users"))
    return render_template(
        "staff/users.html",
        form=form,
        users=store.list_users(),
        roles=ROLE_LABELS,
        password_form=PasswordForm(formdata=None),
        role_form=RoleForm(formdata=None),
        button=ButtonForm(formdata=None),
    )


@bp.post("/staff/users/<int:user_id>/password")
def set_password(user_id: int) -> Response:
    """Admins: give an account a new password."""
    _admin_only()
    form = PasswordForm()
    account = store.user_by_id(user_id)
    if account is None:
        abort(404)
    if form.validate_on_submit():
        store.set_password_hash(user_id, auth.hash_password(form.password.data or ""))
        audit.record("password_change", target=str(account["username"]))
        flash("เปลี่ยนรหัสผ่านแล้ว")
    else:
        flash("รหัสผ่านใหม่ต้องยาวอย่างน้อย 8 ตัวอักษร")
    return redirect(url_for("account.users"))


@bp.post("/staff/users/<int:user_id>/role")
def set_role(user_id: int) -> Response:
    """Admins: give an account another role (never their own); its logins end at once."""
    _admin_only()
    form = RoleForm()
    account = store.user_by_id(user_id)
    user = auth.current_user()
    if account is None:
        abort(404)
    if not form.validate_on_submit() or user is None or user["id"] == user_id:
        abort(400)
    if form.role.data != account["role"]:
        store.set_role(user_id, form.role.data or "")
        audit.record(
            "role_change",
            target=str(account["username"]),
            detail={"from": account["role"], "to": form.role.data},
        )
        flash(f"เปลี่ยนบทบาทของ {account['username']} แล้ว บัญชีนี้ต้องเข้าสู่ระบบใหม่")
    return redirect(url_for("account.users"))


@bp.post("/staff/users/<int:user_id>/remove")
def remove(user_id: int) -> Response:
    """Admins: delete an account (never their own)."""
    _admin_only()
    user = auth.current_user()
    if not ButtonForm().validate_on_submit() or user is None or user["id"] == user_id:
        abort(400)
    account = store.user_by_id(user_id)
    store.remove_user(user_id)
    if account is not None:
        audit.record("account_remove", target=str(account["username"]))
    flash("ลบบัญชีแล้ว")
    return redirect(url_for("account.users"))


def _admin_only() -> None:
    redirect_to_login = auth.require_login()
    if redirect_to_login is not None:
        abort(redirect_to_login)
    auth.require_role("manage")
