"""Participants' submits take turns to write to SQLite: threads of one worker and the workers of
one machine queue for the write instead of sleeping in SQLite's busy handler."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import sqlalchemy as sa

from survey.store.db import make_engine
from survey.store.db import write_turn

HOLDER = """
import sys, time
from pathlib import Path
from survey.store.db import make_engine, write_turn
engine = make_engine(sys.argv[1])
with write_turn(engine):
    Path(sys.argv[2]).write_text("held")
    time.sleep(0.6)
    Path(sys.argv[2]).write_text("released")
"""


def test_another_process_waits_for_the_turn_to_be_given_back(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'sala.db'}"
    marker = tmp_path / "marker"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, url, str(marker)], cwd=Path.cwd())
    try:
        deadline = time.monotonic() + 30
        while not marker.exists() or marker.read_text() != "held":
            assert holder.poll() is None, "the holder ended before taking its turn"
            assert time.monotonic() < deadline
            time.sleep(0.01)
        with write_turn(make_engine(url)):
            seen = marker.read_text()
    finally:
        holder.wait(timeout=30)
    assert seen == "released"  # the turn came only once the other process gave it back


def test_threads_of_one_process_write_one_at_a_time(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'sala.db'}")
    inside: list[int] = []
    most: list[int] = [0]
    guard = threading.Lock()

    def write() -> None:
        with write_turn(engine):
            with guard:
                inside.append(1)
                most[0] = max(most[0], len(inside))
            time.sleep(0.02)
            with guard:
                inside.pop()

    threads = [threading.Thread(target=write) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most[0] == 1


def test_postgresql_and_memory_databases_need_no_turn(tmp_path: Path) -> None:
    # Two turns at once in one thread would deadlock on a real turn: these return at once.
    for url in ("sqlite://", "postgresql+psycopg://nobody@127.0.0.1:1/none"):
        engine = make_engine(url)
        with write_turn(engine), write_turn(engine):
            pass
    assert not list(tmp_path.iterdir())
    assert isinstance(sa.__version__, str)
