"""The Exports page: every number with its basis, periods drawn as periods, never added up.

A figure is placed in exactly one of four places (see `placement`): a span on the time chart
(it has a number and a full period), the lineage of an estimate (it converts or restates
another figure), the list of claimed volumes (basis allegation), or the list of figures the
time axis cannot hold (no number or no full period). Money can be shown in another currency
with the sourced annual rates of `rates.csv`; a converted value always says so, and counts,
people and ratios are never converted.

Large packages: the chart draws at most `MAX_SPANS` spans (the latest by period end) and
labels them only up to `MAX_LABELS`; tables hold at most `MAX_ROWS` rows. Nothing is
aggregated, because figures of different bases must not be combined; the page says when a
cap applies.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.present.formats import CURRENCIES, format_date, format_period, format_value, source_labels
from dashboard.present.text import SHORT, md_escape, one_line, readable, safe_url

PUBLISHED = "As published"
CURRENCY_OPTIONS = (PUBLISHED, *CURRENCIES)
MAX_SPANS = 300
MAX_LABELS = 40
MAX_ROWS = 2_000
MAX_NOTES = 50
HOVER_CHARS = 160
MONEY_SCALE = 1e6
CHART_ALT = (
    "Time chart: one horizontal line per figure from the start to the end of its period, "
    "one panel per unit, basis shown by colour, line pattern and marker."
)
LOWER_BOUND_MARKS = (">", "≥")
APPROXIMATE_MARKS = ("~", "≈")


@dataclass(frozen=True)
class BasisStyle:
    """How one basis is drawn: colour (Okabe–Ito), marker symbol and line pattern, so colour is never alone."""

    colour: str
    symbol: str
    dash: str
    meaning: str


BASIS_STYLES: dict[str, BasisStyle] = {
    "realized": BasisStyle("#009E73", "circle", "solid", "exports delivered"),
    "licence": BasisStyle("#0072B2", "square", "dash", "licences issued, not deliveries"),
    "projection": BasisStyle("#56B4E9", "triangle-up", "dot", "a forecast"),
    "estimate": BasisStyle("#D55E00", "diamond", "longdash", "estimated, not an official count"),
    "conversion": BasisStyle("#999999", "hexagon", "dashdot", "the same amount in another currency"),
    "statement": BasisStyle("#CC79A7", "star", "longdashdot", "stated by an official"),
    "allegation": BasisStyle("#E69F00", "x", "dot", "a claimed quantity"),
}
_FALLBACK_STYLE = BasisStyle("#999999", "circle", "solid", "")

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


def plot_text(text: object, limit: int | None = None) -> str:
    """Data shown in a plotly label or hover: its pseudo-HTML neutralised, so it shows literally."""
    flat = one_line(text, limit)
    return flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return "" if value is pd.NA or value is pd.NaT else str(value)


def is_lower_bound(value_text: object) -> bool:
    """Whether the published wording makes the value a lower bound ('>1.6 billion')."""
    return _text(value_text).strip().startswith(LOWER_BOUND_MARKS)


def published_label(value: float | None, unit: str, value_text: object = None) -> str:
    """The value as a reader should say it: 'more than USD 1.6 billion', 'about EUR 800 million'."""
    text = _text(value_text).strip()
    shown = format_value(value, unit, text or None)
    if value is None or pd.isna(value):
        return shown
    if text.startswith(LOWER_BOUND_MARKS):
        return f"more than {shown}"
    if text.startswith(APPROXIMATE_MARKS):
        return f"about {shown}"
    return shown


def currency_options(rates: pd.DataFrame) -> tuple[str, ...]:
    """The choices of the currency switch: only 'As published' when no sourced rate exists."""
    usable = rates.loc[rates["base"].isin(CURRENCIES) & rates["quote"].isin(CURRENCIES) & rates["rate"].gt(0)]
    return CURRENCY_OPTIONS if not usable.empty else (PUBLISHED,)


def rate_years(figures: pd.DataFrame) -> pd.DataFrame:
    """The year whose rate converts each figure, and why: period end, else publication, else period start.

    An open period ("since 2022") runs at least to the day it was published, so the
    publication year stands in for a missing end before the start year is used.
    """
    end = figures["period_end"].dt.year
    published = figures["published"].dt.year
    start = figures["period_start"].dt.year
    year = end.fillna(published).fillna(start)
    rule = np.select(
        [end.notna().to_numpy(), published.notna().to_numpy(), start.notna().to_numpy()],
        ["period end", "publication date", "period start"],
        default="",
    )
    return pd.DataFrame({"rate_year": year.astype("Int64"), "rate_rule": rule}, index=figures.index)


def _rates_by_year(
    rates: pd.DataFrame, target: str
) -> dict[tuple[int, str], tuple[float, str, str, str, bool]]:
    """(year, currency) -> (rate, source, base, quote, multiply) for converting into `target`.

    A rate quoted in `target` (the first one per year and currency) multiplies; else a rate
    based on `target` divides. Rates without a numeric year or a positive rate are not used.
    """
    direct: dict[tuple[int, str], tuple[float, str, str, str, bool]] = {}
    inverse: dict[tuple[int, str], tuple[float, str, str, str, bool]] = {}
    years = pd.to_numeric(rates["year"], errors="coerce")
    for year, rate, source, base, quote in zip(
        years, rates["rate"], rates["source_id"], rates["base"], rates["quote"], strict=True
    ):
        if pd.isna(year) or pd.isna(rate) or not rate > 0:
            continue
        if isinstance(quote, str) and quote == target:
            direct.setdefault((int(year), str(base)), (float(rate), str(source), str(base), str(quote), True))
        if isinstance(base, str) and base == target:
            inverse.setdefault(
                (int(year), str(quote)), (float(rate), str(source), str(base), str(quote), False)
            )
    return {**inverse, **direct}


def convert(figures: pd.DataFrame, rates: pd.DataFrame, target: str) -> pd.DataFrame:
    """`figures` with the value to show: money in `target` at the sourced annual rate, the rest as published.

    Added columns: shown_value, shown_unit, converted, rate, rate_pair ('USD per EUR'),
    rate_source, rate_year, rate_rule, missing_rate (money that could not be converted).
    A rate of `quote` per `base` multiplies a `base` amount and divides a `quote` amount.
    """
    years = rate_years(figures)
    values = figures["value"].astype(float).tolist()
    units = figures["unit"].tolist()
    count = len(values)
    shown, shown_unit = list(values), list(units)
    converted, missing = [False] * count, [False] * count
    rate: list[float] = [np.nan] * count
    pair, source = [""] * count, [""] * count
    if target in CURRENCIES and count:
        table = _rates_by_year(rates, target)
        for i, (value, unit, year) in enumerate(zip(values, units, years["rate_year"], strict=True)):
            if not isinstance(unit, str) or unit not in CURRENCIES or unit == target or pd.isna(value):
                continue
            found = table.get((-1 if pd.isna(year) else int(year), str(unit)))
            if found is None:
                missing[i] = True
                continue
            rate[i], source[i], base, quote, multiply = found
            shown[i] = value * rate[i] if multiply else value / rate[i]
            shown_unit[i], converted[i], pair[i] = target, True, f"{quote} per {base}"
    return figures.assign(
        rate_year=years["rate_year"],
        rate_rule=years["rate_rule"],
        shown_value=np.array(shown, dtype=float),
        shown_unit=shown_unit,
        converted=np.array(converted, dtype=bool),
        rate=np.array(rate, dtype=float),
        rate_pair=pair,
        rate_source=source,
        missing_rate=np.array(missing, dtype=bool),
    )


def shown_label(row: Mapping[str, Any]) -> str:
    """The value as shown, saying when it was converted and from what, or why it was not."""
    published = published_label(row["value"], str(row["unit"]), row.get("value_text"))
    if row.get("converted"):
        bound = "more than " if is_lower_bound(row.get("value_text")) else ""
        amount = format_value(float(row["shown_value"]), str(row["shown_unit"]))
        return (
            f"≈ {bound}{amount} (converted at {float(row['rate']):g} {row['rate_pair']}, the "
            f"{row['rate_year']} annual average, the year of the {row['rate_rule']}; published as {published})"
        )
    if row.get("missing_rate"):
        year = row.get("rate_year")
        if year is None or pd.isna(year):
            return f"{published} (not converted: no date to choose a rate by)"
        return f"{published} (not converted: no sourced {year} rate in this data package)"
    return published


def placement(figures: pd.DataFrame) -> pd.Series:
    """Where each figure goes: 'claim', 'restatement', 'span' (number and full period) or 'unplaced'."""
    claim = (figures["basis"] == "allegation").to_numpy()
    restatement = figures["derived_from"].notna().to_numpy() & ~claim
    span = (
        figures["period_start"].notna() & figures["period_end"].notna() & figures["value"].notna()
    ).to_numpy()
    return pd.Series(
        np.select([claim, restatement, span], ["claim", "restatement", "span"], default="unplaced"),
        index=figures.index,
    )


def unplaced_reason(row: Mapping[str, Any]) -> str:
    """Why a figure is listed instead of drawn on the time axis."""
    if row["value"] is None or pd.isna(row["value"]):
        return "only words, no number"
    start, end = row["period_start"], row["period_end"]
    if pd.isna(start) and pd.isna(end):
        return "no period given"
    return f"period not complete ({format_period(start, end)})"


def _cited(frame: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """The sources `frame` cites (looked up once, so a large package's other sources cost nothing)."""
    return sources.loc[sources["source_id"].isin(set(frame["source_id"]))]


def _published(frame: pd.DataFrame, sources: pd.DataFrame) -> list[str]:
    """The figure's publication date, else its source's (as precise as recorded), else 'not recorded'."""
    cited = _cited(frame, sources)
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


def route(frame: pd.DataFrame, names: Mapping[str, str] | None = None) -> list[str]:
    """'Serbia → Ukraine', or 'Serbia → all destinations' when the figure names none."""
    names = names or {}
    return [
        f"{names.get(exporter, exporter)} → "
        + (str(names.get(destination, destination)) if isinstance(destination, str) else "all destinations")
        for exporter, destination in zip(frame["exporter"], frame["destination"], strict=True)
    ]


def describe(
    frame: pd.DataFrame, sources: pd.DataFrame, names: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """The columns every Exports table shares: figure, value, as published, basis, period, what, route, source."""
    column = {
        name: frame[name].tolist()
        for name in ("figure_id", "value", "unit", "value_text", "period_start", "period_end", "source_id")
    }
    cited = _cited(frame, sources)
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
                _text(t) or format_value(v, u)
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
            "date": _published(frame, sources),
            "link": [links[url] for _, url in found],
            "note": [note if isinstance(note, str) else "" for note in frame["note"]],
        },
        index=frame.index,
    )


