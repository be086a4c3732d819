"""Sala's one entry point, run by `./sala run`: no command serves the app; `--help` lists them."""

from __future__ import annotations

import sys

from flask.cli import ScriptInfo

from survey import create_app

SERVE_OPTIONS = ("--host", "--port", "--workers")


def main(argv: list[str] | None = None) -> None:
    """Run a command; with no command (or only server options) start the server."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0].split("=")[0] in SERVE_OPTIONS:
        args.insert(0, "serve")
    app = create_app()
    app.cli.help = "Sala: workshop feedback, Thai first. With no command, runs `serve`."
    app.cli.main(args=args, prog_name="run.py", obj=ScriptInfo(create_app=lambda: app))


if __name__ == "__main__":
    main()
