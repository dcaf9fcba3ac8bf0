"""The Exports page: every number with its basis, periods drawn as periods, never added up.

A figure is placed in exactly one of four places (see `placement`): a span on the time chart
(it has a number and a full period), the lineage of an estimate (it converts or restates
another figure), the list of claimed volumes (basis allegation), or the list of figures the
time axis cannot hold (no number or no full period). Money can be shown in another currency
with the sourced annual rates of `rates.csv` (`currency`). `build` returns all the page draws.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from dashboard.data import Package
from dashboard.exports import chart, currency, tables
from dashboard.exports.currency import PUBLISHED
from dashboard.exports.figures import placement, published_label, restatement_counts
from dashboard.exports.restatements import Lineage, lineage, lineage_table, notes_list
from dashboard.present.tables import Table

__all__ = [
    "PUBLISHED",
    "ExportsView",
    "Lineage",
    "Section",
    "build",
    "lineage",
    "placement",
    "published_label",
]

INTRO = (
    "Serbia's arms exports over time, beside the estimate of what reached Ukraine through third countries. "
    "Every number keeps its basis (licences issued, realized exports, estimate, projection, …) and its unit; "
    "numbers of different bases or units are never added up."
)


@dataclass(frozen=True, eq=False)
class Section:
    """A table's part of the page: its heading, then its intro, table and notes, or the text when it is empty."""

    heading: str
    intro: str
    empty: str
    table: Table
    empty_is_fine: bool = False  # an empty table is good news, said as a caption rather than a notice
    notes: str = ""  # Markdown under the table


# Each table's heading, intro, and what the page says when the selection has none of its rows.
LINEAGE = (
    "One estimate and its restatements",
    "The first row is the estimate; the rows under it convert or restate it. They are the same "
    "estimate, not new findings, and are never added up.",
    "No conversions or restatements match these filters.",
)
UNPLACED = (
    "Not on the time axis",
    "These figures have no full period or no number, so the chart does not place them at an invented date.",
    "Every figure in the selection with a number has a full period.",
)
CLAIMS = (
    "Claimed volumes (allegations)",
    "Volumes claimed by one party, in their own words. They are allegations, not measured "
    "quantities, so they are listed, not drawn on an axis.",
    "No claimed volumes match these filters.",
)


@dataclass(frozen=True, eq=False)
class ExportsView:
    """Everything the Exports page shows for one selection and currency."""

    intro: str
    currency: str  # the one shown: the reader's choice, or 'As published' when it has no rate
    currency_options: tuple[str, ...]
    currency_help: str
    no_rates: str  # the caption when only 'As published' is offered, else ''
    empty: str  # the notice when no figure matches (the page shows nothing else), else ''
    conversion: str
    chart_heading: str
    chart: go.Figure | None
    chart_empty: str
    chart_alt: str
    about_chart: str
    chart_table: Table
    lineage: Section
    unplaced: Section
    claims: Section
    rates_label: str
    rates: Table


def build(package: Package, selected: Mapping[str, pd.DataFrame], chosen: str | None) -> ExportsView:
    """The page for the `selected` figures and rates; money in `chosen` when it has rates, else as published."""
    figures, rates = selected["figures"], selected["rates"]
    sources, names = package.tables["sources"], package.derived.names
    options = currency.currency_options(rates)
    shown = chosen if chosen in options else PUBLISHED
    converted = currency.convert(figures, rates, shown)
    where = placement(converted)
    dated = converted.loc[where == "span"]
    spans = chart.latest_spans(dated)
    capped = len(dated) if len(dated) > len(spans) else 0
    family = lineage(figures, package.tables["figures"], sources, names)
    return ExportsView(
        intro=INTRO,
        currency=shown,
        currency_options=options,
        currency_help=currency.CURRENCY_HELP,
        no_rates=currency.NO_RATES if len(options) == 1 else "",
        empty="No figures match these filters." if figures.empty else "",
        conversion=currency.conversion_caption(converted, rates, sources, shown),
        chart_heading="Over time: each figure across the period it covers",
        chart=None if spans.empty else chart.figure(spans, sources, restatement_counts(figures), names),
        chart_empty="No figure with a number and a full period matches these filters.",
        chart_alt=chart.CHART_ALT,
        about_chart=chart.about_chart(package.meta.get("not_covered"), capped),
        chart_table=tables.chart_table(spans, len(dated), sources, shown, names),
        lineage=Section(*LINEAGE, lineage_table(family), notes=notes_list(family)),
        unplaced=Section(
            *UNPLACED,
            tables.unplaced_table(converted.loc[where == "unplaced"], sources, names),
            empty_is_fine=True,
        ),
        claims=Section(*CLAIMS, tables.claims_table(converted.loc[where == "claim"], sources, names)),
        rates_label="Rate table (used only when you choose EUR or USD)",
        rates=tables.rates_table(rates, sources),
    )
