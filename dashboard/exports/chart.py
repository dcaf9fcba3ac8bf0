"""The Exports time chart: one span per figure across the period it covers, one panel per unit.

It draws at most `MAX_SPANS` spans (the latest by period end) and labels them only up to
`MAX_LABELS`. Nothing is stacked or added up: figures of different bases must not be combined.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from dashboard.exports import chart_labels
from dashboard.exports.currency import shown_label
from dashboard.exports.figures import cited_sources, is_lower_bound
from dashboard.present import palette
from dashboard.present.formats import CURRENCIES, format_period, source_labels
from dashboard.present.text import SHORT, md_escape, plot_text
from dashboard.present.traces import with_gaps

MAX_SPANS = 300
MAX_LABELS = 40
HOVER_CHARS = 160
MONEY_SCALE = 1e6
CHART_ALT = (
    "Time chart: one horizontal line per figure from the start to the end of its period, "
    "one panel per unit, basis shown by colour, line pattern and marker."
)


@dataclass(frozen=True)
class BasisStyle:
    """How one basis is drawn: colour (Okabe–Ito), marker symbol and line pattern, so colour is never alone."""

    colour: str
    symbol: str
    dash: str
    meaning: str


BASIS_STYLES: dict[str, BasisStyle] = {
    "realized": BasisStyle(palette.BLUISH_GREEN, "circle", "solid", "exports delivered"),
    "licence": BasisStyle(palette.BLUE, "square", "dash", "licences issued, not deliveries"),
    "projection": BasisStyle(palette.SKY_BLUE, "triangle-up", "dot", "a forecast"),
    "estimate": BasisStyle(palette.VERMILION, "diamond", "longdash", "estimated, not an official count"),
    "conversion": BasisStyle(palette.GREY, "hexagon", "dashdot", "the same amount in another currency"),
    "statement": BasisStyle(palette.REDDISH_PURPLE, "star", "longdashdot", "stated by an official"),
    "allegation": BasisStyle(palette.ORANGE, "x", "dot", "a claimed quantity"),
}
FALLBACK_STYLE = BasisStyle(palette.GREY, "circle", "solid", "")

PANELS: dict[str, str] = {
    "USD": "Money in USD",
    "EUR": "Money in EUR",
    "count": "Counts",
    "people": "People",
    "ratio": "Ratios",
}
AXIS_TITLES = {
    "USD": "USD million",
    "EUR": "EUR million",
    "count": "count",
    "people": "people",
    "ratio": "ratio",
}


def latest_spans(frame: pd.DataFrame) -> pd.DataFrame:
    """The spans the chart draws: all of them, or the `MAX_SPANS` latest by period end."""
    if len(frame) <= MAX_SPANS:
        return frame
    return frame.sort_values(["period_end", "period_start"], kind="stable").tail(MAX_SPANS)


def figure(
    spans: pd.DataFrame, sources: pd.DataFrame, restatements: Mapping[str, int], names: Mapping[str, str]
) -> go.Figure:
    """One horizontal span per figure, from period start to period end, in one panel per unit.

    `spans` comes from `convert`. Each span trace holds one basis in one panel; its points go
    start, middle, end, gap for each figure, so a trace never combines two figures' values.
    Converted values have open markers; a lower bound has an upward arrow at its middle.
    Labels sit in a text-only trace per panel (named "labels", one point per figure).
    The panels share one time axis; the layout is written out (not `make_subplots`), and the
    rows are read once into plain records, to keep the build cheap.
    """
    rows: list[dict[str, Any]] = spans.to_dict("records")  # type: ignore[assignment]
    units = [u for u in PANELS if u in {r["shown_unit"] for r in rows}]
    heights = [280 if u in CURRENCIES else 190 for u in units]
    gap = 70
    total = sum(heights) + gap * (len(units) - 1)
    publisher_of = source_labels(cited_sources(spans, sources))
    for row in rows:
        publisher = publisher_of.get(row["source_id"])
        row["_publisher"] = publisher if isinstance(publisher, str) else row["source_id"]
        row["_middle"] = row["period_start"] + (row["period_end"] - row["period_start"]) / 2
    x_range = date_range(spans)
    traces: list[dict[str, Any]] = []
    layout: dict[str, Any] = {
        "height": 110 + total,
        "margin": {"l": 10, "r": 10, "t": 40, "b": 10},
        "hovermode": "closest",
        "showlegend": True,
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.04, "x": 0, "title": {"text": "Basis: "}},
        "annotations": [],
    }
    legend_done: set[str] = set()
    above = 0
    for panel, (unit, height) in enumerate(zip(units, heights, strict=True), start=1):
        in_panel = [r for r in rows if r["shown_unit"] == unit]
        scale = MONEY_SCALE if unit in CURRENCIES else 1.0
        suffix = "" if panel == 1 else str(panel)  # plotly's own names: x, y, then x2, y2, ...
        axes = {"xaxis": f"x{suffix}", "yaxis": f"y{suffix}"}
        present = {r["basis"] for r in in_panel}
        for basis in [b for b in BASIS_STYLES if b in present] + sorted(present - set(BASIS_STYLES)):
            group = [r for r in in_panel if r["basis"] == basis]
            traces.append({**_span_trace(group, basis, scale, basis not in legend_done), **axes})
            legend_done.add(basis)
        if len(rows) <= MAX_LABELS:
            traces.append({**chart_labels.label_trace(in_panel, restatements, names, scale, x_range), **axes})
        top = 1 - above / total
        bottom = top - height / total
        above += height + gap
        shown = [float(r["shown_value"]) for r in in_panel]
        highest = max(shown) / scale
        layout[f"yaxis{suffix}"] = {
            "domain": [max(bottom, 0.0), top],
            "anchor": f"x{suffix}",
            "title": {"text": AXIS_TITLES[unit]},
            "range": [min(0.0, min(shown) / scale), highest * 1.3 if highest > 0 else 1.0],
            "tickformat": ",",
            "tickprefix": "×" if unit == "ratio" else "",
        }
        layout[f"xaxis{suffix}"] = {
            "domain": [0.0, 1.0],
            "anchor": f"y{suffix}",
            "type": "date",
            "range": x_range,
            "showgrid": True,
            "showticklabels": panel == len(units),
            **({"matches": "x"} if panel > 1 else {}),
        }
        layout["annotations"].append(
            {
                "text": PANELS[unit],
                "x": 0.5,
                "y": top,
                "xref": "paper",
                "yref": "paper",
                "xanchor": "center",
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"size": 16},
            }
        )
    # Built from plain dicts and checked against plotly's schema by the tests, so the page skips
    # plotly's per-property validation (about 30 ms for this figure).
    return go.Figure(data=traces, layout=layout, _validate=False)


def date_range(spans: pd.DataFrame) -> list[str]:
    """The time axis: first start to last end, padded so the labels at either end stay readable."""
    first, last = spans["period_start"].min(), spans["period_end"].max()
    pad = max((last - first) * 0.15, pd.Timedelta(days=200))
    return [(first - pad).date().isoformat(), (last + pad).date().isoformat()]


def _hover(row: Mapping[str, Any], label: str, publisher: str) -> str:
    lines = [
        f"{plot_text(row['figure_id'])} · {plot_text(row['metric'], HOVER_CHARS)}",
        plot_text(label, HOVER_CHARS),
        f"basis: {plot_text(row['basis'])} · {plot_text(format_period(row['period_start'], row['period_end']))}",
        f"source: {plot_text(publisher, HOVER_CHARS)}",
    ]
    return "<br>".join(lines)


def _span_trace(group: Sequence[Mapping[str, Any]], basis: str, scale: float, first: bool) -> dict[str, Any]:
    style = BASIS_STYLES.get(basis, FALLBACK_STYLE)
    count = len(group)
    values = [float(r["shown_value"]) / scale for r in group]
    hovers = [_hover(r, shown_label(r), str(r["_publisher"])) for r in group]
    bounds = [is_lower_bound(r.get("value_text")) for r in group]
    symbol = [f"{style.symbol}-open" if r["converted"] else style.symbol for r in group]
    ids = [str(r["figure_id"]) for r in group]
    return dict(
        type="scatter",
        x=with_gaps(
            [r["period_start"].date().isoformat() for r in group],
            [r["_middle"].isoformat() for r in group],
            [r["period_end"].date().isoformat() for r in group],
        ),
        y=with_gaps(values, values, values),
        mode="lines+markers",
        name=f"{basis}: {style.meaning}" if style.meaning else basis,
        legendgroup=basis,
        showlegend=first,
        line={"color": style.colour, "width": 4, "dash": style.dash},
        marker={
            "color": style.colour,
            "size": with_gaps([10] * count, [14 if b else 0 for b in bounds], [10] * count, gap=0),
            "symbol": with_gaps(
                symbol,
                ["arrow-up" if b else s for b, s in zip(bounds, symbol, strict=True)],
                symbol,
                gap="circle",
            ),
            "line": {"color": style.colour, "width": 2},
        },
        hovertext=with_gaps(hovers, hovers, hovers, gap=""),
        hoverinfo="text",
        customdata=with_gaps(ids, ids, ids, gap=""),
        connectgaps=False,
    )


def about_chart(not_covered: object, capped: int) -> str:
    """Markdown for 'About this chart': how to read it, its caveats, and what the data does not cover."""
    lines = [
        "Each line is one figure, drawn from the first to the last day of the period it covers. "
        "Colour, line pattern and marker all give its basis, so a licence value and an estimate are "
        "never read as the same kind of number. Nothing is added up or stacked.",
        "- **Licence** values are licences issued, not deliveries; a **projection** is a forecast; "
        "**realized** exports were delivered.",
        "- A value published as a lower bound ('>') is marked *more than* and with an upward arrow.",
        "- Money, counts, people and ratios have separate panels; money is in millions. A value marked "
        "≈ with an open marker was converted with the rate table and says from what.",
        "- Conversions and restatements of an estimate are listed under the chart as one estimate with "
        "its restatements, not drawn as separate findings. Claimed volumes are listed as allegations.",
        "- Figures with no full period are listed, not placed on the time axis at an invented date.",
    ]
    if capped:
        lines.append(
            f"- This selection has {capped:,} dated figures; the chart draws the {MAX_SPANS} latest."
        )
    if isinstance(not_covered, list) and not_covered:
        lines.append("\n**Not covered by the data:**")
        lines.extend(f"- {md_escape(gap, SHORT)}" for gap in not_covered)
    lines.append("\nSources: the table under the chart links each figure to its source.")
    return "\n".join(lines)
