"""Serving a real event: gunicorn with several worker processes, started from run.py."""

from __future__ import annotations

from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication

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
    """Serve `app` with gunicorn until interrupted."""
    options = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": THREADS_PER_WORKER,
        "worker_class": "gthread",
        "timeout": TIMEOUT_SECONDS,
        "accesslog": "-",
        # In each worker after the fork: a dictionary loaded before it may hold threads.
        "post_worker_init": _warm_up_worker,
    }
    _Gunicorn(app, options).run()


def _warm_up_worker(worker: Any) -> None:
    """Gunicorn hook: load what the first participant's page needs, once per worker."""
    warm_up()
