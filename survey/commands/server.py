"""Serving a real event: gunicorn with several worker processes, started from run.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication
from sqlalchemy.engine import Engine

from survey import store
from survey.typography import warm_up

# A slow phone on 3G keeps a connection open for a while; threads keep workers free meanwhile.
THREADS_PER_WORKER = 4
TIMEOUT_SECONDS = 60


class _Gunicorn(BaseApplication):  # type: ignore[misc]
    """Gunicorn configured from Python instead of its command line."""

    def __init__(self, app: Flask, options: dict[str, Any]) -> None:
        self.application = app
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        return self.application


def run_gunicorn(app: Flask, host: str, port: int, workers: int) -> None:
    """Serve `app` with gunicorn until interrupted; no database connection crosses the fork.

    The master migrated and seeded the database, so its pool holds connections: two processes
    talking over one PostgreSQL socket (or one SQLite handle) mix up each other's replies, which
    showed as 500s and wrong 404s in a burst just after the start. The master closes its own
    before forking, and each worker starts with an empty pool of its own (SQLAlchemy's advice
    for os.fork(): "Using Connection Pools with Multiprocessing or os.fork()").
    """
    engine: Engine = app.extensions[store.EXTENSION_KEY]
    engine.dispose()
    # The word segmenter's dictionary (about 65 MiB, Rust memory that Python never writes to)
    # is loaded once here, before the fork: the workers share its pages instead of each loading
    # its own copy. Measured: each worker's PSS 43 MiB with it shared, against about 110 MiB
    # loaded per worker. Loading it starts no thread, so forking after it is safe.
    warm_up()
    options = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": THREADS_PER_WORKER,
        "worker_class": "gthread",
        "timeout": TIMEOUT_SECONDS,
        "accesslog": "-",
        "post_fork": _fresh_pool(engine),
    }
    _Gunicorn(app, options).run()


def _fresh_pool(engine: Engine) -> Callable[[Any, Any], None]:
    """Return gunicorn's post_fork hook giving the worker a pool of its own."""

    def post_fork(_server: Any, _worker: Any) -> None:
        # close=False: connections inherited from the master belong to the master; closing them
        # here would send PostgreSQL a goodbye on a socket another process may be using.
        engine.dispose(close=False)

    return post_fork
