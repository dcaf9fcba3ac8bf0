"""The routes as the map's text twin, and the column helpers its tables share."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from dashboard.map.legs import path_names
from dashboard.present.formats import format_date, source_labels
from dashboard.present.tables import Table, first_rows
from dashboard.present.text import safe_url

ALT = "The routes of the map: path, status, claimant, first reported, source and link."
WIDTHS = {"path": "large", "note": "large"}


def date_texts(dates: pd.Series, precisions: pd.Series) -> pd.Series:
    """Dates as far as known ('2025-05-29', '2023-02', '2023'), for a whole column at once."""
    precision = precisions.reindex(dates.index)
    texts = [
        format_date(date, kind if isinstance(kind, str) else "day")
        for date, kind in zip(dates, precision, strict=True)
    ]
    return pd.Series(texts, index=dates.index, dtype=object)


# A strict subset of what `safe_url` accepts: http(s), an ASCII host and optional port, then printable
# ASCII only. Such an address cannot hold a space, a control, a bracket or a non-ASCII character, so
# `safe_url` would return it unchanged; every other address still goes through `safe_url` itself.
_PLAIN_HTTP = r"https?://[A-Za-z0-9.-]+(:[0-9]+)?([/?#][!-~]*)?"


def safe_links(urls: pd.Series) -> pd.Series:
    """`safe_url` of each address (None for anything but http(s)), fast for plain addresses."""
    text = urls.astype(object).where(urls.notna(), "").astype(str)
    plain_http = text.str.fullmatch(_PLAIN_HTTP).fillna(False).astype(bool)
    links = [url if ok else safe_url(url) for url, ok in zip(text.tolist(), plain_http.tolist(), strict=True)]
    return pd.Series(links, index=urls.index, dtype=object)


def records(frame: pd.DataFrame, columns: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """The rows of `frame` (or of its `columns`) as dicts of Python values, without pandas' per-row cost."""
    names = list(frame.columns if columns is None else columns)
    return [
        dict(zip(names, row, strict=True)) for row in zip(*(frame[c].tolist() for c in names), strict=True)
    ]


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
