"""Shared paths and helpers: every path anchored to this file."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

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


@pytest.fixture
def files() -> dict[str, bytes]:
    return bundled()


@pytest.fixture
def package_dir(tmp_path: Path) -> Path:
    """A writable copy of the bundled package."""
    for name, raw in bundled().items():
        (tmp_path / name).write_bytes(raw)
    return tmp_path


# Okabe & Ito (2008), as in R's palette.colors("Okabe-Ito"), whose ninth colour is grey #999999.
OKABE_ITO = {
    "#000000",
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#F0E442",
    "#0072B2",
    "#D55E00",
    "#CC79A7",
    "#999999",
}
