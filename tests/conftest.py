"""Shared paths, fixtures and helpers: every path anchored to this file."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.data import Package, load_folder
from dashboard.registry import PageSpec

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
ENTRYPOINT = str(ROOT / "streamlit_app.py")
TABLE_FILES = ("sources.csv", "events.csv", "routes.csv", "figures.csv", "countries.csv")


def bundled() -> dict[str, bytes]:
    """The bytes of every file of the bundled package."""
    return {p.name: p.read_bytes() for p in DATA.iterdir() if p.is_file() and p.suffix in (".csv", ".json")}


def rows(raw: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))


def write_rows(table: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(table)
    return buffer.getvalue().encode("utf-8")


def edit(raw: bytes, record: int, column: str, value: str) -> bytes:
    """`raw` with cell (`record`, `column`) set to `value`; record 1 is the first data row (line 2)."""
    table = rows(raw)
    table[record][table[0].index(column)] = value
    return write_rows(table)


def cell(raw: bytes, record: int, column: str) -> str:
    table = rows(raw)
    return table[record][table[0].index(column)]


def open_app(page: PageSpec, **params: list[str]) -> AppTest:
    """`page` run through the entrypoint in AppTest, with `params` in its address."""
    at = AppTest.from_file(ENTRYPOINT, default_timeout=60)
    for key, values in params.items():
        at.query_params[key] = values
    at.run()
    if page.url_path:
        at.switch_page(str(ROOT / page.script))
        at.run()
    return at


OpenPage = Callable[..., AppTest]


@pytest.fixture
def open_page() -> OpenPage:
    """Open a page through the entrypoint: `open_page(page, country=["BGR"])`."""
    return open_app


@pytest.fixture(scope="session")
def package() -> Package:
    """The bundled data package (shared: never change its tables in place)."""
    return load_folder(DATA)


@pytest.fixture(scope="session")
def names(package: Package) -> dict[str, str]:
    """Country code -> the name the pages show, for the bundled package."""
    return package.derived.names


@pytest.fixture
def files() -> dict[str, bytes]:
    return bundled()


@pytest.fixture
def package_dir(tmp_path: Path) -> Path:
    """A writable copy of the bundled package."""
    for name, raw in bundled().items():
        (tmp_path / name).write_bytes(raw)
    return tmp_path
