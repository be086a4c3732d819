"""Serving a real event: gunicorn with several worker processes, started from run.py."""

from __future__ import annotations

import os
import sys

from flask import Flask
from sqlalchemy.engine import Engine

from survey import store
from survey.typography import warm_up

# A slow phone on 3G keeps a connection open for a while; threads keep workers free meanwhile.
THREADS_PER_WORKER = 4
TIMEOUT_SECONDS = 60
# Each worker builds the app itself after the fork, from the same environment as `serve`.
APP_FACTORY = "survey.commands.server:worker_app()"
ACCESS_LOG_FORMAT = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms "%(a)s"'


def gunicorn_command(host: str, port: int, workers: int) -> list[str]:
    """Return the command line of the gunicorn master that serves the app (argv, list of str)."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(THREADS_PER_WORKER),
        "--worker-class",
        "gthread",
        "--timeout",
        str(TIMEOUT_SECONDS),
        "--access-logfile",
        "-",
        # The path without its query and no referrer: a thank-you page's address holds the
        # answer's token, half of what withdrawing the answer needs.
        "--access-logformat",
        ACCESS_LOG_FORMAT,
        # Sala does not use gunicorn's control socket; one per user would be shared (and
        # removed) by every server this account runs.
        "--no-control-socket",
        APP_FACTORY,
    ]


def run_gunicorn(app: Flask, host: str, port: int, workers: int) -> None:
    """Replace this process by a gunicorn master whose workers each build the app; never returns.

    `serve` has migrated and seeded the database and printed the join codes; what it loaded
    for that (the whole app, pandas for the attendance counts) is not needed by a master that
    only watches its workers. Exec'ing gunicorn frees it: the master holds gunicorn alone
    (about 20 MiB instead of 195 MiB resident, measured with bench/submit_burst.py), and no
    database connection or word dictionary crosses a fork, since each worker opens its own
    (SQLAlchemy's advice for os.fork(): "Using Connection Pools with Multiprocessing or
    os.fork()"). The configuration reaches the workers through the environment, as it reached
    this process, and the secret key through the file that this process kept it in.
    """
    engine: Engine = app.extensions[store.EXTENSION_KEY]
    engine.dispose()
    sys.stdout.flush()
    sys.stderr.flush()
    command = gunicorn_command(host, port, workers)
    os.execv(command[0], command)


def worker_app() -> Flask:
    """Return the app of one gunicorn worker, its page typography loaded before the first
    participant arrives (configured from the environment, as `serve` was)."""
    from survey import create_app  # survey/__init__.py imports this module

    app = create_app()
    warm_up()
    return app
