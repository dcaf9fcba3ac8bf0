"""The app's own work without the browser: load + validate, filter, build every page's content.

DASHBOARD_DATA=/tmp/pkg python -c "from bench.pipeline import report; report()"
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from dashboard import exports, filters, map, method, overview, timeline
from dashboard.data import load_folder
from dashboard.paths import data_dir
from dashboard.present.formats import first_rows


def _timed(work: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def build_all(package: Any, selection: filters.Selection) -> None:
    """Everything the five pages compute on a rerun for `selection` (the Streamlit calls aside).

    The ZIP of the selection is left out: the Sources page builds it only when the reader clicks.
    """
    tables = filters.apply(package.tables, selection, package.derived.lookup)
    names = package.derived.names
    everything = package.tables
    overview.headlines(tables["figures"], everything["sources"], everything["events"])
    overview.key_dates(tables["events"], everything["events"])
    overview.latest(tables["events"])
    map.build(tables["routes"], everything, names, package.derived.opening)
    if len(tables["events"]):
        shown = timeline.chart_events(tables["events"])
        timeline.figure(shown, everything["events"], names)
        timeline.option_labels(shown)
        timeline.table(tables["events"], everything["events"], everything["sources"], names)
    exports.build(
        tables["figures"], everything["figures"], everything["sources"], tables["rates"], "USD", names
    )
    method.sources_table(first_rows(tables["sources"])[0])
    exports.lineage(everything["figures"], everything["figures"], everything["sources"], names)


def report() -> None:
    """Print one line: seconds to load + validate (and what is kept with the package), and to filter + build
    every page (all, one country)."""
    load_s, package = _timed(lambda: load_folder(data_dir()))
    everything_s, _ = _timed(lambda: build_all(package, filters.Selection()))
    country_s, _ = _timed(lambda: build_all(package, filters.Selection(countries=frozenset({"BGR"}))))
    print(f"load {load_s:.2f} · build all {everything_s:.2f} · build BGR {country_s:.2f}")