def _style(basis: str) -> BasisStyle:
    return BASIS_STYLES.get(basis, _FALLBACK_STYLE)


def _hover(row: Mapping[str, Any], label: str, publisher: str) -> str:
    lines = [
        f"{plot_text(row['figure_id'])} · {plot_text(row['metric'], HOVER_CHARS)}",
        plot_text(label, HOVER_CHARS),
        f"basis: {plot_text(row['basis'])} · {plot_text(format_period(row['period_start'], row['period_end']))}",
        f"source: {plot_text(publisher, HOVER_CHARS)}",
    ]
    return "<br>".join(lines)


def latest_spans(frame: pd.DataFrame) -> pd.DataFrame:
    """The spans the chart draws: all of them, or the `MAX_SPANS` latest by period end."""
    if len(frame) <= MAX_SPANS:
        return frame
    return frame.sort_values(["period_end", "period_start"], kind="stable").tail(MAX_SPANS)


def timeline_chart(
    spans: pd.DataFrame,
    sources: pd.DataFrame,
    restatements: Mapping[str, int] | None = None,
    names: Mapping[str, str] | None = None,
) -> go.Figure:
    """One horizontal span per figure, from period start to period end, in one panel per unit.

    `spans` comes from `convert`. Each span trace holds one basis in one panel; its points go
    start, middle, end, gap for each figure, so a trace never combines two figures' values.
    Converted values have open markers; a lower bound has an upward arrow at its middle.
    Labels sit in a text-only trace per panel (named "labels", one point per figure).
    The panels share one time axis; the layout is written out (not `make_subplots`), and the
    rows are read once into plain records, to keep the build cheap.
    """
    restatements = restatements or {}
    names = names or {}
    rows: list[dict[str, Any]] = spans.to_dict("records")  # type: ignore[assignment]
    units = [u for u in PANELS if u in {r["shown_unit"] for r in rows}]
    heights = [280 if u in CURRENCIES else 190 for u in units]
    gap = 70
    total = sum(heights) + gap * (len(units) - 1)
    publisher_of = source_labels(_cited(spans, sources))
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
            traces.append({**_label_trace(in_panel, restatements, names, scale, x_range), **axes})
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


