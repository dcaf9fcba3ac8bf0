"""Helpers for the browser tests: a fresh Streamlit server and Debian's Chromium via Playwright."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ENTRYPOINT, ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def require_browser() -> None:
    """Skip with a reason when no browser is installed; in CI (REQUIRE_BROWSER=1) fail instead."""
    missing = []
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("the Python package playwright (pip install -r requirements-dev.txt)")
    if not Path(CHROMIUM).exists():
        missing.append(f"Chromium at {CHROMIUM} (apt-get install -y chromium)")
    if missing:
        reason = "browser tests need " + " and ".join(missing)
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(reason + "; REQUIRE_BROWSER=1 makes this a failure")
        pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def streamlit_server(
    env: dict[str, str] | None = None,
    entrypoint: str = ENTRYPOINT,
    started: list[subprocess.Popen[str]] | None = None,
) -> Iterator[str]:
    """Start a fresh server on a free port; yield its base URL; stop it afterwards.

    `started`, when given, receives the server process (the benchmark reads its memory).
    """
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        entrypoint,
        "--server.headless=true",
        "--server.address=127.0.0.1",
        f"--server.port={port}",
        "--browser.gatherUsageStats=false",
        "--server.fileWatcherType=none",
    ]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    if started is not None:
        started.append(process)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    output = process.stdout.read() if process.stdout else ""
                    raise RuntimeError(f"streamlit did not start:\n{output}") from None
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


PHONE_AGENT = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0 Mobile Safari/537.36"
)


@contextmanager
def chromium(width: int = 1280, height: int = 900, dark: bool = False, phone: bool = False) -> Iterator[Any]:
    """A fresh headless Chromium page; `phone` adds a touch screen and a phone's user agent."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(
            viewport={"width": width, "height": height},
            color_scheme="dark" if dark else "light",
            **({"has_touch": True, "is_mobile": True, "user_agent": PHONE_AGENT} if phone else {}),
        )
        # Every wait is for a state; the long default only matters when another process takes a core.
        context.set_default_timeout(120_000)
        page = context.new_page()
        try:
            yield page
        finally:
            context.close()
            browser.close()


def wait_ready(page: Any, heading: str, timeout: float = 120_000) -> None:
    """Wait until the script finished and the page's own heading is shown."""
    page.wait_for_selector(READY, timeout=timeout)
    page.get_by_role("heading", name=heading, exact=True).first.wait_for(timeout=timeout)
    page.wait_for_selector(READY, timeout=timeout)
