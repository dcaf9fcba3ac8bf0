"""`python -m dashboard check`: exit codes and output a maintainer can act on."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, edit


def run(*args: str, env_data: str | None = None) -> subprocess.CompletedProcess[str]:
    import os

    env = {k: v for k, v in os.environ.items() if k != "DASHBOARD_DATA"}
    if env_data is not None:
        env["DASHBOARD_DATA"] = env_data
    return subprocess.run(
        [sys.executable, "-m", "dashboard", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )


def test_bundled_data_passes() -> None:
    """The checker exits 0 with a one-line summary of rows per table."""
    result = run("check")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    assert "events 51" in lines[0]
    assert "routes 12" in lines[0]


def test_broken_copy_fails_with_every_problem(package_dir: Path) -> None:
    """Two bad cells give exit 1 and both file:line: column messages, one per line."""
    events = package_dir / "events.csv"
    events.write_bytes(edit(edit(events.read_bytes(), 1, "date", "2025-02-30"), 3, "kind", "rumour"))
    result = run("check", str(package_dir))
    assert result.returncode == 1
    assert "events.csv:2: date: '2025-02-30' is not a valid date (YYYY-MM-DD)" in result.stdout
    assert "events.csv:4: kind: 'rumour' is not one of" in result.stdout
    assert "2 problems" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_dashboard_data_variable_points_the_checker_elsewhere(package_dir: Path) -> None:
    """DASHBOARD_DATA makes the checker read another folder."""
    (package_dir / "routes.csv").unlink()
    result = run("check", env_data=str(package_dir))
    assert result.returncode == 1
    assert "routes.csv: the file is missing" in result.stdout


@pytest.mark.parametrize("args", [("check", "/no/such/folder"), ("frobnicate",), ()])
def test_usage_errors_exit_2(args: tuple[str, ...]) -> None:
    """A folder that does not exist or a wrong command is a usage error: exit 2, no traceback."""
    result = run(*args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "content",
    [b"", b"\x00\x01\x02\xff" * 1000, b"a" * (50 * 1024 * 1024), b'"' + b"x" * 100000],
    ids=["empty", "binary", "50MB-line", "unterminated-quote"],
)
def test_hostile_files_never_print_a_traceback(package_dir: Path, content: bytes) -> None:
    """Empty, binary, huge or broken files give exit 1 and a message, never a traceback."""
    (package_dir / "events.csv").write_bytes(content)
    result = run("check", str(package_dir))
    assert result.returncode == 1
    assert "events.csv" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
