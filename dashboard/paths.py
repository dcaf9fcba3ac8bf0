"""Paths anchored to this file, never to the working directory."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
ICON = ROOT / "dashboard" / "icon.png"  # the favicon, served by the app itself (no network)
DATA_ENV = "DASHBOARD_DATA"


def data_dir() -> Path:
    """The data package folder: `DASHBOARD_DATA` when set, else the bundled `data/`."""
    override = os.environ.get(DATA_ENV, "").strip()
    return Path(override).expanduser().resolve() if override else DATA_DIR
