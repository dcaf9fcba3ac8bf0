"""The value labels on the Exports chart: what each says, and whether it goes above or below its span."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from dashboard.exports.figures import cell_text, is_lower_bound, published_label
from dashboard.present.formats import CURRENCIES, format_value
from dashboard.present.labels import choose, crossings, text_px
from dashboard.present.text import plot_text

PLOT_PX = 800.0  # the plot's width the placer assumes


def label_trace(
    in_panel: Sequence[Mapping[str, Any]],
    restatements: Mapping[str, int],
    names: Mapping[str, str],
    scale: float,
    x_range: Sequence[str],
) -> dict[str, Any]:
    """Each span's short label at its middle, above or below (text only, no hover)."""
    text = [chart_label(r, restatements, names) for r in in_panel]
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


def chart_label(row: Mapping[str, Any], restatements: Mapping[str, int], names: Mapping[str, str]) -> str:
    """The short label on a span: id, value ('≈' when converted, 'more than' for a lower bound), destination."""
    bound = "more than " if is_lower_bound(row.get("value_text")) else ""
    if row.get("converted"):
        value = f"≈ {bound}{format_value(float(row['shown_value']), str(row['shown_unit']))}"
    else:
        value = published_label(row["value"], str(row["unit"]), row.get("value_text"))
    label = f"{row['figure_id']} {value}"
    if cell_text(row.get("destination")):
        label += f" → {names.get(str(row['destination']), row['destination'])}"
    count = restatements.get(str(row["figure_id"]), 0)
    if count:
        label += f" · {count} restatement{'s' if count != 1 else ''} below"
    return plot_text(label, 80)


def _days(moment: pd.Timestamp) -> float:
    """A time as a day number (proleptic Gregorian ordinal), for any year a date column can hold."""
    return moment.toordinal() + (moment - moment.normalize()) / pd.Timedelta(days=1)


def label_positions(
    rows: Sequence[Mapping[str, Any]], labels: Sequence[str], x_range: Sequence[str]
) -> list[str]:
    """Above or below each span of one panel, whichever keeps its label off the other labels and lines nearby.

    Placed greedily in order of start with the label's size estimated in data units (a
    plot `PLOT_PX` wide, the kit's `text_px` wide, 16 px per line of text). Ties go above.
    `rows` are records from `convert` with `_middle` (the middle of the period); times are
    compared in days.
    """
    # It counts the lines and labels a spot would touch: by the area covered (the kit's default cost)
    # a line, of no height, would weigh nothing, and F01's and F11's labels on the bundled data's EUR
    # panel would go above their lines, where they touch more.
    out = ["top center"] * len(rows)
    if not rows:
        return out
    first, last = (pd.Timestamp(x) for x in x_range[:2])
    days_per_px = (last - first).days / PLOT_PX
    order = sorted(range(len(rows)), key=lambda k: (rows[k]["period_start"], rows[k]["period_end"]))
    value = [float(rows[k]["shown_value"]) for k in order]
    unit = rows[0]["shown_unit"]
    units_per_px = 1.3 * max(abs(v) for v in value) / (210.0 if unit in CURRENCIES else 120.0)
    middle = [_days(rows[k]["_middle"]) for k in order]
    half = [text_px(labels[k]) / 2 * days_per_px for k in order]
    starts = [_days(rows[k]["period_start"]) for k in order]
    ends = [_days(rows[k]["period_end"]) for k in order]
    gap, height = 10 * units_per_px, 16 * units_per_px
    # What a label may touch: the spans' lines (its own set aside while it chooses), then the labels placed.
    count = len(order)
    taken = np.vstack([np.column_stack([starts, value, ends, value]), np.empty((count, 4))])
    for i, k in enumerate(order):
        left, right = middle[i] - half[i], middle[i] + half[i]
        spots = np.array(
            [[left, low, right, low + height] for low in (value[i] + gap, value[i] - gap - height)]
        )
        own, taken[i] = taken[i].copy(), np.nan
        spot = choose(spots, taken[: count + i], [0, 1], cost=crossings)
        taken[i] = own
        out[k] = ("top center", "bottom center")[spot]
        # Labels meeting only top to bottom don't collide (a line on a label's edge does): a placed
        # label keeps its box less one float step at top and bottom.
        _, low, _, high = spots[spot]
        taken[count + i] = [left, np.nextafter(low, np.inf), right, np.nextafter(high, -np.inf)]
    return out
