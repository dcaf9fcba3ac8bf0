"""The timeline chart: one marker per statement on its speaker's row, answers as arrows, key moments marked.

Every data value reaches plotly through the kit's `plot_lines`, so plotly shows it as typed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.present import palette
from dashboard.present.formats import format_date, pretty
from dashboard.present.palette import NEUTRAL
from dashboard.present.text import plot_lines
from dashboard.present.traces import with_gaps
from dashboard.timeline.hover import hover_texts
from dashboard.timeline.layout import layout, row_names
from dashboard.timeline.moments import Moment
from dashboard.timeline.rows import COARSE, Array, precisions, rows, spans

# Colour-blind-safe colours (dashboard.present.palette); every kind also has its own marker shape.
KIND_STYLE: dict[str, tuple[str, str]] = {
    "allegation": (palette.VERMILION, "diamond"),
    "denial": (palette.BLUE, "square"),
    "confirmation": (palette.BLUISH_GREEN, "triangle-up"),
    "acknowledgement": (palette.WINE, "triangle-down"),
    "report": (palette.ORANGE, "pentagon"),
    "official_statement": (palette.SKY_BLUE, "circle"),
    "leak": (palette.REDDISH_PURPLE, "star"),
    "policy": (palette.YELLOW, "cross"),
}
OTHER_STYLE = (palette.GREY, "circle")
CONFIDENCE_SYMBOL = {"high": "", "medium": "-open-dot", "low": "-open"}  # the fill of the kind's symbol
MAX_CHART_EVENTS = 2_000


def chart_events(events: pd.DataFrame) -> pd.DataFrame:
    """The events the chart draws: all of them, or the most recent MAX_CHART_EVENTS when there are more."""
    if len(events) <= MAX_CHART_EVENTS:
        return events
    return events.sort_values("date", kind="stable").iloc[-MAX_CHART_EVENTS:]


def chart_caption(drawn: int, total: int) -> str:
    """How to read the chart, and how many of the selection's statements it draws."""
    count = f"{drawn} of {total} statements in the selection are drawn" + (
        "" if drawn == total else " (the most recent; narrow the filters to see earlier ones)"
    )
    return (
        f"{count}. One row per speaker, grouped by country (full names on hover). Colour and shape give "
        "the kind; a filled marker is high confidence, an outline with a dot medium, a hollow marker low. "
        "A bar across a month marks a date known only to the month. Grey arrows run from a statement to "
        "its answer; dotted lines mark the key moments."
    )


def chart_alt(drawn: int) -> str:
    """The chart in words, for readers who cannot see it."""
    return (
        f"Timeline chart of {drawn} statements, one row per speaker grouped by country, kind shown by "
        "colour and shape. The table 'All statements in the selection' below lists the same statements."
    )


def _iso(dates: Array) -> Array:
    """Dates as ISO text, as short as exact (an object array; NaT as None)."""
    text: Array = np.datetime_as_string(dates, unit="auto").astype(object)
    text[np.isnat(dates)] = None
    return text


