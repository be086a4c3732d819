"""Benchmark: the end-of-session rush. N participants each load the form and submit within a
minute, against the README's set-up for an event (`run.py serve --workers 2`, gunicorn), beside
a trivial Flask app served the same way in the same run (the baseline).

    python bench/submit_burst.py [--participants 2000] [--seconds 60] [--workers 2]
        [--database-url URL] [--dashboards 5] [--step] [--port 5401] [--base-url URL]

Prints, for Sala and the trivial app: requests, errors, acknowledged vs stored answers, p50 and
p99 latency per request; for Sala also the latency of D facilitators' dashboards polling the
workshop summary every 2 s during the burst (with its ETag, fetching the word counts after a
change as the page does), and each server process's resident (RSS) and proportional (PSS)
memory after the burst, from /proc/PID/smaps_rollup. `--step` then raises the arrival rate
step by step against each app (10 s per step) and prints the highest rate each sustains (no
error, the load finished within 10 % of its schedule) and Sala's throughput there as a share of
the trivial app's, with the server processes' CPU time (user + system, from /proc) per
participant at each step, a figure the other jobs on a shared machine change less than the
rates. `--base-url` points the Sala burst at a server already running (nginx in
front of several app servers, see deploy/); its database is read with `--database-url`.

Targets (issue 16): 0 errors, acknowledged == stored, p99 under 150 ms, dashboards' p99 under
300 ms, master and workers under 300 MiB RSS together, throughput at least 40 % of the
trivial app's. The machine is shared: compare medians and ratios from one run, and note the
load average printed first.
"""

from __future__ import annotations

import argparse
import http.cookiejar
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
from collections.abc import Callable
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
ADMIN_PASSWORD = "bench-admin-password"
CLIENT_THREADS = 96  # phones in flight at once; more than the servers' 2 x 4 threads
POLL_SECONDS = 2.0  # the dashboard's POLL_INTERVAL_MS
STEP_SECONDS = 10.0
STEP_RATES = (10, 20, 30, 40, 60, 80, 100, 130, 160, 200, 250)  # participants per second
STEP_SLACK = 1.10  # a step is sustained when the load ends within 10 % of its schedule


@dataclass
class Results:
    latencies_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    acknowledged: int = 0
    seconds: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, latencies: list[float]) -> None:
        with self.lock:
            self.latencies_ms += latencies
            self.acknowledged += 1

    def fail(self, error: Exception) -> None:
        with self.lock:
            self.errors.append(repr(error)[:120])


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(url: str, seconds: float = 120) -> None:
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
        results.add([(loaded - start) * 1000, (done - loaded) * 1000])
    except Exception as exc:
        results.fail(exc)


def run_load(base: str, code: str, participants: int, seconds: float) -> Results:
    """Start participants evenly over `seconds`, each loading then submitting the form."""
    results = Results()
    begin = time.monotonic()

    def scheduled(i: int) -> None:
        time.sleep(max(0.0, begin + i * seconds / participants - time.monotonic()))
        participant(base, code, results)

    with ThreadPoolExecutor(max_workers=CLIENT_THREADS) as pool:
        list(pool.map(scheduled, range(participants)))
    results.seconds = time.monotonic() - begin
    return results


