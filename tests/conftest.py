"""Shared fixtures: a fresh app and database per test (SQLite, and PostgreSQL when named), a
builder of responses frames, and hand-written workshop suggestions with four clear themes."""

from __future__ import annotations

import datetime as dt
import os
import re
import secrets
import shutil
import threading
from collections.abc import Callable
from collections.abc import Iterator
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.serving import make_server

from analysis.questionnaire.load import load_directory
from analysis.questionnaire.load import load_questionnaire
from analysis.questionnaire.model import Questionnaire
from analysis.responses import responses_frame
from survey import create_app
from survey import store
from survey.config import ROOT
from survey.schema import metadata

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
POSTGRES_URL = os.environ.get("SALA_TEST_DATABASE_URL")
QUESTIONNAIRES = ROOT / "data" / "questionnaires"
_RE_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
_RE_TOKEN = re.compile(r'<input[^>]*name="token"[^>]*value="([^"]+)"')
_RE_WORD = re.compile(r'<span class="w">([^<]*)</span>')
_RE_THAI_SPAN = re.compile(r'<span lang="th">([^<]*)</span>')


@pytest.fixture(scope="session")
def questionnaires() -> dict[str, Questionnaire]:
    return load_directory(QUESTIONNAIRES)


def _postgres_schema_url() -> Iterator[str]:
    """Yield a URL whose connections use a fresh, empty PostgreSQL schema; drop it afterwards."""
    assert POSTGRES_URL
    schema = f"sala_test_{secrets.token_hex(6)}"
    admin = sa.create_engine(POSTGRES_URL)
    with admin.begin() as conn:
        conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
    separator = "&" if "?" in POSTGRES_URL else "?"
    try:
        yield f"{POSTGRES_URL}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The database of one test: an SQLite file, or a PostgreSQL schema when one is named."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'sala.db'}"
        return
    if not POSTGRES_URL:
        pytest.skip("SALA_TEST_DATABASE_URL is not set")
    yield from _postgres_schema_url()


def make_app(tmp_path: Path, database_url: str | None = None, **config: Any) -> Flask:
    """Return a migrated app whose files live in tmp_path."""
    settings = {
        "TESTING": True,
        "DATA_DIR": tmp_path,
        "DATABASE_URL": database_url or f"sqlite:///{tmp_path / 'sala.db'}",
        "SEED_DEMO": False,
        **config,
    }
    app = create_app(settings)
    with app.app_context():
        store.migrate()
    return app


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    """An app on a fresh SQLite file."""
    app = make_app(tmp_path)
    yield app
    app.extensions[store.EXTENSION_KEY].dispose()


@pytest.fixture
def any_app(tmp_path: Path, database_url: str) -> Iterator[Flask]:
    """An app on each storage backend in turn."""
    app = make_app(tmp_path, database_url)
    yield app
    app.extensions[store.EXTENSION_KEY].dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def workshop_spec(questionnaire: Questionnaire, **overrides: Any) -> dict[str, Any]:
    """Return a one-day, one-session workshop using `questionnaire`."""
    spec = {
        "title": "สัมมนาเชิงปฏิบัติการ ปัตตานี",
        "venue": "ปัตตานี",
        "organiser": "ศอ.บต.",
        "starts_on": dt.date(2019, 8, 20),
        "ends_on": dt.date(2019, 8, 20),
        "days": [
            {
                "date": dt.date(2019, 8, 20),
                "title": "วันที่ 1",
                "sessions": [{"title": "บรรยาย", "questionnaire": questionnaire}],
            }
        ],
    }
    spec.update(overrides)
    return spec


def add_session(app: Flask, questionnaire: Questionnaire) -> dict[str, Any]:
    """Create a workshop with one session; return the session."""
    with app.app_context():
        workshop_id = store.create_workshop(workshop_spec(questionnaire))
        session = store.list_sessions(workshop_id)[0]
    return session


# The tables that hold a session or what was answered in it.
SESSION_TABLES = ("sessions", "days", "responses", "answers", "moderation")


def row_counts(app: Flask) -> dict[str, int]:
    """Return how many rows each table that holds a session or its answers has."""
    with app.app_context(), store.engine().connect() as conn:
        return {
            name: int(
                conn.execute(
                    sa.select(sa.func.count()).select_from(metadata.tables[name])
                ).scalar_one()
            )
            for name in SESSION_TABLES
        }


def readable(html: str) -> str:
    """Return a page without the markup ``survey.typography`` puts in Thai text (words kept
    whole, <wbr> between them, lang="th"), so tests can look for a Thai label as it reads."""
    html = _RE_WORD.sub(r"\1", html.replace("<wbr>", ""))
    return _RE_THAI_SPAN.sub(r"\1", html)


