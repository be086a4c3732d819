"""Benchmark: N participants each load the form and submit within one minute.

    python bench/submit_burst.py [--participants 300] [--seconds 60] [--workers 4]

Serves Sala the way the README recommends for an event (`./sala serve --workers N`, gunicorn) on a
fresh SQLite database, replays the load, and then replays the same load against a trivial Flask
app served the same way (the baseline). Prints median and p99 latency, errors, and acknowledged
versus stored responses. Targets: 0 errors, stored == acknowledged, p99 under 250 ms.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
_RE_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
_RE_TOKEN = re.compile(r'id="token" name="token" type="hidden" value="([^"]+)"')
ANSWERS = {
    "speaker": "5",
    "content": "4",
    "duration": "4",
    "knowledge__before": "2",
    "knowledge__after": "4",
    "recommend": "9",
    "suggestion": "อยากให้จัดกิจกรรมแบบนี้อย่างต่อเนื่อง และเพิ่มเวลาแลกเปลี่ยนความคิดเห็นค่ะ",
}


@dataclass
class Results:
    latencies_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    acknowledged: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"server at {url} did not start")


def participant(base: str, code: str, results: Results) -> None:
    """Load the form, submit it, and count an acknowledgement only for a thank-you redirect."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect)
    try:
        start = time.perf_counter()
        html = opener.open(f"{base}/j/{code}", timeout=30).read().decode()
        loaded = time.perf_counter()
        csrf, token = _RE_CSRF.search(html), _RE_TOKEN.search(html)
        if not (csrf and token):
            raise RuntimeError("form without tokens")
        data = {"csrf_token": csrf.group(1), "token": token.group(1), "lang": "th", **ANSWERS}
        body = urllib.parse.urlencode(data).encode()
        try:
            opener.open(f"{base}/j/{code}", data=body, timeout=30)
            raise RuntimeError("submit did not redirect")
        except urllib.error.HTTPError as reply:
            if reply.code != 303 or "/thanks" not in reply.headers.get("Location", ""):
                raise RuntimeError(f"submit answered {reply.code}") from None
        done = time.perf_counter()
        with results.lock:
            results.latencies_ms += [(loaded - start) * 1000, (done - loaded) * 1000]
            results.acknowledged += 1
    except Exception as exc:
        with results.lock:
            results.errors.append(repr(exc)[:120])


def run_load(base: str, code: str, participants: int, seconds: float) -> Results:
    """Start participants evenly over `seconds`, each loading then submitting the form."""
    results = Results()
    begin = time.monotonic()

    def scheduled(i: int) -> None:
        time.sleep(max(0.0, begin + i * seconds / participants - time.monotonic()))
        participant(base, code, results)

    with ThreadPoolExecutor(max_workers=64) as pool:
        list(pool.map(scheduled, range(participants)))
    return results


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return (
        ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else float("nan")
    )


def start_sala(workers: int, data_dir: Path) -> tuple[subprocess.Popen[bytes], str, str]:
    port = free_port()
    env = {**os.environ, "SALA_DATA_DIR": str(data_dir)}
    process = subprocess.Popen(
        [
            sys.executable,
            "run.py",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    wait_until_up(base + "/")
    listing = subprocess.run(
        [sys.executable, "run.py", "sessions", "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        check=True,
    )
    code = json.loads(listing.stdout)[0]["sessions"][0]["code"]
    return process, base, code


def start_trivial(workers: int) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            str(workers),
            "--threads",
            "4",
            "--worker-class",
            "gthread",
            "--bind",
            f"127.0.0.1:{port}",
            "bench.trivial_app:app",
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    wait_until_up(base + "/j/X")
    return process, base


def stored_responses(data_dir: Path, code: str) -> int:
    engine = sa.create_engine(f"sqlite:///{data_dir / 'sala.db'}")
    with engine.connect() as conn:
        query = "SELECT count(*) FROM responses r JOIN sessions s ON s.id = r.session_id WHERE s.code = :c AND r.token NOT LIKE 'demo-%'"
        return int(conn.execute(sa.text(query), {"c": code}).scalar_one())


def report(name: str, results: Results, stored: int | None) -> dict[str, float]:
    lat = results.latencies_ms
    median, p99 = statistics.median(lat) if lat else float("nan"), percentile(lat, 0.99)
    stored_text = "-" if stored is None else str(stored)
    print(
        f"{name:8} requests {len(lat):5}  median {median:7.1f} ms  p99 {p99:7.1f} ms  max {max(lat, default=0):7.1f} ms  errors {len(results.errors):3}  acknowledged {results.acknowledged:4}  stored {stored_text}"
    )
    for error in sorted(set(results.errors))[:5]:
        print(f"          error: {error}")
    return {"median": median, "p99": p99}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--participants", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    print(
        f"{args.participants} participants over {args.seconds:.0f} s, {args.workers} gunicorn workers x 4 threads, {os.cpu_count()} cores"
    )

    data_dir = Path(tempfile.mkdtemp(prefix="sala-bench-"))
    process, base, code = start_sala(args.workers, data_dir)
    try:
        sala = run_load(base, code, args.participants, args.seconds)
    finally:
        process.terminate()
        process.wait()
    stored = stored_responses(data_dir, code)

    process, base = start_trivial(args.workers)
    try:
        trivial = run_load(base, "X", args.participants, args.seconds)
    finally:
        process.terminate()
        process.wait()

    ours = report("sala", sala, stored)
    baseline = report("trivial", trivial, None)
    print(
        f"ratio sala/trivial: median {ours['median'] / baseline['median']:.1f}x  p99 {ours['p99'] / baseline['p99']:.1f}x"
    )
    ok = not sala.errors and stored == sala.acknowledged and ours["p99"] < 250
    print("target (0 errors, stored == acknowledged, p99 < 250 ms):", "met" if ok else "NOT met")


if __name__ == "__main__":
    main()
