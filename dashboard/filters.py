"""The shared selection and the one pure function every page filters with."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

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


def _codes(values: pd.Series, separator: str) -> pd.Series:
    return values.fillna("").astype(str).str.split(separator)


def _touches(code_lists: pd.Series, countries: frozenset[str]) -> pd.Series:
    return code_lists.map(lambda codes: not countries.isdisjoint(codes)).astype(bool)


def _in_range(dates: pd.Series, selection: Selection) -> pd.Series:
    """Dated rows inside the range; undated rows are kept (their date is unknown, not outside)."""
    keep = pd.Series(True, index=dates.index)
    if selection.start is not None:
        keep &= ~(dates < pd.Timestamp(selection.start))
    if selection.end is not None:
        keep &= ~(dates > pd.Timestamp(selection.end))
    return keep


def events(frame: pd.DataFrame, selection: Selection) -> pd.DataFrame:
    """Events concerning a selected country (or by an actor of one), dated in range, of a selected kind."""
    keep = _in_range(frame["date"], selection)
    if selection.countries:
        codes = _codes(frame["countries"], ";") + frame["actor_country"].fillna("").map(lambda c: [c])
        keep &= _touches(codes, selection.countries)
    if selection.kinds:
        keep &= frame["kind"].isin(selection.kinds)
    return frame.loc[keep]


def routes(frame: pd.DataFrame, selection: Selection) -> pd.DataFrame:
    """Routes whose path touches a selected country, first reported in range, of a selected status."""
    keep = _in_range(frame["first_reported"], selection)
    if selection.countries:
        keep &= _touches(_codes(frame["path"], ">"), selection.countries)
    if selection.statuses:
        keep &= frame["status"].isin(selection.statuses)
    return frame.loc[keep]


def figures(frame: pd.DataFrame, selection: Selection) -> pd.DataFrame:
    """Figures whose exporter or destination is selected and whose period overlaps the range."""
    keep = pd.Series(True, index=frame.index)
    if selection.countries:
        parties = frame["exporter"].fillna("") + ";" + frame["destination"].fillna("")
        keep &= _touches(_codes(parties, ";"), selection.countries)
    start = frame["period_start"].fillna(frame["period_end"])
    end = frame["period_end"].fillna(frame["period_start"])
    if selection.end is not None:
        keep &= ~(start > pd.Timestamp(selection.end))
    if selection.start is not None:
        keep &= ~(end < pd.Timestamp(selection.start))
    return frame.loc[keep]


def cited_sources(sources: pd.DataFrame, *tables: pd.DataFrame) -> pd.DataFrame:
    """The sources cited by any row of `tables` (primary and additional source ids)."""
    cited: set[str] = set()
    for table in tables:
        cited.update(table["source_id"].dropna().astype(str))
        if "also_source_ids" in table.columns:
            for value in table["also_source_ids"].dropna():
                cited.update(str(value).split(";"))
    return sources.loc[sources["source_id"].isin(cited)]


def apply(tables: Mapping[str, pd.DataFrame], selection: Selection) -> dict[str, pd.DataFrame]:
    """Every table filtered by `selection`; sources are those the kept rows cite; countries and rates all."""
    kept = {
        "events": events(tables["events"], selection),
        "routes": routes(tables["routes"], selection),
        "figures": figures(tables["figures"], selection),
    }
    kept["rates"] = tables["rates"]
    kept["sources"] = cited_sources(tables["sources"], *kept.values())
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