def _days(moment: pd.Timestamp) -> float:
    """A time as a day number (proleptic Gregorian ordinal), for any year a date column can hold."""
    return moment.toordinal() + (moment - moment.normalize()) / pd.Timedelta(days=1)


def label_positions(
    rows: Sequence[Mapping[str, Any]], labels: Sequence[str], x_range: Sequence[str], width_px: float = 800.0
) -> list[str]:
    """Above or below each span of one panel, whichever keeps its label off the other labels and lines nearby.

    Placed greedily in order of start with the label's size estimated in data units (a
    plot about `width_px` wide, 7 px per character, 16 px per line of text). Ties go above.
    `rows` are records from `convert` with `_middle` (the middle of the period); times are
    compared in days.
    """
    out = ["top center"] * len(rows)
    if not rows:
        return out
    first, last = (pd.Timestamp(x) for x in x_range[:2])
    days_per_px = (last - first).days / width_px
    order = sorted(range(len(rows)), key=lambda k: (rows[k]["period_start"], rows[k]["period_end"]))
    value = [float(rows[k]["shown_value"]) for k in order]
    unit = rows[0]["shown_unit"]
    units_per_px = 1.3 * max(abs(v) for v in value) / (210.0 if unit in CURRENCIES else 120.0)
    middle = [_days(rows[k]["_middle"]) for k in order]
    half = [len(labels[k]) * 3.5 * days_per_px for k in order]
    left = [m - h for m, h in zip(middle, half, strict=True)]
    right = [m + h for m, h in zip(middle, half, strict=True)]
    starts = [_days(rows[k]["period_start"]) for k in order]
    ends = [_days(rows[k]["period_end"]) for k in order]
    gap, height = 10 * units_per_px, 16 * units_per_px
    placed: list[tuple[int, float, float]] = []
    for i, k in enumerate(order):
        best, fewest = "top center", None
        for position, low in (("top center", value[i] + gap), ("bottom center", value[i] - gap - height)):
            high = low + height
            lines = sum(
                1
                for j in range(len(value))
                if j != i and starts[j] <= right[i] and ends[j] >= left[i] and low <= value[j] <= high
            )
            texts = sum(
                1
                for j, other_low, other_high in placed
                if left[j] <= right[i] and right[j] >= left[i] and low < other_high and other_low < high
            )
            if fewest is None or lines + texts < fewest:
                best, fewest = position, lines + texts
        out[k] = best
        low = value[i] + gap if best == "top center" else value[i] - gap - height
        placed.append((i, low, low + height))
    return out


