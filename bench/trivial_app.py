"""The baseline for bench/submit_burst.py: a trivial Flask app doing no real work."""

from __future__ import annotations

from flask import Flask
from flask import redirect
from flask import request

app = Flask(__name__)
FORM = '<form method="post"><input name="csrf_token" type="hidden" value="x"><input id="token" name="token" type="hidden" value="trivialtoken0000000"></form>'


@app.get("/j/<code>")
def form(code: str) -> str:
    return FORM


@app.post("/j/<code>")
def submit(code: str):  # type: ignore[no-untyped-def]
    return redirect(f"/j/{code}/thanks?t={request.form.get('token', '')}", 303)


@app.get("/j/<code>/thanks")
def thanks(code: str) -> str:
    return "ขอบคุณ"
