"""The shared selection and the one pure function every page filters with."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Selection:
    """What the reader chose in the sidebar. An empty set means no restriction."""

    countries: frozenset[str] = frozenset()
    start: date | None = None
    end: date | None = None
    statuses: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()

    def describe(self, names: Mapping[str, str]) -> list[str]:
        """The active filters as plain sentences, for a README or a caption."""
        lines = []
        if self.countries:
            lines.append("countries: " + ", ".join(sorted(names.get(c, c) for c in self.countries)))
        if self.start or self.end:
            lines.append(f"dates: {self.start or '…'} to {self.end or '…'}")
        if self.statuses:
            lines.append("route status: " + ", ".join(sorted(self.statuses)))
        if self.kinds:
            lines.append("event kind: " + ", ".join(sorted(self.kinds)))
        return lines or ["none (all rows)"]


Codes = tuple[frozenset[str], ...]


def _split(values: pd.Series, separator: str) -> list[frozenset[str]]:
    return [frozenset(str(v).split(separator)) if isinstance(v, str) else frozenset() for v in values]


def event_countries(frame: pd.DataFrame) -> Codes:
    """Per event, the countries it concerns and its actor's country."""
    actors = [{a} if isinstance(a, str) else set() for a in frame["actor_country"]]
    return tuple(c | a for c, a in zip(_split(frame["countries"], ";"), actors, strict=True))


def route_countries(frame: pd.DataFrame) -> Codes:
    """Per route, every country on its path."""
    return tuple(_split(frame["path"], ">"))


def figure_countries(frame: pd.DataFrame) -> Codes:
    """Per figure, its exporter and its destination."""
    return tuple(
        frozenset(v for v in pair if isinstance(v, str))
        for pair in zip(frame["exporter"], frame["destination"], strict=True)
    )


def citations(frame: pd.DataFrame) -> Codes:
    """Per row, the source ids it cites (primary and additional)."""
    primary = [{v} if isinstance(v, str) else set() for v in frame["source_id"]]
    if "also_source_ids" not in frame.columns:
        return tuple(frozenset(p) for p in primary)
    return tuple(a | p for p, a in zip(primary, _split(frame["also_source_ids"], ";"), strict=True))


@dataclass(frozen=True)
class Lookup:
    """What filtering needs from a package, worked out once per package: each row's countries and sources."""

    countries: Mapping[str, Codes]
    cites: Mapping[str, Codes]


FILTERED = ("events", "routes", "figures")


def lookup(tables: Mapping[str, pd.DataFrame]) -> Lookup:
    """Each event's, route's and figure's countries, and the sources each of them and each rate cites."""
    return Lookup(
        countries={
            "events": event_countries(tables["events"]),
            "routes": route_countries(tables["routes"]),
            "figures": figure_countries(tables["figures"]),
        },
        cites={name: citations(tables[name]) for name in (*FILTERED, "rates")},
    )


Mask = np.ndarray[Any, np.dtype[np.bool_]]


def _touching(codes: Codes, countries: frozenset[str]) -> Mask:
    return np.fromiter((not countries.isdisjoint(c) for c in codes), dtype=bool, count=len(codes))


def last_day(dates: pd.Series, precisions: pd.Series | None) -> pd.Series:
    """The last day each date can stand for: the month's or the year's end for a date known that far."""
    if precisions is None:
        return dates
    month, year = (precisions == "month").to_numpy(), (precisions == "year").to_numpy()
    if not (month.any() or year.any()):
        return dates
    ends = dates.copy()
    ends[month] = dates[month] + pd.offsets.MonthEnd(0)
    ends[year] = dates[year] + pd.offsets.YearEnd(0)
    return ends