def date_range(spans: pd.DataFrame) -> list[str]:
    """The time axis: first start to last end, padded so the labels at either end stay readable."""
    first, last = spans["period_start"].min(), spans["period_end"].max()
    pad = max((last - first) * 0.15, pd.Timedelta(days=200))
    return [(first - pad).date().isoformat(), (last + pad).date().isoformat()]


def _span_trace(group: Sequence[Mapping[str, Any]], basis: str, scale: float, first: bool) -> dict[str, Any]:
    style = _style(basis)
    count = len(group)
    values = [float(r["shown_value"]) / scale for r in group]
    hovers = [_hover(r, shown_label(r), str(r["_publisher"])) for r in group]
    bounds = [is_lower_bound(r.get("value_text")) for r in group]
    symbol = [f"{style.symbol}-open" if r["converted"] else style.symbol for r in group]
    ids = [str(r["figure_id"]) for r in group]
    return dict(
        type="scatter",
        x=_interleave(
            [r["period_start"].date().isoformat() for r in group],
            [r["_middle"].isoformat() for r in group],
            [r["period_end"].date().isoformat() for r in group],
            None,
        ),
        y=_interleave(values, values, values, None),
        mode="lines+markers",
        name=f"{basis}: {style.meaning}" if style.meaning else basis,
        legendgroup=basis,
        showlegend=first,
        line={"color": style.colour, "width": 4, "dash": style.dash},
        marker={
            "color": style.colour,
            "size": _interleave([10] * count, [14 if b else 0 for b in bounds], [10] * count, 0),
            "symbol": _interleave(
                symbol,
                ["arrow-up" if b else s for b, s in zip(bounds, symbol, strict=True)],
                symbol,
                "circle",
            ),
            "line": {"color": style.colour, "width": 2},
        },
        hovertext=_interleave(hovers, hovers, hovers, ""),
        hoverinfo="text",
        customdata=_interleave(ids, ids, ids, ""),
        connectgaps=False,
    )