def log_in(base: str) -> urllib.request.OpenerDirector:
    """Return an opener holding a logged-in admin session."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = opener.open(f"{base}/login", timeout=30).read().decode()
    found = _RE_CSRF.search(html)
    assert found, "login page without a CSRF token"
    form = {"csrf_token": found.group(1), "username": "admin", "password": ADMIN_PASSWORD}
    opener.open(f"{base}/login", data=urllib.parse.urlencode(form).encode(), timeout=30)
    return opener


def dashboard(base: str, workshop_id: int, stop: threading.Event, results: Results) -> None:
    """Poll the workshop summary every 2 s as the dashboard page does; time each request."""
    opener = log_in(base)
    summary = f"{base}/api/v1/workshops/{workshop_id}/summary"
    words = f"{base}/api/v1/workshops/{workshop_id}/words"
    etag = ""

    def timed(url: str, headers: dict[str, str]) -> tuple[int, str]:
        start = time.perf_counter()
        try:
            reply = opener.open(urllib.request.Request(url, headers=headers), timeout=30)
            reply.read()
            status, tag = reply.status, reply.headers.get("ETag", "")
        except urllib.error.HTTPError as error:
            status, tag = error.code, etag
        if status not in (200, 304):
            raise RuntimeError(f"{url} answered {status}")
        results.add([(time.perf_counter() - start) * 1000])
        return status, tag

    while not stop.wait(POLL_SECONDS):
        try:
            status, etag = timed(summary, {"If-None-Match": etag} if etag else {})
            if status == 200:
                timed(words, {})
        except Exception as exc:
            results.fail(exc)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return (
        ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else float("nan")
    )


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    base: str

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait()


def start_sala(workers: int, data_dir: Path, database_url: str | None, port: int) -> Server:
    env = {**os.environ, "SALA_DATA_DIR": str(data_dir), "SALA_ADMIN_PASSWORD": ADMIN_PASSWORD}
    if database_url:
        env["DATABASE_URL"] = database_url
    command = [sys.executable, "run.py", "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(
        [*command, "--workers", str(workers)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    wait_until_up(base + "/")
    return Server(process, base)


def first_session(url: str) -> tuple[int, str]:
    """Return the first workshop's id and its first session's join code."""
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        query = "SELECT workshop_id, code FROM sessions ORDER BY id LIMIT 1"
        workshop_id, code = conn.execute(sa.text(query)).one()
    engine.dispose()
    return int(workshop_id), str(code)


def start_trivial(workers: int, port: int) -> Server:
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
    return Server(process, base)


def stored_responses(url: str, code: str) -> int:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        query = "SELECT count(*) FROM responses r JOIN sessions s ON s.id = r.session_id WHERE s.code = :c AND r.token NOT LIKE 'demo-%'"
        count = int(conn.execute(sa.text(query), {"c": code}).scalar_one())
    engine.dispose()
    return count


def memory(pid: int) -> list[tuple[str, int, float, float]]:
    """Return (role, pid, RSS MiB, PSS MiB) of a gunicorn master and its workers."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    rows = []
    for role, each in [("master", pid)] + [("worker", int(c)) for c in children]:
        fields = {}
        for line in Path(f"/proc/{each}/smaps_rollup").read_text().splitlines()[1:]:
            name, value = line.split(":", 1)
            fields[name] = int(value.split()[0]) / 1024
        rows.append((role, each, fields["Rss"], fields["Pss"]))
    return rows


def cpu_seconds(pid: int | None) -> float:
    """Return the CPU time (user + system, s) a gunicorn master and its workers used so far,
    workers that ended included (the master's cutime and cstime); 0 without a process."""
    if pid is None:
        return 0.0
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    ticks = 0
    for each in [pid, *map(int, children)]:
        # after the command's ")": utime, stime, cutime, cstime are fields 14 to 17 of stat
        fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += sum(int(v) for v in fields[11 : 15 if each == pid else 13])
    return ticks / os.sysconf("SC_CLK_TCK")


def report(name: str, results: Results, stored: int | None = None) -> dict[str, float]:
    lat = results.latencies_ms
    median, p99 = statistics.median(lat) if lat else float("nan"), percentile(lat, 0.99)
    rate = len(lat) / results.seconds if results.seconds else float("nan")
    stored_text = "" if stored is None else f"  stored {stored}"
    print(
        f"{name:10} requests {len(lat):5} ({rate:5.1f}/s)  p50 {median:6.1f} ms  p99 {p99:7.1f} ms  max {max(lat, default=0):7.1f} ms  errors {len(results.errors):3}  acknowledged {results.acknowledged:4}{stored_text}"
    )
    for error in sorted(set(results.errors))[:5]:
        print(f"           error: {error}")
    return {"median": median, "p99": p99, "rate": rate}


def highest_sustained(base: str, code: str, pid: int | None) -> dict[str, float]:
    """Return the highest arrival rate (participants/s) sustained, its requests per second and
    the servers' CPU ms per participant there."""
    best = {"rate": 0.0, "rps": 0.0, "cpu_ms": float("nan")}
    for rate in STEP_RATES:
        participants = int(rate * STEP_SECONDS)
        cpu_before = cpu_seconds(pid)
        results = run_load(base, code, participants, STEP_SECONDS)
        cpu_ms = (cpu_seconds(pid) - cpu_before) * 1000 / participants
        sustained = not results.errors and results.seconds <= STEP_SECONDS * STEP_SLACK
        throughput = len(results.latencies_ms) / results.seconds
        print(
            f"  {rate:4} participants/s: {throughput:6.1f} requests/s, {len(results.errors)} errors, done in {results.seconds:5.1f} s, p99 {percentile(results.latencies_ms, 0.99):6.1f} ms, server CPU {cpu_ms:5.1f} ms/participant"
        )
        if not sustained:
            break
        best = {"rate": float(rate), "rps": throughput, "cpu_ms": cpu_ms}
    return best


