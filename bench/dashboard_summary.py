"""Benchmark: the live dashboard's summary for a workshop with 5,000 responses.

    python bench/dashboard_summary.py [--responses 5000] [--repeat 40] [--database-url URL]

Builds the demo workshop's programme on a fresh database (SQLite in a temporary folder unless a
URL is given), stores N responses with every question answered and a comment on two in three,
then requests the dashboard's JSON through Flask's test client, logged in, and prints the median
and p95 of: a trivial count query (the baseline), a trivial API page, the workshop summary, one
session's summary, the projector JSON, a poll answered 304 by its ETag and the word counts, each
built afresh (the bodies kept per ETag cleared before every request, as when each poll finds a
new answer); then the summary and the words served from the body kept for their ETag, as five
dashboards polling one version are. Target (issue 16): the workshop summary built afresh under
100 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.questionnaire.load import load_directory  # noqa: E402
from survey import auth  # noqa: E402
from survey import create_app  # noqa: E402
from survey import dashboard  # noqa: E402
from survey import store  # noqa: E402
from survey.commands import demo  # noqa: E402
from survey.schema import answers  # noqa: E402
from survey.schema import responses  # noqa: E402

_RE_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def fill(session_ids: list[int], questionnaires: dict, total: int) -> None:
    """Store `total` responses spread over the sessions, in bulk."""
    rng = random.Random(5000)
    sessions = {s["id"]: s for s in store.list_sessions(with_questionnaire=True)}
    now = dt.datetime.now(dt.UTC)
    with store.engine().begin() as conn:
        for n in range(total):
            session = sessions[session_ids[n % len(session_ids)]]
            questionnaire = store.questionnaire_of(session)
            response_id = conn.execute(
                responses.insert().values(
                    session_id=session["id"],
                    token=f"bench-{n:06d}",
                    respondent_key=f"person-{n % 80:03d}",
                    language="th",
                    submitted_at=now,
                )
            ).inserted_primary_key[0]
            rows = []
            for question in questionnaire.questions:
                for column in question.columns:
                    for value in demo._answer(question, rng):
                        rows.append(
                            {"response_id": response_id, "question_id": column, "value": value}
                        )
            conn.execute(answers.insert(), rows)


def timed(call: Callable[[], object], repeat: int) -> tuple[float, float, float]:
    """Return the median and p95 in milliseconds of `repeat` calls (after one warm-up), and the
    median CPU time of this process per call (the server's own work, on SQLite all of it: less
    disturbed than wall time on a shared machine)."""
    call()
    samples, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        call()
        samples.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    samples.sort()
    return (
        statistics.median(samples),
        samples[max(0, int(len(samples) * 0.95) - 1)],
        statistics.median(cpu),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    app = create_app(
        {"DATA_DIR": folder, "DATABASE_URL": args.database_url, "SEED_DEMO": False, "TESTING": True}
    )
    with app.app_context():
        store.migrate()
        questionnaires = load_directory(app.config["QUESTIONNAIRE_DIR"])
        workshop_id = store.create_workshop(demo.demo_spec(questionnaires))
        session_ids = [s["id"] for s in store.list_sessions(workshop_id)]
        start = time.perf_counter()
        fill(session_ids, questionnaires, args.responses)
        print(f"stored {args.responses} responses in {time.perf_counter() - start:.1f} s")
        store.create_user("bench", auth.hash_password("bench-password"), "admin")
    client = app.test_client()
    token = _RE_CSRF.search(client.get("/login").get_data(as_text=True)).group(1)  # type: ignore[union-attr]
    client.post(
        "/login", data={"csrf_token": token, "username": "bench", "password": "bench-password"}
    )
    summary_url = f"/api/v1/workshops/{workshop_id}/summary"
    data = client.get(summary_url).json
    assert data["responses"] == args.responses, data["responses"]
    tag = client.get(summary_url).headers["ETag"]

    def count_query() -> None:
        with app.app_context():
            store.count_responses()

    def get(url: str, afresh: bool = False, **headers: str) -> Callable[[], object]:
        def call() -> None:
            if afresh:  # as when every poll finds a new answer: no body kept to reuse
                with app.app_context():
                    dashboard.bodies().clear()
            status = client.get(url, headers=headers).status_code
            assert status in (200, 304), (url, status)

        return call

    cases = {
        "baseline: count query": count_query,
        "baseline: GET /api/v1/workshops": get("/api/v1/workshops"),
        "workshop summary (all 5,000)": get(summary_url, afresh=True),
        "one session's summary": get(f"/api/v1/sessions/{session_ids[0]}/summary", afresh=True),
        "projector JSON": get(f"/api/v1/sessions/{session_ids[0]}/projector", afresh=True),
        "poll answered 304 by ETag": get(summary_url, **{"If-None-Match": tag}),
        "workshop words (cached tokens)": get(
            f"/api/v1/workshops/{workshop_id}/words", afresh=True
        ),
        "workshop summary, body kept": get(summary_url),
        "workshop words, body kept": get(f"/api/v1/workshops/{workshop_id}/words"),
    }
    backend = (args.database_url or "sqlite").split(":", 1)[0]
    print(f"{backend}, {args.responses} responses, {args.repeat} requests each (ms)")
    print(f"{'':34} {'median':>8} {'p95':>8} {'cpu':>8}")
    for name, call in cases.items():
        median, p95, cpu = timed(call, args.repeat)
        print(f"{name:34} {median:8.1f} {p95:8.1f} {cpu:8.1f}")
    start = time.perf_counter()
    themes = client.get(f"/api/v1/workshops/{workshop_id}/themes").json
    seconds = time.perf_counter() - start
    print(
        f"themes refit on demand: {len(themes['themes'])} themes from {themes['texts']} answers in {seconds:.1f} s"
    )


if __name__ == "__main__":
    main()