def form_tokens(html: str) -> tuple[str, str]:
    """Return the CSRF token and the idempotency token a rendered form carries."""
    csrf = _RE_CSRF.search(html)
    token = _RE_TOKEN.search(html)
    assert csrf, "the form page has no CSRF token"
    assert token, "the form page has no idempotency token"
    return csrf.group(1), token.group(1)


PASSWORD = "correct-horse-42"


def add_user(
    app: Flask,
    username: str,
    role: str,
    workshop_ids: tuple[int, ...] = (),
    password: str = PASSWORD,
) -> int:
    """Create a staff account assigned to the given workshops; return its id."""
    from survey import auth

    with app.app_context():
        user_id = store.create_user(username, auth.hash_password(password), role)
        for workshop_id in workshop_ids:
            store.assign_staff(workshop_id, user_id)
    return user_id


def csrf_of(client: FlaskClient, path: str = "/login") -> str:
    """Return the CSRF token of this client's session, read from a page with a form."""
    found = _RE_CSRF.search(client.get(path).get_data(as_text=True))
    assert found, f"{path} has no CSRF token"
    return found.group(1)


def log_in(client: FlaskClient, username: str, password: str = PASSWORD, **environ: Any) -> Any:
    """Post the login form as a browser would (CSRF on); return the response."""
    token = csrf_of(client)
    return client.post(
        "/login",
        data={"csrf_token": token, "username": username, "password": password},
        environ_base=environ,
    )


FOOD = [
    "อาหารกลางวันอร่อยมาก แต่อาหารว่างน้อยไป",
    "อยากให้มีอาหารว่างตอนบ่ายเพิ่ม",
    "อาหารกลางวันมาช้า ควรจัดอาหารให้ตรงเวลา",
    "อาหารอร่อย ขนมและกาแฟอาหารว่างดีมาก",
    "ควรมีอาหารฮาลาลให้ชัดเจนทุกมื้อ อาหารกลางวันไม่พอ",
    "อาหารว่างเช้ามีแต่ขนมหวาน อยากได้ผลไม้",
    "กาแฟหมดเร็ว อาหารว่างควรเพิ่มกาแฟ",
    "อาหารกลางวันเย็นชืด อยากให้อาหารร้อนกว่านี้",
]
VENUE = [
    "ห้องประชุมหนาวมาก แอร์เย็นเกินไป",
    "ห้องประชุมเล็ก ที่นั่งแคบ ควรหาห้องใหญ่กว่านี้",
    "ที่จอดรถไม่พอ ห้องประชุมอยู่ไกลจากที่จอดรถ",
    "แอร์ในห้องประชุมไม่เย็น ร้อนมาก",
    "ห้องน้ำใกล้ห้องประชุมไม่สะอาด",
    "ห้องประชุมเสียงก้อง ไมค์ในห้องไม่ชัด",
    "ที่จอดรถน้อย ควรมีที่จอดรถเพิ่ม",
    "ห้องประชุมสะอาด แอร์เย็นสบาย",
]
SPEAKER = [
    "วิทยากรพูดเร็วเกินไป ฟังไม่ทัน",
    "วิทยากรบรรยายดี มีตัวอย่างเข้าใจง่าย",
    "อยากให้วิทยากรเปิดให้ถามคำถามมากขึ้น",
    "วิทยากรใช้เวลาบรรยายนานเกินไป",
    "วิทยากรมีความรู้ บรรยายสนุก",
    "สไลด์ของวิทยากรตัวหนังสือเล็ก อ่านยาก",
    "วิทยากรควรบรรยายช้าลงและยกตัวอย่างในพื้นที่",
    "วิทยากรตอบคำถามชัดเจน บรรยายเข้าใจง่าย",
]
SECURITY = [
    "ถนนเข้าหมู่บ้านเปลี่ยว กลางคืนไม่ปลอดภัย",
    "อยากให้มีด่านตรวจบนถนนเพิ่ม เพื่อความปลอดภัย",
    "ไฟส่องสว่างบนถนนไม่พอ เดินทางกลางคืนไม่ปลอดภัย",
    "ควรมีเจ้าหน้าที่ดูแลความปลอดภัยบนถนนสายหลัก",
    "การเดินทางบนถนนเส้นนี้ไม่ปลอดภัย ด่านตรวจน้อย",
    "ขอกล้องวงจรปิดบนถนน เพื่อความปลอดภัยของชุมชน",
    "ถนนชำรุด เป็นหลุม เดินทางไม่ปลอดภัย",
    "ด่านตรวจบนถนนช่วยให้รู้สึกปลอดภัยขึ้น",
]
THEMES = {"food": FOOD, "venue": VENUE, "speaker": SPEAKER, "security": SECURITY}


