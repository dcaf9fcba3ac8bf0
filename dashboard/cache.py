"""The one cached loader: the package is read and validated once per process and version.

The package is a shared resource, not a copy per run: every session gets the same object (no
unpickling of every table on every rerun), so nothing may change it in place; a test renders every
page and compares the shared package with a fresh read.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard.data import Package, load_folder
from dashboard.paths import data_dir
from dashboard.schemas import FILES


def _fingerprint(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """Size and modification time of each file, so an edited package is read again."""
    stamps = []
    for name in FILES.values():
        try:
            stat = (folder / name).stat()
            stamps.append((name, stat.st_size, stat.st_mtime_ns))
        except OSError:
            stamps.append((name, -1, -1))
    return tuple(stamps)


@st.cache_resource(show_spinner=False, max_entries=4)
def _load(folder: str, fingerprint: tuple[tuple[str, int, int], ...]) -> Package:
    del fingerprint  # part of the cache key only
    return load_folder(Path(folder))


def load_package() -> Package:
    """The package in the data folder, validated."""
    folder = data_dir()
    return _load(str(folder), _fingerprint(folder))
