"""The Exports tables: the chart's twin, the figures not on the time axis, the claimed volumes, the rates.

Each lists at most `TABLE_ROWS` rows and says so when the selection has more.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from dashboard.exports.currency import PUBLISHED, shown_label
from dashboard.exports.figures import cell_text, cited_sources, published_label, unplaced_reason
from dashboard.present.formats import format_date, format_period, format_value, source_labels
from dashboard.present.tables import TABLE_ROWS, Table, cap_note
from dashboard.present.text import safe_url

WIDTHS = {"what": "medium", "note": "large"}  # every figures table: the long texts get the room


def publication_dates(frame: pd.DataFrame, sources: pd.DataFrame) -> list[str]:
    """The figure's publication date, else its source's (as precise as recorded), else 'not recorded'."""
    cited = cited_sources(frame, sources)
    dates = dict(zip(cited["source_id"], cited["published"], strict=True))
    precisions = dict(zip(cited["source_id"], cited["published_precision"], strict=True))
    out = []
    for own, source in zip(frame["published"], frame["source_id"], strict=True):
        theirs = dates.get(source)
        prec = precisions.get(source)
        if pd.notna(own):
            out.append(own.date().isoformat())
        elif pd.notna(theirs):
            out.append(format_date(theirs, prec if isinstance(prec, str) else "day"))
        else:
            out.append("not recorded")
    return out


def route(frame: pd.DataFrame, names: Mapping[str, str]) -> list[str]:
    """'Serbia → Ukraine', or 'Serbia → all destinations' when the figure names none."""
    return [
        f"{names.get(exporter, exporter)} → "
        + (str(names.get(destination, destination)) if isinstance(destination, str) else "all destinations")
        for exporter, destination in zip(frame["exporter"], frame["destination"], strict=True)
    ]


def figures_table(frame: pd.DataFrame, sources: pd.DataFrame, names: Mapping[str, str]) -> pd.DataFrame:
    """Figures as the rows of an Exports table: figure, value, as published, basis, period, what, route, source."""
    column = {
        name: frame[name].tolist()
        for name in ("figure_id", "value", "unit", "value_text", "period_start", "period_end", "source_id")
    }
    cited = cited_sources(frame, sources)
    labels = source_labels(cited)
    by_id = {str(i): (labels[str(i)], url) for i, url in zip(cited["source_id"], cited["url"], strict=True)}
    found = [by_id.get(source, (None, None)) for source in column["source_id"]]
    links = {url: safe_url(url) for _, url in found}
    return pd.DataFrame(
        {
            "figure": column["figure_id"],
            "value": [
                published_label(v, u, t)
                for v, u, t in zip(column["value"], column["unit"], column["value_text"], strict=True)
            ],
            "as published": [
                cell_text(t) or format_value(v, u)
                for t, v, u in zip(column["value_text"], column["value"], column["unit"], strict=True)
            ],
            "basis": frame["basis"].tolist(),
            "period": [
                format_period(s, e) for s, e in zip(column["period_start"], column["period_end"], strict=True)
            ],
            "what": frame["metric"].tolist(),
            "route": route(frame, names),
            "publisher": [
                publisher if isinstance(publisher, str) else source
                for (publisher, _), source in zip(found, column["source_id"], strict=True)
            ],
            "date": publication_dates(frame, sources),
            "link": [links[url] for _, url in found],
            "note": [note if isinstance(note, str) else "" for note in frame["note"]],
        },
        index=frame.index,
    )


def chart_table(
    spans: pd.DataFrame, total: int, sources: pd.DataFrame, currency: str, names: Mapping[str, str]
) -> Table:
    """The chart's twin: one row per span drawn (of `total`), with the converted value when a currency is chosen."""
    table = figures_table(spans, sources, names)
    if currency != PUBLISHED:
        records: list[dict[str, Any]] = spans.to_dict("records")  # type: ignore[assignment]
        table.insert(3, f"shown in {currency}", [shown_label(r) for r in records])
    return Table(
        table.reset_index(drop=True),
        note=cap_note(len(spans), total, "dated figures (the latest by period end)"),
        widths=WIDTHS,
        key="exports_table",
    )


def unplaced_table(unplaced: pd.DataFrame, sources: pd.DataFrame, names: Mapping[str, str]) -> Table:
    """Figures with no full period or no number, with the reason they are not on the time axis."""
    head = unplaced.head(TABLE_ROWS)
    table = figures_table(head, sources, names)
    records: list[dict[str, Any]] = head.to_dict("records")  # type: ignore[assignment]
    table.insert(1, "not on the time axis because", [unplaced_reason(r) for r in records])
    return Table(
        table.reset_index(drop=True),
        note=cap_note(len(head), len(unplaced), "figures not on the time axis"),
        widths=WIDTHS,
        key="exports_unplaced",
    )


def claims_table(claims: pd.DataFrame, sources: pd.DataFrame, names: Mapping[str, str]) -> Table:
    """Claimed volumes in their published words: a list, never a quantity on an axis."""
    head = claims.head(TABLE_ROWS)
    table = figures_table(head, sources, names).rename(
        columns={"as published": "claim, as worded", "what": "what is claimed"}
    )
    columns = ["figure", "claim, as worded", "what is claimed", "route", "period", "publisher", "date"]
    return Table(
        table[[*columns, "link", "note"]].reset_index(drop=True),
        note=cap_note(len(head), len(claims), "claimed volumes"),
        widths=WIDTHS,
        key="exports_claims",
    )


def rates_table(rates: pd.DataFrame, sources: pd.DataFrame) -> Table:
    """The rate table as a reader sees it: year, rate, what it means, how it was made, its source."""
    head = rates.head(TABLE_ROWS)
    cited = cited_sources(head, sources)
    labels = source_labels(cited)
    by_id = {str(i): (labels[str(i)], url) for i, url in zip(cited["source_id"], cited["url"], strict=True)}
    found = [(source, *by_id.get(source, (None, None))) for source in head["source_id"]]
    frame = pd.DataFrame(
        {
            "year": head["year"].tolist(),
            "rate": head["rate"].tolist(),
            "meaning": [f"{q} per {b}" for q, b in zip(head["quote"], head["base"], strict=True)],
            "method": head["method"].tolist(),
            "source": [
                f"{publisher if isinstance(publisher, str) else source} ({source})"
                for source, publisher, _ in found
            ],
            "note": [note if isinstance(note, str) else "" for note in head["note"]],
            "link": [safe_url(url) if isinstance(url, str) else None for _, _, url in found],
        }
    )
    return Table(frame, decimals={"rate": 4}, key="exports_rates")
