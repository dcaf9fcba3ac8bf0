"""The repository a new user meets: the README's commands, CI, lint and types."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def commands() -> list[str]:
    return re.findall(r"```bash\n(.+?)\n```", README.split("## Quick start")[1].split("\n## ")[0])


def test_readme_first_sentence_is_short() -> None:
    """The README opens with a sentence under 100 characters."""
    first = README.split("\n\n")[1].split("?")[0] + "?"
    assert len(first) < 100, first


def test_quick_start_has_exactly_two_commands_and_ci_runs_the_test_one() -> None:
    """Quick start has two commands; .ci/run runs the second one verbatim."""
    found = commands()
    assert len(found) == 2, found
    assert "streamlit run streamlit_app.py" in found[0]
    assert "pytest" in found[1]
    assert found[1] in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_requirements_pin_every_runtime_dependency() -> None:
    """requirements.txt pins streamlit, pandas, plotly, pydeck and pandera with ==."""
    pins = dict(
        line.split("==") for line in (ROOT / "requirements.txt").read_text().splitlines() if "==" in line
    )
    assert {"streamlit", "pandas", "plotly", "pydeck", "pandera"} <= set(pins)


@pytest.mark.parametrize(
    "command",
    [["ruff", "check", "."], ["ruff", "format", "--check", "."], ["mypy"]],
    ids=["ruff-check", "ruff-format", "mypy-strict"],
)
def test_lint_and_types_are_clean(command: list[str]) -> None:
    """ruff (lint and format) and mypy --strict on dashboard/ report nothing."""
    if shutil.which(command[0]) is None:
        command = [sys.executable, "-m", *command]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
