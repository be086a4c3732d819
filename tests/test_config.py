"""Configuration: defaults, then the environment, then the test dict; a secret kept across starts."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from survey import create_app
from survey.config import ENVIRONMENT
from survey.config import ROOT


def test_a_generated_secret_key_survives_a_restart(tmp_path: Path) -> None:
    first = create_app({"DATA_DIR": tmp_path, "TESTING": True})
    second = create_app({"DATA_DIR": tmp_path, "TESTING": True})
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]
    assert len(first.config["SECRET_KEY"]) >= 40
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_the_environment_overrides_defaults_and_the_test_dict_overrides_both(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'from-env.db'}")
    monkeypatch.setenv("SALA_SECRET_KEY", "from-the-environment")
    monkeypatch.setenv("SALA_DATA_DIR", str(tmp_path))
    app = create_app()
    assert app.config["DATABASE_URL"].endswith("from-env.db")
    assert app.config["SECRET_KEY"] == "from-the-environment"
    app = create_app({"SECRET_KEY": "from-the-test"})
    assert app.config["SECRET_KEY"] == "from-the-test"


def test_analysis_never_imports_flask() -> None:
    code = "import sys, analysis, analysis.questionnaire, analysis.responses\n"
    code += "import pkgutil, importlib\n"
    code += "[importlib.import_module(m.name) for m in pkgutil.walk_packages(analysis.__path__, 'analysis.')]\n"
    code += "assert 'flask' not in sys.modules and 'wtforms' not in sys.modules, 'flask imported'\n"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def test_the_readme_documents_every_api_endpoint_and_variable(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    app = create_app({"DATA_DIR": tmp_path, "TESTING": True})
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/"):
            continue
        path = re.sub(r"<int:\w+>", "<id>", rule.rule)
        for scope in ("workshops", "sessions"):
            documented = path.replace("<any(workshops, sessions):kind>", scope)
            assert f"`GET {documented}" in readme, documented
    for variable in ENVIRONMENT:
        assert f"`{variable}`" in readme, variable
