"""Benchmark: crash safety. The server is killed with `kill -9` during the burst, then started
again, and every answer it acknowledged must be stored.

    python bench/crash_burst.py [--participants 600] [--seconds 30] [--database-url URL]

Serves Sala as for an event (`run.py serve --workers 2`) on a fresh SQLite file (or the given
database), sends participants evenly over the time given, kills the master and its workers with
SIGKILL a third of the way in, starts the server again at once on the same database and port,
and prints acknowledged vs stored: every token a thank-you redirect named must be in the
database (a phone that got no answer may or may not be stored, and retries with its token).
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent))

from submit_burst import _RE_CSRF
from submit_burst import _RE_TOKEN
from submit_burst import ADMIN_PASSWORD
from submit_burst import ANSWERS
from submit_burst import CLIENT_THREADS
from submit_burst import ROOT
from submit_burst import _NoRedirect
from submit_burst import first_session
from submit_burst import free_port
from submit_burst import wait_until_up


def start(port: int, data_dir: Path, database_url: str | None) -> subprocess.Popen[bytes]:
    """Start `run.py serve --workers 2` in a process group of its own (to kill it whole)."""
    env = {**os.environ, "SALA_DATA_DIR": str(data_dir), "SALA_ADMIN_PASSWORD": ADMIN_PASSWORD}
    if database_url:
        env["DATABASE_URL"] = database_url
    command = [sys.executable, "run.py", "--host", "127.0.0.1", "--port", str(port)]
    return subprocess.Popen(
        [*command, "--workers", "2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def answer(base: str, code: str, acknowledged: list[str], lock: threading.Lock) -> None:
    """Load the form and submit it; keep the token of a thank-you redirect."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect
    )
    try:
        html = opener.open(f"{base}/j/{code}", timeout=30).read().decode()
    except OSError:
        return  # the server was down: the phone shows an error and the person taps again
    csrf, token = _RE_CSRF.search(html), _RE_TOKEN.search(html)
    if not (csrf and token):
        return
    data = {"csrf_token": csrf.group(1), "token": token.group(1), **ANSWERS}
    try:
        opener.open(f"{base}/j/{code}", data=urllib.parse.urlencode(data).encode(), timeout=30)
    except urllib.error.HTTPError as reply:
        if reply.code == 303 and "/thanks" in reply.headers.get("Location", ""):
            with lock:
                acknowledged.append(token.group(1))
    except OSError:
        pass  # no answer: the phone keeps the answers and sends them again with the same token


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=600)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--database-url", default=None, help="default: a fresh SQLite file")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="sala-crash-"))
    url = args.database_url or f"sqlite:///{data_dir / 'sala.db'}"
    port = args.port or free_port()
    base = f"http://127.0.0.1:{port}"
    server = start(port, data_dir, args.database_url)
    wait_until_up(base + "/")
    _, code = first_session(url)
    acknowledged: list[str] = []
    lock = threading.Lock()
    begin = time.monotonic()

    def scheduled(i: int) -> None:
        time.sleep(max(0.0, begin + i * args.seconds / args.participants - time.monotonic()))
        answer(base, code, acknowledged, lock)

    with ThreadPoolExecutor(CLIENT_THREADS) as pool:
        futures = [pool.submit(scheduled, i) for i in range(args.participants)]
        time.sleep(args.seconds / 3)
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
        killed_at = time.monotonic() - begin
        server = start(port, data_dir, args.database_url)
        wait_until_up(base + "/")
        print(
            f"killed with SIGKILL at {killed_at:.1f} s, up again after {time.monotonic() - begin - killed_at:.1f} s"
        )
        for future in futures:
            future.result()
    os.killpg(server.pid, signal.SIGTERM)
    server.wait()
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        stored = set(conn.execute(sa.text("SELECT token FROM responses")).scalars())
    engine.dispose()
    lost = [token for token in acknowledged if token not in stored]
    backend = url.split(":", 1)[0]
    print(
        f"{backend}: {args.participants} participants, acknowledged {len(acknowledged)}, stored {len(stored & set(acknowledged))} of them, lost {len(lost)}"
    )


if __name__ == "__main__":
    main()
