"""The one pure filter function every page applies."""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard import filters
from dashboard.data import Package, load_folder
from tests.conftest import DATA


def rows_kept(package: Package, table: str, selection: filters.Selection) -> pd.DataFrame:
    """The rows of `table` that `selection` keeps."""
    return filters.apply(package.tables, selection, package.derived.lookup)[table]


def test_empty_selection_keeps_everything(package: Package) -> None:
    """With no filter set, every event, route and figure is kept."""
    kept = filters.apply(package.tables, filters.Selection(), package.derived.lookup)
    for table in ("events", "routes", "figures"):
        assert len(kept[table]) == len(package.tables[table])


def test_route_concerns_every_country_on_its_path(package: Package) -> None:
    """Selecting a transit country keeps exactly the routes whose path passes through it."""
    kept = rows_kept(package, "routes", filters.Selection(countries=frozenset({"BGR"})))
    assert len(kept) > 0
    assert all("BGR" in path.split(">") for path in kept["path"])
    expected = sum("BGR" in p.split(">") for p in package.tables["routes"]["path"])
    assert len(kept) == expected


def test_events_concerning_a_country_or_by_its_actor(package: Package) -> None:
    """Selecting Bulgaria keeps events that concern it or whose actor is Bulgarian."""
    kept = rows_kept(package, "events", filters.Selection(countries=frozenset({"BGR"})))
    assert len(kept) > 0
    for row in kept.itertuples():
        assert "BGR" in row.countries.split(";") or row.actor_country == "BGR"


def test_date_range_keeps_rows_inside_it(package: Package) -> None:
    """Only events dated inside the range are kept, both ends included."""
    selection = filters.Selection(start=date(2025, 5, 29), end=date(2025, 6, 30))
    kept = rows_kept(package, "events", selection)
    assert len(kept) > 0
    assert kept["date"].min() >= pd.Timestamp("2025-05-29")
    assert kept["date"].max() <= pd.Timestamp("2025-06-30")
    assert "E23" in set(kept["event_id"])


def test_figure_periods_overlapping_the_range_are_kept(package: Package) -> None:
    """A figure for 2022 to mid-2024 overlaps a range in 2023; a 2019 figure does not."""
    kept = rows_kept(package, "figures", filters.Selection(start=date(2023, 1, 1), end=date(2023, 12, 31)))
    periods = kept[["period_start", "period_end"]].dropna()
    assert (periods["period_start"] <= pd.Timestamp("2023-12-31")).all()
    assert (periods["period_end"] >= pd.Timestamp("2023-01-01")).all()
    assert not (kept["period_end"] == pd.Timestamp("2019-12-31")).any()


def test_status_and_kind_filters(package: Package) -> None:
    """The status filter narrows routes, the kind filter narrows events."""
    routes = rows_kept(package, "routes", filters.Selection(statuses=frozenset({"reported"})))
    events = rows_kept(package, "events", filters.Selection(kinds=frozenset({"denial"})))
    assert set(routes["status"]) == {"reported"}
    assert set(events["kind"]) == {"denial"}


def test_sources_are_those_the_kept_rows_cite(package: Package) -> None:
    """The filtered sources are exactly those cited by the kept events, routes and figures."""
    kept = filters.apply(
        package.tables, filters.Selection(countries=frozenset({"BGR"})), package.derived.lookup
    )
    cited = (
        set(kept["events"]["source_id"])
        | set(kept["routes"]["source_id"])
        | set(kept["figures"]["source_id"])
    )
    assert cited <= set(kept["sources"]["source_id"])
    assert len(kept["sources"]) < len(package.tables["sources"])


def test_date_span_covers_all_dated_rows(package: Package) -> None:
    """The default date range runs from the earliest to the latest date in the data."""
    span = filters.date_span(package.tables)
    assert span is not None
    assert span[0] <= package.tables["events"]["date"].min().date()
    assert span[1] >= package.tables["events"]["date"].max().date()


def test_the_rate_tables_sources_stay_in_every_selection(package: Package) -> None:
    """The rate table is never filtered, so the sources it cites stay too (the ZIP of a selection must load again)."""
    cited = set(package.tables["rates"]["source_id"])
    assert cited
    for selection in (filters.Selection(), filters.Selection(countries=frozenset({"BGR"}))):
        assert cited <= set(
            filters.apply(package.tables, selection, package.derived.lookup)["sources"]["source_id"]
        )
    assert len(filters.apply(package.tables, filters.Selection(), package.derived.lookup)["sources"]) == len(
        package.tables["sources"]
    )


def test_a_month_precision_date_stands_for_the_whole_month() -> None:
    """Mash's report, known only as February 2023, stays from 15 Feb 2023 on, and goes from 1 Mar 2023."""
    from datetime import date

    from dashboard.filters import Selection, apply, lookup

    tables = load_folder(DATA).tables
    mid_month = apply(tables, Selection(start=date(2023, 2, 15)), lookup(tables))
    assert "E04" in set(mid_month["events"]["event_id"])
    assert "R7" in set(mid_month["routes"]["route_id"])
    next_month = apply(tables, Selection(start=date(2023, 3, 1)), lookup(tables))
    assert "E04" not in set(next_month["events"]["event_id"])