def _label_trace(
    in_panel: Sequence[Mapping[str, Any]],
    restatements: Mapping[str, int],
    names: Mapping[str, str],
    scale: float,
    x_range: Sequence[str],
) -> dict[str, Any]:
    """Each span's short label at its middle, above or below (text only, no hover)."""
    text = [_chart_label(r, restatements, names) for r in in_panel]
    return dict(
        type="scatter",
        x=[r["_middle"].isoformat() for r in in_panel],
        y=[float(r["shown_value"]) / scale for r in in_panel],
        mode="markers+text",
        marker={"size": 18, "opacity": 0},
        text=text,
        textposition=label_positions(in_panel, text, x_range),
        textfont={"size": 13},
        customdata=[str(r["figure_id"]) for r in in_panel],
        name="labels",
        showlegend=False,
        hoverinfo="skip",
    )


def _interleave(first: Sequence[Any], middle: Sequence[Any], last: Sequence[Any], gap: Any) -> list[Any]:
    """Per-point values in the start, middle, end, gap order of the span traces."""
    out: list[Any] = [gap] * (4 * len(first))
    out[0::4] = list(first)
    out[1::4] = list(middle)
    out[2::4] = list(last)
    return out


def _chart_label(row: Mapping[str, Any], restatements: Mapping[str, int], names: Mapping[str, str]) -> str:
    """The short label on a span: id, value ('≈' when converted, 'more than' for a lower bound), destination."""
    bound = "more than " if is_lower_bound(row.get("value_text")) else ""
    if row.get("converted"):
        value = f"≈ {bound}{format_value(float(row['shown_value']), str(row['shown_unit']))}"
    else:
        value = published_label(row["value"], str(row["unit"]), row.get("value_text"))
    label = f"{row['figure_id']} {value}"
    if _text(row.get("destination")):
        label += f" → {names.get(str(row['destination']), row['destination'])}"
    count = restatements.get(str(row["figure_id"]), 0)
    if count:
        label += f" · {count} restatement{'s' if count != 1 else ''} below"
    return plot_text(label, 80)


@dataclass(frozen=True)
class Lineage:
    """An estimate and the figures that convert or restate it, with their notes."""

    table: pd.DataFrame
    notes: list[str]
    total: int = 0