def burst(
    base: str, code: str, workshop_id: int, args: argparse.Namespace
) -> tuple[Results, Results]:
    """Run the participants' burst with the dashboards polling beside it."""
    stop = threading.Event()
    polls = Results()
    watchers = [
        threading.Thread(target=dashboard, args=(base, workshop_id, stop, polls))
        for _ in range(args.dashboards)
    ]
    for watcher in watchers:
        watcher.start()
    try:
        results = run_load(base, code, args.participants, args.seconds)
    finally:
        stop.set()
        for watcher in watchers:
            watcher.join()
    polls.seconds = results.seconds
    return results, polls


def with_server(start: Callable[[], Server], use: Callable[[Server], None]) -> None:
    server = start()
    try:
        use(server)
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--participants", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database-url", default=None, help="default: a fresh SQLite file")
    parser.add_argument("--dashboards", type=int, default=5)
    parser.add_argument("--step", action="store_true", help="also step the rate against both")
    parser.add_argument("--port", type=int, default=0, help="Sala's port; the trivial app's +1")
    parser.add_argument("--base-url", default=None, help="burst a running Sala instead")
    args = parser.parse_args()
    sala_port = args.port or free_port()
    trivial_port = args.port + 1 if args.port else free_port()
    print(
        f"{args.participants} participants over {args.seconds:.0f} s, {args.dashboards} dashboards, {args.workers} gunicorn workers x 4 threads, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}"
    )
    data_dir = Path(tempfile.mkdtemp(prefix="sala-bench-"))
    url = args.database_url or f"sqlite:///{data_dir / 'sala.db'}"
    summary: dict[str, dict[str, float]] = {}

    def sala_burst(server: Server) -> None:
        workshop_id, code = first_session(url)
        pid = None if args.base_url else server.process.pid
        cpu_before = cpu_seconds(pid)
        results, polls = burst(server.base, code, workshop_id, args)
        cpu_ms = (cpu_seconds(pid) - cpu_before) * 1000 / args.participants
        rows = [] if args.base_url else memory(server.process.pid)
        summary["sala"] = report("sala", results, stored_responses(url, code))
        print(
            f"           server CPU {cpu_ms:5.1f} ms per participant (dashboards' polls included)"
        )
        summary["dashboards"] = report("dashboards", polls)
        for role, pid, rss, pss in rows:
            print(f"           {role} {pid}: RSS {rss:6.1f} MiB  PSS {pss:6.1f} MiB")
        if rows:
            total = sum(r[2] for r in rows)
            print(f"           total: RSS {total:6.1f} MiB  PSS {sum(r[3] for r in rows):6.1f} MiB")
            summary["memory"] = {"rss": total}
        if args.step:
            print("sala, stepping the rate:")
            summary["sala_step"] = highest_sustained(server.base, code, pid)

    def trivial_burst(server: Server) -> None:
        cpu_before = cpu_seconds(server.process.pid)
        results = run_load(server.base, "X", args.participants, args.seconds)
        cpu_ms = (cpu_seconds(server.process.pid) - cpu_before) * 1000 / args.participants
        summary["trivial"] = report("trivial", results)
        print(f"           server CPU {cpu_ms:5.1f} ms per participant")
        if args.step:
            print("trivial, stepping the rate:")
            summary["trivial_step"] = highest_sustained(server.base, "X", server.process.pid)

    if args.base_url:
        sala_burst(Server(subprocess.Popen(["true"]), args.base_url.rstrip("/")))
    else:
        with_server(
            lambda: start_sala(args.workers, data_dir, args.database_url, sala_port), sala_burst
        )
    with_server(lambda: start_trivial(args.workers, trivial_port), trivial_burst)
    ours, baseline = summary["sala"], summary["trivial"]
    print(
        f"ratio sala/trivial: p50 {ours['median'] / baseline['median']:.1f}x  p99 {ours['p99'] / baseline['p99']:.1f}x"
    )
    if args.step:
        share = summary["sala_step"]["rps"] / summary["trivial_step"]["rps"]
        ours_step, theirs_step = summary["sala_step"], summary["trivial_step"]
        print(
            f"highest rate sustained: sala {ours_step['rate']:.0f}/s, trivial {theirs_step['rate']:.0f}/s; sala's throughput there {share:.0%} of the trivial app's; server CPU per participant there: sala {ours_step['cpu_ms']:.1f} ms, trivial {theirs_step['cpu_ms']:.1f} ms"
        )
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