@pytest.fixture(scope="session")
def suggestions() -> tuple[list[str], list[str]]:
    """Return the hand-written suggestions and their true theme names, themes interleaved."""
    texts: list[str] = []
    gold: list[str] = []
    for i in range(len(FOOD)):
        for name, items in THEMES.items():
            texts.append(items[i])
            gold.append(name)
    return texts, gold


TEMPLATE = QUESTIONNAIRES / "workshop_evaluation.yaml"
FrameMaker = Callable[..., pd.DataFrame]


@pytest.fixture(scope="session")
def questionnaire() -> Questionnaire:
    """Return the shipped workshop evaluation template."""
    return load_questionnaire(TEMPLATE)


def make_record(index: int, answers: Mapping[str, Any], session: int = 1) -> dict[str, Any]:
    """Return one stored response in the shape `responses_frame` reads."""
    return {
        "response_id": index + 1,
        "workshop_id": 1,
        "session_id": session,
        "session_code": f"S{session}",
        "session_title": f"ช่วงที่ {session}",
        "day": session,
        "submitted_at": dt.datetime(2019, 8, 20 + session, 9, index % 60, tzinfo=dt.UTC),
        "language": "th",
        "respondent_key": f"r{index:03d}",
        "answers": dict(answers),
    }


@pytest.fixture
def make_frame(questionnaire: Questionnaire) -> FrameMaker:
    """Return a function building a responses frame from a list of answer mappings."""

    def build(answers: list[Mapping[str, Any]], sessions: list[int] | None = None) -> pd.DataFrame:
        sessions = sessions or [1] * len(answers)
        records = [
            make_record(i, a, s) for i, (a, s) in enumerate(zip(answers, sessions, strict=True))
        ]
        return responses_frame(records, questionnaire)

    return build


# Real HTTP and a real browser, shared by the browser tests.
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SUGGESTION = "อยากให้ซ่อมถนนเข้าหมู่บ้าน และเพิ่มไฟส่องสว่างค่ะ 🙏"


@pytest.fixture
def live_app(tmp_path: Path) -> Iterator[tuple[Flask, str]]:
    """The app served over real HTTP on a free local port."""
    app = make_app(tmp_path)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield app, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    app.extensions[store.EXTENSION_KEY].dispose()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless, driven by Playwright."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Debian's chromium is not installed: run ./sala test, which installs it")
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    """A page in a phone-sized, touch-enabled Thai browser context."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="th-TH")
    yield context.new_page()
    context.close()


@pytest.fixture
def phone_without_js(browser: Any) -> Iterator[Any]:
    """A page in the phone context with JavaScript turned off, as on some cheap phones."""
    context = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, locale="th-TH", java_script_enabled=False
    )
    yield context.new_page()
    context.close()


@pytest.fixture
def laptop(browser: Any) -> Iterator[Any]:
    """A page in a laptop-sized Thai browser context."""
    context = browser.new_context(viewport=LAPTOP, locale="th-TH")
    yield context.new_page()
    context.close()


def answer_session_form(page: Any) -> None:
    """Tap the Likert answers, the knowledge pair and type a Thai suggestion."""
    for question, value in (("speaker", 5), ("content", 4), ("duration", 3)):
        page.locator(f'input[name="{question}"][value="{value}"]').tap()
    page.locator('input[name="knowledge__before"][value="2"]').tap()
    page.locator('input[name="knowledge__after"][value="4"]').tap()
    page.locator("textarea[name=suggestion]").fill(SUGGESTION)


def route_paths(app: Flask, values: Mapping[str, Any]) -> list[tuple[Any, str]]:
    """Return (rule, path) for every route but static files, its arguments filled from `values`
    and each choice of an any(...) converter taken in turn; a route needing a missing value is
    left out."""
    found = []
    for rule in app.url_map.iter_rules():
        chosen = {n for n, c in rule._converters.items() if hasattr(c, "items")}
        if rule.endpoint == "static" or set(rule.arguments) - set(values) - chosen:
            continue
        paths = [rule.rule]
        for name in rule.arguments:
            converter = rule._converters[name]
            choices = sorted(converter.items) if name in chosen else [values[name]]
            pattern = re.compile(rf"<(?:[^>:]*:)?{name}>|<any\([^)]*\):{name}>")
            paths = [pattern.sub(str(c), p, count=1) for p in paths for c in choices]
        found.extend((rule, path) for path in paths)
    return found
