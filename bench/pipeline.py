"""The app's own work without the browser: load + validate, filter, build every page's View.

DASHBOARD_DATA=/tmp/pkg python -c "from bench.pipeline import report; report()"
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from dashboard import exports, filters, map, overview, sources, timeline
from dashboard.data import Package, load_folder
from dashboard.paths import data_dir


def _timed(work: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def build_all(package: Package, selection: filters.Selection) -> None:
    """Every page's View for `selection`, built as the pages build them (the Streamlit calls aside).

    The ZIP of the selection is left out: the Sources page builds it only when the reader clicks.
    """
    selected = filters.apply(package.tables, selection, package.derived.lookup)
    overview.build(package, selected)
    map.build(package, selected)
    timeline.build(package, selected, picked=None, query="", dark=False, phone=False)
    exports.build(package, selected, "USD")
    sources.build(package, selected)


def report() -> None:
    """Print one line: seconds to load + validate (with the derivations kept with the package), and to
    filter + build every page (all, one country)."""
    load_s, package = _timed(lambda: load_folder(data_dir()))
    everything_s, _ = _timed(lambda: build_all(package, filters.Selection()))
    country_s, _ = _timed(lambda: build_all(package, filters.Selection(countries=frozenset({"BGR"}))))
    print(f"load {load_s:.2f} · build all {everything_s:.2f} · build BGR {country_s:.2f}")