def lineage(
    selected: pd.DataFrame,
    all_figures: pd.DataFrame,
    sources: pd.DataFrame,
    names: Mapping[str, str] | None = None,
) -> Lineage:
    """Each origin (from the whole package) followed by its restatements in the selection, as published.

    `notes` holds one Markdown line per restatement with a note, escaped, so caveats such
    as a quoted 'at least' stay visible beside the numbers.
    """
    derived = selected.loc[selected["derived_from"].notna() & (selected["basis"] != "allegation")]
    if derived.empty:
        return Lineage(pd.DataFrame(), [])
    origins = all_figures.loc[all_figures["figure_id"].isin(set(derived["derived_from"]))]
    derived = derived.sort_values(
        ["derived_from", "published", "figure_id"], kind="stable", na_position="last"
    )
    ordered = pd.concat([origins, derived]).head(MAX_ROWS)
    ids = [str(v) for v in ordered["figure_id"]]
    parents = [v if isinstance(v, str) else None for v in ordered["derived_from"]]
    # Each origin, then what restates it: sorted by origin id, the origin first (a stable sort).
    order = sorted(range(len(ids)), key=lambda i: (parents[i] or ids[i], parents[i] is not None))
    ordered = ordered.iloc[order]
    kept = set(selected["figure_id"])
    role = [
        f"{basis} of {parents[i]}"
        if parents[i] is not None
        else "the estimate"
        if ids[i] in kept
        else "the estimate (outside the selection)"
        for i, basis in zip(order, ordered["basis"].astype(str), strict=True)
    ]
    table = describe(ordered, sources, names).reset_index(drop=True)
    table.insert(0, "role", role)
    notes = [
        f"**{md_escape(figure)}** ({md_escape(r)}; {md_escape(publisher)}, {md_escape(when)}): "
        f"{md_escape(note, SHORT)}"
        for figure, r, publisher, when, note in zip(
            table["figure"][:MAX_NOTES],
            role[:MAX_NOTES],
            table["publisher"][:MAX_NOTES],
            table["date"][:MAX_NOTES],
            table["note"][:MAX_NOTES],
            strict=True,
        )
        if note and not r.startswith("the estimate")
    ]
    return Lineage(readable(table), notes, len(origins) + len(derived))