def chart(
    events: pd.DataFrame,
    names: Mapping[str, str],
    answers: Mapping[str, list[str]],
    moments: Sequence[Moment],
    picked: str | None,
) -> go.Figure:
    """The timeline of `events`, the event `picked` ringed (`answers`: event id -> the ids answering it).

    Colour and shape give the kind, the fill gives the confidence, a bar across the month
    (or year) marks a date known only that far. `customdata` of each marker is its event id.
    Speakers and countries are named inside the plot, just above their rows' markers, so the
    data keep the width on a phone. The chart neither pans nor zooms.
    """
    ids: Array = np.array([str(v) for v in events["event_id"].tolist()], dtype=object)
    precision = precisions(events)
    start = events["date"].to_numpy()
    end, middle = spans(start, precision)
    table, y = rows(events, names)
    x = _iso(middle)
    hover: Array = np.array(hover_texts(events, names, answers), dtype=object)
    inexact_text: Array = np.array(
        [
            ""
            if p not in COARSE
            else plot_lines(f"{format_date(d, p)}, {'day' if p == 'month' else 'month'} unknown")
            for d, p in zip(events["date"].tolist(), precision, strict=True)
        ],
        dtype=object,
    )
    kinds = [str(kind) for kind in events["kind"].tolist()]
    fills = [CONFIDENCE_SYMBOL.get(confidence, "-open") for confidence in events["confidence"].tolist()]
    styles = [KIND_STYLE.get(kind, OTHER_STYLE) for kind in kinds]
    colours = [colour for colour, _ in styles]
    data = [_answers_trace(ids, middle, y, events["responds_to"].tolist())]
    # A bar per inexact date, one trace per kind (a line trace has one colour).
    inexact: dict[str, list[int]] = {}
    for i, p in enumerate(precision):
        if p in COARSE:
            inexact.setdefault(kinds[i], []).append(i)
    for kind, members in inexact.items():
        at = np.array(members, dtype=np.int64)
        data.append(
            {
                "type": "scatter",
                "x": with_gaps(_iso(start[at]).tolist(), _iso(end[at]).tolist()),
                "y": with_gaps(y[at].tolist(), y[at].tolist()),
                "mode": "lines",
                "name": f"{pretty(kind)}: date known only to the month or year",
                "showlegend": False,
                "line": {"color": colours[members[0]], "width": 9},
                "opacity": 0.45,
                "hoverinfo": "skip",
                "meta": {"role": "date-span", "kind": kind},
                "customdata": with_gaps(ids[at].tolist(), ids[at].tolist()),
            }
        )
    # Every marker in one trace (plotly draws one trace of n points much faster than seven): colour
    # and shape give the kind, the fill of the symbol the confidence. The key is drawn outside the
    # chart (key.key_svg), which also keeps plotly's legend out of every redraw.
    data.append(
        {
            "type": "scatter",
            "x": x,
            "y": y.tolist(),
            "mode": "markers+text",
            "name": "Statements",
            "showlegend": False,
            "customdata": ids,
            "text": inexact_text,
            "textposition": "middle right",
            "textfont": {"size": 10, "color": NEUTRAL},
            "hovertext": hover,
            "hoverinfo": "text",
            "marker": {
                "color": colours,
                "symbol": [symbol + fill for (_, symbol), fill in zip(styles, fills, strict=True)],
                "size": 13,
                "line": {
                    "color": [
                        NEUTRAL if fill == "" else colour for colour, fill in zip(colours, fills, strict=True)
                    ],
                    "width": 2,
                },
            },
            "meta": {"role": "events", "kinds": kinds},
        }
    )
    if picked is not None and picked in ids:
        ring = ids.tolist().index(picked)
        data.append(
            {
                "type": "scatter",
                "x": [x[ring]],
                "y": [int(y[ring])],
                "mode": "markers",
                "name": "The event whose card is shown",
                "showlegend": False,
                "marker": {"symbol": "circle-open", "size": 26, "color": NEUTRAL, "line": {"width": 3}},
                "hoverinfo": "skip",
                "meta": {"role": "picked"},
            }
        )
    # With no event, both are NaT (so is the axis range).
    dates = (events["date"].min(), pd.Timestamp(end.max()) if len(end) else events["date"].max())
    frame = layout(table, dates, moments)
    data.append(row_names(table, frame["xaxis"]["range"][0]))
    # Plain dicts, checked against plotly's schema by the tests, so the page skips plotly's
    # per-property validation (most of this builder's time).
    return go.Figure(data=data, layout=frame, _validate=False)


def _answers_trace(ids: Array, middle: Array, y: Array, responds_to: Sequence[object]) -> dict[str, Any]:
    """Lines from each answered event to its answer, with an arrowhead halfway pointing at the answer."""
    position = {event_id: i for i, event_id in enumerate(ids.tolist())}
    pairs = [
        (position[target], i)
        for i, target in enumerate(responds_to)
        if isinstance(target, str) and target in position
    ]
    origin = np.array([a for a, _ in pairs], dtype=np.int64)
    answer = np.array([b for _, b in pairs], dtype=np.int64)
    halfway = middle[origin] + (middle[answer] - middle[origin]) / 2
    names = [f"{ids[a]}>{ids[b]}" for a, b in pairs]
    return {
        "type": "scatter",
        "x": with_gaps(_iso(middle[origin]).tolist(), _iso(halfway).tolist(), _iso(middle[answer]).tolist()),
        "y": with_gaps(y[origin].tolist(), ((y[origin] + y[answer]) / 2).tolist(), y[answer].tolist()),
        "mode": "lines+markers",
        "name": "Arrow: statement → its answer",
        "showlegend": False,
        "line": {"color": NEUTRAL, "width": 1.5},
        # Only the middle point of each line shows its marker: an arrowhead turned along the line.
        "marker": {
            "symbol": "arrow",
            "size": np.tile(np.array([0, 11, 0, 0], dtype=np.int64), len(pairs)) if pairs else 11,
            "angleref": "previous",
            "color": NEUTRAL,
        },
        "hoverinfo": "skip",
        "customdata": with_gaps(names, names, names),
        "meta": {"role": "answers"},
    }


def selected_event(state: Mapping[str, Any] | None) -> str | None:
    """The event id of the first selected marker in a plotly selection state, if any."""
    if not state:
        return None
    selection = state.get("selection") or {}
    for point in selection.get("points") or []:
        data = point.get("customdata")
        if isinstance(data, list | tuple):
            data = data[0] if data else None
        if isinstance(data, str) and ">" not in data:
            return data
    return None
