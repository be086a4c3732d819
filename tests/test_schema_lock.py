"""Two servers started at once on one database both come up: on an empty database and on one
at an older schema, on SQLite and PostgreSQL, each set-up waits for the other's."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.config import Config
from alembic.script import ScriptDirectory

from survey import store
from survey.config import ROOT
from survey.schema import users
from survey.schema import workshops

# Each process sleeps until the same moment, then migrates and seeds as `./sala serve` does.
STARTER = """
import sys, time
from survey import create_app
from survey.commands.cli import prepare_database
app = create_app({"DATABASE_URL": sys.argv[1], "DATA_DIR": sys.argv[2], "SECRET_KEY": "x",
                  "ADMIN_PASSWORD": "correct-horse-42"})
time.sleep(max(0.0, float(sys.argv[3]) - time.time()))
with app.app_context():
    prepare_database(seed=True)
print("up")
"""
OLDER = "0003"  # the schema before sentence vectors, questionnaires and staff sessions


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(store.MIGRATIONS))
    return config


def _start_two(url: str, data_dir: Path) -> list[subprocess.CompletedProcess[str]]:
    start_at = str(time.time() + 8)  # time for both interpreters to import everything
    env = {**os.environ, "PYTHAINLP_OFFLINE": "1"}
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", STARTER, url, str(data_dir), start_at],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    results = []
    for process in processes:
        out, err = process.communicate(timeout=150)
        results.append(subprocess.CompletedProcess(process.args, process.returncode, out, err))
    return results


@pytest.mark.slow
@pytest.mark.parametrize("older", [False, True], ids=["empty", "older"])
def test_two_servers_started_together_both_come_up(
    database_url: str, tmp_path: Path, older: bool
) -> None:
    eng = store.make_engine(database_url)
    if older:
        store.migrate(eng, OLDER)
    results = _start_two(database_url, tmp_path)
    for result in results:
        assert result.returncode == 0, result.stderr[-3000:]
        assert result.stdout.strip().endswith("up")
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert store.schema_version(eng) == head
    with eng.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(users)).scalar_one() == 1
        assert conn.execute(sa.select(sa.func.count()).select_from(workshops)).scalar_one() == 1
    eng.dispose()