def claims_table(
    claims: pd.DataFrame, sources: pd.DataFrame, names: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """Claimed volumes in their published words: a list, never a quantity on an axis."""
    table = describe(claims.head(MAX_ROWS), sources, names)
    return table.rename(columns={"as published": "claim, as worded", "what": "what is claimed"})[
        [
            "figure",
            "claim, as worded",
            "what is claimed",
            "route",
            "period",
            "publisher",
            "date",
            "link",
            "note",
        ]
    ].reset_index(drop=True)


def unplaced_table(
    unplaced: pd.DataFrame, sources: pd.DataFrame, names: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """Figures with no full period or no number, with the reason they are not on the time axis."""
    head = unplaced.head(MAX_ROWS)
    table = describe(head, sources, names)
    records: list[dict[str, Any]] = head.to_dict("records")  # type: ignore[assignment]
    table.insert(1, "not on the time axis because", [unplaced_reason(r) for r in records])
    return table.reset_index(drop=True)


def chart_table(
    spans: pd.DataFrame, sources: pd.DataFrame, currency: str, names: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """The chart's twin: one row per span, with the converted value when a currency is chosen."""
    table = describe(spans, sources, names)
    if currency != PUBLISHED:
        records: list[dict[str, Any]] = spans.to_dict("records")  # type: ignore[assignment]
        table.insert(3, f"shown in {currency}", [shown_label(r) for r in records])
    return table.reset_index(drop=True)


def rates_table(rates: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """The rate table as a reader sees it: year, rate, what it means, how it was made, its source."""
    head = rates.head(MAX_ROWS)
    cited = _cited(head, sources)
    labels = source_labels(cited)
    by_id = {str(i): (labels[str(i)], url) for i, url in zip(cited["source_id"], cited["url"], strict=True)}
    found = [(source, *by_id.get(source, (None, None))) for source in head["source_id"]]
    return pd.DataFrame(
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


def conversion_note(
    converted: pd.DataFrame, rates: pd.DataFrame, sources: pd.DataFrame, currency: str
) -> str:
    """Markdown: the conversion rule, the rates' source, and which shown money figures stayed as published."""
    if currency == PUBLISHED:
        return "Money is shown in the currency each source published it in."
    publishers = source_labels(_cited(rates, sources))
    cited: dict[str, list[str]] = {}
    for source_id in sorted(set(rates["source_id"])):
        cited.setdefault(publishers.get(str(source_id), str(source_id)), []).append(str(source_id))
    source_text = "; ".join(f"{name} ({', '.join(ids)})" for name, ids in cited.items())
    years = ", ".join(str(y) for y in sorted(set(rates["year"])))
    text = (
        f"Converted to {currency} at the annual average rate of the year the figure's period ends; "
        "for an open or missing end, the year it was published; failing that, the year its period starts. "
        f"Rates (see *Rate table*) for {md_escape(years, SHORT)}, from {md_escape(source_text, SHORT)}. "
        "Counts, people and ratios are never converted; restatements and claims are shown as published."
    )
    shown = placement(converted).isin(["span", "unplaced"])
    missing = converted.loc[converted["missing_rate"] & shown]
    if not missing.empty:
        items = ", ".join(
            f"{md_escape(fid)} ({'no date' if pd.isna(year) else md_escape(year)})"
            for fid, year in zip(missing["figure_id"].head(20), missing["rate_year"].head(20), strict=True)
        )
        more = f" and {len(missing) - 20} more" if len(missing) > 20 else ""
        text += f" **Not converted**, no sourced rate for their year: {items}{more}; they stay as published."
    return text


def about_chart(not_covered: object, capped: int = 0) -> str:
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


@dataclass(frozen=True)
class ExportsView:
    """Everything the Exports page shows for one selection and currency."""

    empty: bool
    chart: go.Figure | None
    chart_table: pd.DataFrame
    capped: int
    lineage: Lineage
    unplaced: pd.DataFrame
    claims: pd.DataFrame
    conversion: str
    rates: pd.DataFrame
    shortened: dict[str, str]


def shortened_note(total: int, shown: int, what: str) -> str:
    """'Showing 2,000 of 5,000 …' when a table or chart holds fewer rows than the selection, else ''."""
    return (
        f"Showing {shown:,} of {total:,} {what}; narrow the filters to see the rest." if total > shown else ""
    )


def build(
    figures: pd.DataFrame,
    all_figures: pd.DataFrame,
    sources: pd.DataFrame,
    rates: pd.DataFrame,
    currency: str,
    names: Mapping[str, str] | None = None,
) -> ExportsView:
    """The whole page's content: chart and twin, lineage, unplaced figures and claims."""
    if currency not in currency_options(rates):
        currency = PUBLISHED
    converted = convert(figures, rates, currency)
    where = placement(converted)
    spans_all = converted.loc[where == "span"]
    spans = latest_spans(spans_all)
    restated = figures.loc[
        figures["derived_from"].notna() & (figures["basis"] != "allegation"), "derived_from"
    ]
    counts = {str(k): int(v) for k, v in restated.value_counts().items()}
    unplaced = converted.loc[where == "unplaced"]
    claims = converted.loc[where == "claim"]
    family = lineage(figures, all_figures, sources, names)
    return ExportsView(
        empty=figures.empty,
        chart=timeline_chart(spans, sources, counts, names) if not spans.empty else None,
        chart_table=readable(chart_table(spans, sources, currency, names)),
        capped=len(spans_all) if len(spans_all) > len(spans) else 0,
        lineage=family,
        unplaced=readable(unplaced_table(unplaced, sources, names)),
        claims=readable(claims_table(claims, sources, names)),
        conversion=conversion_note(converted, rates, sources, currency),
        rates=readable(rates_table(rates, sources)),
        shortened={
            "chart": shortened_note(len(spans_all), len(spans), "dated figures (the latest by period end)"),
            "lineage": shortened_note(family.total, len(family.table), "rows of the lineage"),
            "unplaced": shortened_note(
                len(unplaced), min(len(unplaced), MAX_ROWS), "figures not on the time axis"
            ),
            "claims": shortened_note(len(claims), min(len(claims), MAX_ROWS), "claimed volumes"),
        },
    )
