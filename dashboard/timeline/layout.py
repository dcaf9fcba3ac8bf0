"""The chart's frame: each row named inside the plot, every other country banded, fixed axes, key moments."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from dashboard.present.palette import BAND
from dashboard.present.text import plot_lines
from dashboard.timeline.moments import LINE_PX, Moment, marks
from dashboard.timeline.rows import Row, short_heading

ROW_PX = 40
ROW_LABEL_FONT = 11
ROW_LABEL_SHIFT = 12  # px from a row's middle up to its label's point: the text clears the 13 px markers


def row_px(rows: int) -> float:
    """How tall one row is drawn, in px: the plot is `max(rows, 3) * ROW_PX` tall."""
    return max(rows, 3) * ROW_PX / max(rows, 1)


def row_names(table: Sequence[Row], left: object) -> dict[str, Any]:
    """The rows' names at the left edge of the plot, as one text trace (it draws faster than one
    annotation per row): a country in bold across its heading row, a speaker just above the
    markers of its row. The trace takes no hover and no click (hoverinfo "skip")."""
    return {
        "type": "scatter",
        "mode": "text",
        "x": [left] * len(table),
        # Plotly sets "top" text right on its point: a speaker's point is ROW_LABEL_SHIFT px above the row
        # (a row is ROW_PX tall, or taller when the plot keeps its 3-row minimum).
        "y": [row.y if row.heading else row.y - ROW_LABEL_SHIFT / row_px(len(table)) for row in table],
        "text": [
            f"<b>{plot_lines(short_heading(row.country_name))}</b>" if row.heading else plot_lines(row.label)
            for row in table
        ],
        "textposition": ["middle right" if row.heading else "top right" for row in table],
        "textfont": {"size": ROW_LABEL_FONT},
        "hoverinfo": "skip",
        "showlegend": False,
        "name": "Row names",
        "meta": {"role": "row-names", "rows": ["country" if row.heading else "speaker" for row in table]},
    }


def layout(
    table: Sequence[Row], dates: tuple[pd.Timestamp, pd.Timestamp], moments: Sequence[Moment]
) -> dict[str, Any]:
    """The plotly layout: as tall as the rows, every other country banded, the moments marked, axes fixed."""
    first, last = dates
    pad = max((last - first) * 0.03, pd.Timedelta(days=20))
    x_range = (first - pad, last + pad)
    plot_px = max(len(table), 3) * ROW_PX
    moment_shapes, moment_labels, lines = marks(moments, x_range)
    # The bottom margin holds the date ticks (two lines where a year begins).
    top, bottom = 44 + LINE_PX * lines, 44
    bands: list[dict[str, Any]] = []
    countries = [row for row in table if row.heading]
    ends = [row.y - 1 for row in countries[1:]] + [len(table) - 1] if countries else []
    for heading, high in list(zip(countries, ends, strict=True))[::2]:  # every other country shaded
        bands.append(
            {
                "type": "rect",
                "xref": "paper",
                "x0": 0,
                "x1": 1,
                "yref": "y",
                "y0": heading.y - 0.5,
                "y1": high + 0.5,
                "fillcolor": BAND,
                "line": {"width": 0},
                "layer": "below",
            }
        )
    return {
        "height": plot_px + top + bottom,
        "margin": {"l": 8, "r": 20, "t": top, "b": bottom},
        "shapes": bands + moment_shapes,
        "annotations": moment_labels,
        "hovermode": "closest",
        # Dragging must not move the chart, and plotly lets a finger on the plot scroll the page only
        # with dragmode False. Streamlit 1.67 swaps a false dragmode for "pan" when the chart has
        # on_select, so the fixed axes below are what keep the chart still there.
        "dragmode": False,
        "xaxis": {
            "type": "date",
            "range": list(x_range),
            "showgrid": True,
            "fixedrange": True,
        },
        "yaxis": {
            "tickmode": "array",
            "tickvals": [row.y for row in table if not row.heading],
            "showticklabels": False,
            "range": [len(table) - 0.5, -0.5],
            "showgrid": True,
            "zeroline": False,
            "fixedrange": True,
        },
        "showlegend": False,
    }
