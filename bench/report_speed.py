"""Report and XLSX download speed on the demo workshop, beside a baseline from the same run.

Usage: python bench/report_speed.py [--repeats 5] [--cold]

Seeds the demo workshop into a fresh SQLite file, logs in as an analyst and times, as medians
over the repeats:

- ``report.docx`` / ``report.html`` / ``responses.xlsx``: the download routes through Flask's
  test client, themes fitted (sentence vectors kept in the database after the first run, as the
  app keeps them), charts kept from the first download (analysis/report/chart_cache.py);
- ``…, charts afresh``: the same download with no chart kept, every chart drawn;
- baseline ``docx without charts`` / ``html without charts``: the same report content (already
  built, themes included) rendered with its charts left out: what the charts cost is the
  difference;
- ``build only``: reading the answers, fitting the themes and building the report's blocks,
  nothing rendered.

``--cold`` also times ``./sala run report`` once in a new process (start-up and first use of
every library included), as an analyst at the command line waits for it.
Targets (issue 11): the report under 3 s, the XLSX under 2 s on the project's machine.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import click

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.questionnaire.load import load_directory
from analysis.report import chart_cache
from analysis.report.blocks import Chart
from analysis.report.blocks import Report
from analysis.report.build import render_report
from analysis.report.workshop import build_workshop_report
from analysis.text.privacy import mask_personal_data
from survey import auth
from survey import create_app
from survey import results
from survey import store
from survey.commands import demo

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {"report.docx": 3.0, "report.html": 3.0, "responses.xlsx": 2.0}  # seconds, issue 11
PASSWORD = "bench-password-11"


def _median(work: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _afresh(work: Callable[[], object]) -> Callable[[], object]:
    """Return `work` run with no chart kept from before: every chart drawn."""

    def run() -> object:
        chart_cache.clear_all()
        return work()

    return run


def _without_charts(report: Report) -> Report:
    blocks = tuple(b for b in report.blocks if not isinstance(b, Chart))
    return Report(report.title, report.subtitle, blocks)


@click.command()
@click.option("--repeats", default=5, show_default=True, type=click.IntRange(1, 50))
@click.option("--cold", is_flag=True, help="Also time ./sala run report in a new process.")
def main(repeats: int, cold: bool) -> None:
    data_dir = Path(tempfile.mkdtemp(prefix="sala-bench-report-"))
    app = create_app(
        {"DATA_DIR": data_dir, "SEED_DEMO": False, "TESTING": True, "WTF_CSRF_ENABLED": False}
    )
    with app.app_context():
        store.migrate()
        workshop_id = demo.seed_demo(load_directory(app.config["QUESTIONNAIRE_DIR"]))
        workshop = store.workshop_by_id(workshop_id)
        user_id = store.create_user("bench", auth.hash_password(PASSWORD), "analyst")
        store.assign_staff(workshop_id, user_id)
    client = app.test_client()
    client.post("/login", data={"username": "bench", "password": PASSWORD})
    base = f"/staff/analysis/workshops/{workshop_id}"

    def download(name: str) -> Callable[[], object]:
        def get() -> object:
            reply = client.get(f"{base}/{name}")
            assert reply.status_code == 200, (name, reply.status_code)
            return reply.data

        return get

    for name in TARGETS:  # first use: encoder loaded, vectors stored, fonts found
        download(name)()
    rows: list[tuple[str, float, str]] = []
    for name, target in TARGETS.items():
        rows.append((name, _median(download(name), repeats), f"target < {target:.0f} s"))
    for name in ("report.docx", "report.html"):
        rows.append(
            (f"{name}, charts afresh", _median(_afresh(download(name)), repeats), "none kept")
        )
    with app.app_context():
        timezone = app.config["TIMEZONE"]
        assert workshop is not None

        def build() -> Report:
            parts = results.workshop_parts(workshop_id, timezone)
            details = results.workshop_details(workshop)
            return build_workshop_report(parts, details, mask=mask_personal_data)

        content = build()
        plain = _without_charts(content)
        rows.append(("build only", _median(build, repeats), "answers, themes, blocks"))
        for fmt in ("docx", "html"):
            seconds = _median(lambda fmt=fmt: render_report(plain, fmt), repeats)
            rows.append((f"{fmt} without charts", seconds, "baseline: render, no charts"))
            charts = sum(isinstance(b, Chart) for b in content.blocks)
            seconds = _median(_afresh(partial(render_report, content, fmt)), repeats)
            rows.append((f"{fmt} with {charts} charts", seconds, "render only, charts drawn"))
    click.echo(f"demo workshop, median of {repeats} (seconds)")
    for name, seconds, note in rows:
        click.echo(f"  {name:24} {seconds:7.2f}   {note}")
    if cold:
        out = data_dir / "cold.docx"
        command = [str(ROOT / "sala"), "run", "report", "--workshop", str(workshop_id)]
        start = time.perf_counter()
        subprocess.run(
            [*command, "--out", str(out)],
            check=True,
            cwd=ROOT,
            env={"SALA_DATA_DIR": str(data_dir), "PATH": "/usr/local/bin:/usr/bin:/bin"},
            capture_output=True,
        )
        click.echo(
            f"  {'./sala run report (cold)':24} {time.perf_counter() - start:7.2f}   one run"
        )


if __name__ == "__main__":
    main()
