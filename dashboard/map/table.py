"""The routes as the map's text twin, and the column helpers its tables share."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from dashboard.map.legs import path_names
from dashboard.present.formats import date_texts, source_labels
from dashboard.present.tables import Table, first_rows
from dashboard.present.text import safe_links

ALT = "The routes of the map: path, status, claimant, first reported, source and link."
WIDTHS = {"path": "large", "note": "large"}


def _on_map(routes: pd.DataFrame, legs: pd.DataFrame) -> list[str]:
    """Whether each route is drawn: all its legs, some, or none."""
    located: dict[str, list[int]] = {}
    for path, ok in zip(legs["path"].tolist(), legs["located"].tolist(), strict=True):
        counts = located.setdefault(path, [0, 0])
        counts[0] += bool(ok)
        counts[1] += 1
    on_map = []
    for path in routes["path"].tolist():
        drawn, total = located.get(path, (-1, -2))  # no legs: neither all nor none drawn
        on_map.append(
            "yes"
            if drawn == total
            else "no: a stop has no location"
            if drawn == 0
            else "in part: a stop has no location"
        )
    return on_map


def routes_frame(
    routes: pd.DataFrame, legs: pd.DataFrame, sources: pd.DataFrame, names: Mapping[str, str]
) -> pd.DataFrame:
    """The routes in words: path in names, status, claimant, date, source with its link, whether drawn."""
    # Called with the rows the page lists (at most `tables.TABLE_ROWS`), so it works row by row in
    # plain Python; only the sources those routes cite are looked up.
    ids = routes["source_id"].tolist()
    cited = sources.loc[sources["source_id"].isin(set(ids)) & sources["url"].notna()]
    cited = cited.drop_duplicates("source_id")
    name_of = source_labels(cited)
    link_of = dict(zip(cited["source_id"], safe_links(cited["url"]), strict=True))
    return pd.DataFrame(
        {
            "route": routes["route_id"].tolist(),
            "path": path_names(routes["path"], names).tolist(),
            "status": routes["status"].tolist(),
            "claimant": routes["claimant"].tolist(),
            "first reported": date_texts(
                routes["first_reported"], routes["first_reported_precision"]
            ).tolist(),
            "goods": routes["goods"].fillna("").tolist(),
            "source": [name_of.get(i, i) for i in ids],
            "link": [link_of.get(i) for i in ids],
            "on the map": _on_map(routes, legs),
            "note": routes["note"].fillna("").tolist(),
        },
        dtype=object,
    )


def routes_table(
    routes: pd.DataFrame, legs: pd.DataFrame, sources: pd.DataFrame, names: Mapping[str, str]
) -> Table:
    """The routes table under the map: its first rows, saying so when some were left out."""
    listed, note = first_rows(routes)
    return Table(routes_frame(listed, legs, sources, names), note=note, widths=WIDTHS, alt=ALT)