def _in_range(dates: pd.Series, selection: Selection, precisions: pd.Series | None = None) -> Mask:
    """Dated rows whose time overlaps the range (a month-precision date is the whole month, never its
    1st); undated rows are kept (their date is unknown, not outside)."""
    keep = np.ones(len(dates), dtype=bool)
    if selection.start is not None:
        keep &= ~(last_day(dates, precisions) < pd.Timestamp(selection.start)).to_numpy()
    if selection.end is not None:
        keep &= ~(dates > pd.Timestamp(selection.end)).to_numpy()
    return keep


def _dated_rows(
    frame: pd.DataFrame,
    selection: Selection,
    countries: Codes,
    dated: str,
    column: str,
    chosen: frozenset[str],
) -> Mask:
    """Rows concerning a selected country, with `dated` in range, whose `column` value is `chosen`."""
    keep = _in_range(frame[dated], selection, frame[f"{dated}_precision"])
    if selection.countries:
        keep &= _touching(countries, selection.countries)
    if chosen:
        keep &= frame[column].isin(chosen).to_numpy()
    return keep


def event_mask(frame: pd.DataFrame, selection: Selection, countries: Codes) -> Mask:
    """Events concerning a selected country (or by an actor of one), dated in range, of a selected kind."""
    return _dated_rows(frame, selection, countries, "date", "kind", selection.kinds)


def route_mask(frame: pd.DataFrame, selection: Selection, countries: Codes) -> Mask:
    """Routes whose path touches a selected country, first reported in range, of a selected status."""
    return _dated_rows(frame, selection, countries, "first_reported", "status", selection.statuses)


def figure_mask(frame: pd.DataFrame, selection: Selection, countries: Codes) -> Mask:
    """Figures whose exporter or destination is selected and whose period overlaps the range."""
    keep = np.ones(len(frame), dtype=bool)
    if selection.countries:
        keep &= _touching(countries, selection.countries)
    if selection.end is not None:
        start = frame["period_start"].fillna(frame["period_end"])
        keep &= ~(start > pd.Timestamp(selection.end)).to_numpy()
    if selection.start is not None:
        end = frame["period_end"].fillna(frame["period_start"])
        keep &= ~(end < pd.Timestamp(selection.start)).to_numpy()
    return keep


def _rows(frame: pd.DataFrame, keep: Mask) -> pd.DataFrame:
    """The kept rows; the frame itself when every row is kept (nothing changes a table in place)."""
    return frame if keep.all() else frame.loc[keep]


def apply(tables: Mapping[str, pd.DataFrame], selection: Selection, found: Lookup) -> dict[str, pd.DataFrame]:
    """Every table filtered by `selection`; sources are those the kept rows cite; countries and rates all.

    `found` is `lookup(tables)`, which a package works out once when it loads (`Package.derived`).
    """
    masks = {
        "events": event_mask(tables["events"], selection, found.countries["events"]),
        "routes": route_mask(tables["routes"], selection, found.countries["routes"]),
        "figures": figure_mask(tables["figures"], selection, found.countries["figures"]),
    }
    kept = {name: _rows(tables[name], keep) for name, keep in masks.items()}
    cited: set[str] = set().union(*found.cites["rates"])  # the rate table is kept whole, with its sources
    for name, keep in masks.items():
        cited.update(*(ids for ids, kept_row in zip(found.cites[name], keep, strict=True) if kept_row))
    kept["rates"] = tables["rates"]
    sources = tables["sources"]
    kept["sources"] = _rows(sources, sources["source_id"].isin(cited).to_numpy())
    kept["countries"] = tables["countries"]
    return kept


def date_span(tables: Mapping[str, pd.DataFrame]) -> tuple[date, date] | None:
    """The first and last date anywhere in the events, routes and figure periods."""
    columns: Iterable[pd.Series] = (
        tables["events"]["date"],
        tables["routes"]["first_reported"],
        tables["figures"]["period_start"],
        tables["figures"]["period_end"],
    )
    dates = [value for column in columns for value in column.dropna()]
    if not dates:
        return None
    return min(dates).date(), max(dates).date()
