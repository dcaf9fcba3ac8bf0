"""The statements timeline: who said what, when, and what answered it (figure, card and table).

Everything a data value contributes to the figure passes through `plain`, so plotly shows it
as typed: its pseudo-HTML (`<b>`, `<br>`), LaTeX (`$…$`) and entities are not interpreted.
"""

from __future__ import annotations

import bisect
import html
import itertools
import re
import textwrap
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, cast

import numpy as np
import numpy.typing as npt
import pandas as pd
import plotly.graph_objects as go

from dashboard.present.formats import format_date, pretty, source_labels
from dashboard.present.text import md_escape, readable, safe_url, shorten, visible_controls

# Okabe–Ito colours (colour-blind safe); every kind also has its own marker shape.
KIND_STYLE: dict[str, tuple[str, str]] = {
    "allegation": ("#D55E00", "diamond"),
    "denial": ("#0072B2", "square"),
    "confirmation": ("#009E73", "triangle-up"),
    "acknowledgement": ("#882255", "triangle-down"),
    "report": ("#E69F00", "pentagon"),
    "official_statement": ("#56B4E9", "circle"),
    "leak": ("#CC79A7", "star"),
    "policy": ("#F0E442", "cross"),
}
OTHER_STYLE = ("#999999", "circle")
COLOUR_NAMES = {
    "#D55E00": "vermilion",
    "#0072B2": "blue",
    "#009E73": "bluish green",
    "#882255": "wine",
    "#E69F00": "orange",
    "#56B4E9": "sky blue",
    "#CC79A7": "reddish purple",
    "#F0E442": "yellow",
    "#999999": "grey",
}
CONFIDENCE_SYMBOL = {"high": "", "medium": "-open-dot", "low": "-open"}
CONFIDENCE_WORDS = {
    "high": "filled",
    "medium": "outline, dot",
    "low": "hollow",
}
NEUTRAL = "rgba(128, 128, 128, 0.85)"
BAND = "rgba(128, 128, 128, 0.09)"
KEY_MOMENT_COLUMN = "key_moment"
KEY_MOMENT_KINDS = ("leak", "policy")
CLAIM_KINDS = ("allegation", "report", "leak")
COARSE = ("month", "year")  # drawn as a bar over the month or year; an approximate day stays a point
MAX_CHART_EVENTS = 2_000
MAX_TABLE_ROWS = 5_000
MAX_LABEL_CHARS = 28
MAX_HEADING_CHARS = 40
LABEL_PLOT_PX = 320  # about a phone's plot width: labels placed for it fit any wider plot
LABEL_CHAR_PX = 6.0
HOVER_SUMMARY_CHARS = 320
HOVER_LINE_CHARS = 60
TABLE_COLUMNS = (
    "event_id",
    "date",
    "date_precision",
    "actor",
    "kind",
    "summary",
    "confidence",
    "responds_to",
    "actor_country",
    "source_id",
)
HOVER_COLUMNS = (
    "event_id",
    "date",
    "date_precision",
    "actor",
    "actor_country",
    "kind",
    "confidence",
    "summary",
    "responds_to",
)
MENTION_CHARS = 400
ROW_PX = 40
ROW_LABEL_FONT = 11
ROW_LABEL_SHIFT = 12  # px from a row's middle up to its label's point: the text clears the 13 px markers
MERGE_MOMENTS_DAYS = 3
MAX_MOMENTS = 12

Array = npt.NDArray[Any]


def plain(value: object) -> str:
    """`value` as literal plotly text: no tags, entities, LaTeX or bidi overrides take effect."""
    text: str = visible_controls(html.escape(str(value), quote=False))
    return text.replace("$", "&#36;")


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of `frame` as dicts keyed by column name."""
    return cast(list[dict[str, Any]], frame.to_dict("records"))


_PARENTHESES = re.compile(r"\s*\([^()]*\)")
_WORD_PARTS = textwrap.TextWrapper.wordsep_re


def short_actor(actor: object) -> str:
    """A short row label: parentheses and the tail after the first comma dropped, then cut."""
    full = " ".join(str(actor).split())
    short = _PARENTHESES.sub("", full).split(", ")[0].strip() or full
    if len(short) > MAX_LABEL_CHARS:
        short = short[: MAX_LABEL_CHARS - 1].rstrip() + "…"
    return short


def short_heading(name: object) -> str:
    """A country name for a heading row, cut at MAX_HEADING_CHARS."""
    text = " ".join(str(name).split())
    return text if len(text) <= MAX_HEADING_CHARS else text[: MAX_HEADING_CHARS - 1].rstrip() + "…"


def chart_events(events: pd.DataFrame) -> pd.DataFrame:
    """The events the chart draws: all of them, or the most recent MAX_CHART_EVENTS when there are more."""
    if len(events) <= MAX_CHART_EVENTS:
        return events
    return events.sort_values("date", kind="stable").iloc[-MAX_CHART_EVENTS:]


def _precisions(events: pd.DataFrame) -> list[str]:
    """How much of each date is known ('day' when not given)."""
    return [p if isinstance(p, str) else "day" for p in events["date_precision"].tolist()]


def _spans(start: Array, precision: Sequence[str]) -> tuple[Array, Array]:
    """End (exclusive) and middle of the time each start date stands for."""
    coarse = np.asarray(precision, dtype=object)
    month, year = coarse == "month", coarse == "year"
    end = start + np.timedelta64(1, "D")
    end = np.where(month, (start.astype("datetime64[M]") + 1).astype(start.dtype), end)
    end = np.where(year, (start.astype("datetime64[Y]") + 1).astype(start.dtype), end)
    return end, np.where(month | year, start + (end - start) / 2, start)


class Row(NamedTuple):
    """One row of the chart: a country's heading, or one (short-named) speaker of that country."""

    country: str
    country_name: str
    label: str
    heading: bool
    y: int


def _countries(events: pd.DataFrame) -> list[str]:
    countries: list[str] = events["actor_country"].fillna("").astype(str).tolist()
    return countries


def _short_actors(actors: Sequence[object]) -> list[str]:
    """`short_actor` of each actor, computed once per distinct name."""
    short = {actor: short_actor(actor) for actor in set(actors)}
    return [short[actor] for actor in actors]


def _rows(
    countries: Sequence[str], labels: Sequence[str], days: Sequence[int], names: Mapping[str, str]
) -> list[Row]:
    """The rows `rows` describes, from each event's country, short actor and day (as a number)."""
    size: dict[str, int] = {}
    first: dict[str, int] = {}
    spoke: dict[tuple[str, str], int] = {}
    for country, label, day in zip(countries, labels, days, strict=True):
        size[country] = size.get(country, 0) + 1
        first[country] = min(first.get(country, day), day)
        spoke[country, label] = min(spoke.get((country, label), day), day)
    name = {code: names.get(code, code) or "unknown" for code in size}
    order = sorted(size, key=lambda code: (-size[code], first[code], name[code]))
    rank = {code: i for i, code in enumerate(order)}
    speakers: dict[str, list[str]] = {code: [] for code in order}
    for country, label in sorted(spoke, key=lambda key: (rank[key[0]], spoke[key], key[1])):
        speakers[country].append(label)
    table: list[Row] = []
    for code in order:
        table.append(Row(code, name[code], "", True, len(table)))
        table += [
            Row(code, name[code], label, False, len(table) + i) for i, label in enumerate(speakers[code])
        ]
    return table


def rows(events: pd.DataFrame, names: Mapping[str, str]) -> pd.DataFrame:
    """The chart's rows: per actor country a heading row, then one row per (short) actor.

    Countries with most events come first; within a country, the actor who spoke first.
    Returns the columns country, country_name, label ('' on a heading row), heading and y
    (0 at the top).
    """
    days = events["date"].to_numpy().astype("int64")
    table = _rows(_countries(events), _short_actors(events["actor"].tolist()), days.tolist(), names)
    return pd.DataFrame(table, columns=list(Row._fields)).astype({"heading": bool})


def _values(column: pd.Series) -> list[Any]:
    """The values of a column, a missing one as None."""
    return [
        value if given else None
        for value, given in zip(column.tolist(), column.notna().tolist(), strict=True)
    ]


def answered_by(all_events: pd.DataFrame, ids: Collection[str] | None = None) -> dict[str, list[str]]:
    """Event id (of `ids`, or of all) -> the ids of the events that answer it, in file order."""
    out: dict[str, list[str]] = {}
    for target, event_id in zip(
        _values(all_events["responds_to"]), all_events["event_id"].tolist(), strict=True
    ):
        if target is not None and (ids is None or target in ids):
            out.setdefault(str(target), []).append(str(event_id))
    return out


def _lines(text: str, width: int = HOVER_LINE_CHARS) -> list[str]:
    """The lines of `textwrap.wrap(text, width)`, found fast when single spaces separate the words.

    Each line ends at the last place within `width` where textwrap may break: before a space
    or, inside a hyphenated word, where textwrap's own pattern splits it. Other whitespace or
    a word longer than `width` leaves the text to textwrap.
    """
    if not text:
        return []
    words = text.split(" ")
    if "  " in text or text != text.strip() or not text.isprintable() or max(map(len, words)) > width:
        return textwrap.wrap(text, width)
    hyphens: list[int] = []
    if "-" in text:
        offset = 0
        for word in words:
            if "-" in word:
                parts = [part for part in _WORD_PARTS.split(word) if part]
                hyphens += [offset + end for end in itertools.accumulate(map(len, parts[:-1]))]
            offset += len(word) + 1
    lines: list[str] = []
    start = 0
    while len(text) - start > width:
        space = text.rfind(" ", start, start + width + 1)
        before = bisect.bisect_right(hyphens, start + width)
        end = max(space, hyphens[before - 1] if before else -1)
        lines.append(text[start:end])
        start = end + 1 if end == space else end
    lines.append(text[start:])
    return lines


def _wrap(text: str) -> str:
    # No line holds a newline and `plain` rewrites character by character, so one call does them all.
    return plain("\n".join(_lines(text))).replace("\n", "<br>")


def hover_texts(
    events: pd.DataFrame, names: Mapping[str, str], answers: Mapping[str, list[str]]
) -> list[str]:
    """The hover text of every event: plain text, line breaks added here only."""
    columns = {column: events[column].tolist() for column in HOVER_COLUMNS}
    speakers = {
        (actor, country): f"{_wrap(str(actor))} ({plain(names.get(country, country))})"
        for actor, country in set(zip(columns["actor"], columns["actor_country"], strict=True))
    }
    styles = {
        (kind, confidence): plain(f"{pretty(kind)} · confidence {confidence}")
        for kind, confidence in set(zip(columns["kind"], columns["confidence"], strict=True))
    }
    texts = []
    for event_id, date, precision, actor, country, kind, confidence, summary, responds_to in zip(
        *columns.values(), strict=True
    ):
        when = format_date(date, precision)
        if precision in COARSE:
            when += f" (only the {precision} is known)"
        lines = [
            plain(f"{event_id} · {when}"),
            speakers[actor, country],
            styles[kind, confidence],
            _wrap(shorten(" ".join(str(summary).split()), HOVER_SUMMARY_CHARS)),
        ]
        if isinstance(responds_to, str):
            lines.append(f"Answers {plain(responds_to)}")
        if replies := answers.get(str(event_id)):
            lines.append("Answered by " + plain(", ".join(replies)))
        texts.append("<br>".join(lines))
    return texts


@dataclass(frozen=True)
class Moment:
    """A reference mark on the time axis: when (to `end`, exclusive), what it says, which events it marks."""

    date: pd.Timestamp
    end: pd.Timestamp
    label: str
    event_ids: tuple[str, ...]


def key_moments(all_events: pd.DataFrame) -> list[Moment]:
    """The key moments of the story, from the data.

    When events.csv has a `key_moment` column, the events with a value in it are the
    moments and the value is the label. Otherwise they are every leak and policy act,
    and every allegation, report or leak that drew an answer without answering anything
    itself. Moments at most MERGE_MOMENTS_DAYS apart share one mark, labelled by the
    first; with more than MAX_MOMENTS marks, those standing for most events are kept.
    """
    ids = [str(event_id) for event_id in all_events["event_id"].tolist()]
    kinds = all_events["kind"].tolist()
    labels = (
        [None if label is None else str(label) for label in _values(all_events[KEY_MOMENT_COLUMN])]
        if KEY_MOMENT_COLUMN in all_events.columns
        else [None] * len(ids)
    )
    if any(label is not None for label in labels):
        chosen = [i for i, label in enumerate(labels) if label is not None]
    else:
        targets = _values(all_events["responds_to"])
        answered = set(targets) - {None}
        chosen = [
            i
            for i, (event_id, kind, target) in enumerate(
                zip(all_events["event_id"].tolist(), kinds, targets, strict=True)
            )
            if kind in KEY_MOMENT_KINDS or (kind in CLAIM_KINDS and target is None and event_id in answered)
        ]
    if not chosen:
        return []
    dates = all_events["date"].to_numpy()
    precision = _precisions(all_events)
    ordered = np.array(chosen)[np.argsort(dates[chosen], kind="stable")]
    starts = np.flatnonzero(np.diff(dates[ordered]) > np.timedelta64(MERGE_MOMENTS_DAYS, "D")) + 1
    firsts = ordered[np.r_[0, starts]]
    ends, _ = _spans(dates[firsts], [precision[i] for i in firsts])
    actors = all_events["actor"].tolist()
    moments = []
    for first, end, group in zip(firsts.tolist(), ends, np.split(ordered, starts), strict=True):
        label = labels[first] or f"{pretty(kinds[first])}: {short_actor(actors[first])}"
        if len(label) > MAX_LABEL_CHARS:
            label = label[: MAX_LABEL_CHARS - 1].rstrip() + "…"
        extra = f" and {len(group) - 1} more" if len(group) > 1 else ""
        moments.append(
            Moment(pd.Timestamp(dates[first]), pd.Timestamp(end), label + extra, tuple(ids[i] for i in group))
        )
    if len(moments) > MAX_MOMENTS:
        kept = sorted(moments, key=lambda m: (-len(m.event_ids), m.date))[:MAX_MOMENTS]
        moments = sorted(kept, key=lambda m: m.date)
    return moments


def label_lines(
    labels: Sequence[tuple[pd.Timestamp, str]], x_range: tuple[pd.Timestamp, pd.Timestamp]
) -> list[tuple[str, int, str]]:
    """Anchor ('left' or 'right' of its date), line (0 next to the plot) and text of each label, so none
    overlap and none runs off the chart.

    Widths are estimated for a plot LABEL_PLOT_PX wide, a phone's: a placement that fits there
    fits any wider plot. A label in the right part of the axis extends to the left of its date;
    a label too long for either side is shortened.
    """
    span = (x_range[1] - x_range[0]) / pd.Timedelta(days=1) or 1.0
    ends: list[float] = []
    out: list[tuple[str, int, str]] = []
    for when, label in labels:
        at = (when - x_range[0]) / pd.Timedelta(days=1) / span * LABEL_PLOT_PX
        room = max(at, LABEL_PLOT_PX - at)
        text = label
        if len(text) * LABEL_CHAR_PX + 8 > room:
            text = text[: max(int((room - 8) / LABEL_CHAR_PX) - 1, 1)].rstrip() + "…"
        width = len(text) * LABEL_CHAR_PX + 8
        anchor = "left" if at + width <= LABEL_PLOT_PX or at < width else "right"
        left, right = (at, at + width) if anchor == "left" else (at - width, at)
        line = next((i for i, end in enumerate(ends) if end < left), len(ends))
        if line == len(ends):
            ends.append(right)
        else:
            ends[line] = right
        out.append((anchor, line, text))
    return out


def _iso(dates: Array) -> Array:
    """Dates as ISO text, as short as exact (an object array; NaT as None)."""
    text: Array = np.datetime_as_string(dates, unit="auto").astype(object)
    text[np.isnat(dates)] = None
    return text


def _with_gaps(*columns: Sequence[Any] | Array) -> Array:
    """The columns interleaved point by point, each point's group ended by None (a gap in a line)."""
    step = len(columns) + 1
    out: Array = np.empty(len(columns[0]) * step, dtype=object)
    for i, column in enumerate(columns):
        out[i::step] = column
    return out


def figure(
    events: pd.DataFrame,
    all_events: pd.DataFrame,
    names: Mapping[str, str],
    picked: str | None = None,
) -> go.Figure:
    """The timeline: one marker per event on its actor's row, answers as arrows, key moments as lines.

    Colour and shape give the kind, the fill gives the confidence, a bar across the month
    (or year) marks a date known only that far. `customdata` of each marker is its event id.
    Speakers and countries are named inside the plot, just above their rows' markers, so the
    data keep the width on a phone. The chart neither pans nor zooms.
    """
    ids: Array = np.array([str(v) for v in events["event_id"].tolist()], dtype=object)
    precision = _precisions(events)
    start = events["date"].to_numpy()
    end, middle = _spans(start, precision)
    countries = _countries(events)
    labels = _short_actors(events["actor"].tolist())
    table = _rows(countries, labels, start.astype("int64").tolist(), names)
    row_of = {(row.country, row.label): row.y for row in table if not row.heading}
    y: Array = np.array([row_of[key] for key in zip(countries, labels, strict=True)], dtype=np.int64)
    x = _iso(middle)
    hover: Array = np.array(
        hover_texts(events, names, answered_by(all_events, set(ids.tolist()))), dtype=object
    )
    inexact_text: Array = np.array(
        [
            ""
            if p not in COARSE
            else plain(f"{format_date(d, p)}, {'day' if p == 'month' else 'month'} unknown")
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
    spans: dict[str, list[int]] = {}
    for i, p in enumerate(precision):
        if p in COARSE:
            spans.setdefault(kinds[i], []).append(i)
    for kind, members in spans.items():
        at = np.array(members, dtype=np.int64)
        data.append(
            {
                "type": "scatter",
                "x": _with_gaps(_iso(start[at]), _iso(end[at])),
                "y": _with_gaps(y[at].tolist(), y[at].tolist()),
                "mode": "lines",
                "name": f"{pretty(kind)}: date known only to the month or year",
                "showlegend": False,
                "line": {"color": colours[members[0]], "width": 9},
                "opacity": 0.45,
                "hoverinfo": "skip",
                "meta": {"role": "date-span", "kind": kind},
                "customdata": _with_gaps(ids[at], ids[at]),
            }
        )
    # Every marker in one trace (plotly draws one trace of n points much faster than seven): colour
    # and shape give the kind, the fill of the symbol the confidence. The key is drawn outside the
    # chart (`key_svg`), which also keeps plotly's legend out of every redraw.
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
    layout = _layout(table, dates, all_events)
    data.append(_row_names(table, layout["xaxis"]["range"][0]))
    # Plain dicts, checked against plotly's schema by the tests, so the page skips plotly's
    # per-property validation (most of this builder's time).
    return go.Figure(data=data, layout=layout, _validate=False)


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
        "x": _with_gaps(_iso(middle[origin]), _iso(halfway), _iso(middle[answer])),
        "y": _with_gaps(y[origin].tolist(), ((y[origin] + y[answer]) / 2).tolist(), y[answer].tolist()),
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
        "customdata": _with_gaps(names, names, names),
        "meta": {"role": "answers"},
    }


def _row_px(rows: int) -> float:
    """How tall one row is drawn, in px: the plot is `max(rows, 3) * ROW_PX` tall."""
    return max(rows, 3) * ROW_PX / max(rows, 1)


def _row_names(table: Sequence[Row], left: object) -> dict[str, Any]:
    """The rows' names at the left edge of the plot, as one text trace (it draws faster than one
    annotation per row): a country in bold across its heading row, a speaker just above the
    markers of its row. The trace takes no hover and no click (hoverinfo "skip")."""
    return {
        "type": "scatter",
        "mode": "text",
        "x": [left] * len(table),
        # Plotly sets "top" text right on its point: a speaker's point is ROW_LABEL_SHIFT px above the row
        # (a row is ROW_PX tall, or taller when the plot keeps its 3-row minimum).
        "y": [row.y if row.heading else row.y - ROW_LABEL_SHIFT / _row_px(len(table)) for row in table],
        "text": [
            f"<b>{plain(short_heading(row.country_name))}</b>" if row.heading else plain(row.label)
            for row in table
        ],
        "textposition": ["middle right" if row.heading else "top right" for row in table],
        "textfont": {"size": ROW_LABEL_FONT},
        "hoverinfo": "skip",
        "showlegend": False,
        "name": "Row names",
        "meta": {"role": "row-names", "rows": ["country" if row.heading else "speaker" for row in table]},
    }


def _layout(
    table: Sequence[Row], dates: tuple[pd.Timestamp, pd.Timestamp], all_events: pd.DataFrame
) -> dict[str, Any]:
    first, last = dates
    pad = max((last - first) * 0.03, pd.Timedelta(days=20))
    x_range = (first - pad, last + pad)
    plot_px = max(len(table), 3) * ROW_PX
    moments = [m for m in key_moments(all_events) if x_range[0] <= m.date <= x_range[1]]
    placements = label_lines([(m.date, m.label) for m in moments], x_range)
    # The bottom margin holds the date ticks (two lines where a year begins).
    top, bottom = 44 + 18 * (max((line for _, line, _ in placements), default=-1) + 1), 44
    shapes: list[dict[str, Any]] = []
    countries = [row for row in table if row.heading]
    ends = [row.y - 1 for row in countries[1:]] + [len(table) - 1] if countries else []
    for i, (heading, high) in enumerate(zip(countries, ends, strict=True)):
        if i % 2 == 0:
            shapes.append(
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
    annotations: list[dict[str, Any]] = []
    for moment, (anchor, line, text) in zip(moments, placements, strict=True):
        inexact = moment.end - moment.date > pd.Timedelta(days=1)
        name = "key moment " + ",".join(moment.event_ids[:10])
        shapes.append(
            {
                "type": "rect" if inexact else "line",
                "xref": "x",
                "x0": moment.date,
                "x1": moment.end if inexact else moment.date,
                "yref": "paper",
                "y0": 0,
                "y1": 1,
                "line": {"color": NEUTRAL, "width": 1, "dash": "dot"},
                "fillcolor": BAND,
                "layer": "below",
                "name": name,
            }
        )
        annotations.append(
            {
                "xref": "x",
                "x": moment.date,
                "xanchor": anchor,
                "yref": "paper",
                "y": 1,
                "yanchor": "bottom",
                "yshift": 2 + 18 * line,
                "text": plain(text),
                "showarrow": False,
                "font": {"size": 11},
                "name": name,
            }
        )
    return {
        "height": plot_px + top + bottom,
        "margin": {"l": 8, "r": 20, "t": top, "b": bottom},
        "shapes": shapes,
        "annotations": annotations,
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


def option_labels(events: pd.DataFrame) -> dict[str, str]:
    """Event id -> a plain one-line label for the picker, in date order."""
    ordered = events.sort_values("date", kind="stable")
    return {
        str(e["event_id"]): (
            f"{format_date(e['date'], e['date_precision'])} · {short_actor(e['actor'])} · "
            f"{pretty(e['kind']).lower()} ({e['event_id']})"
        )
        for e in records(ordered)
    }


@dataclass(frozen=True)
class Card:
    """What the card of one event says (plain text; the page escapes it)."""

    event_id: str
    when: str
    actor: str
    country: str
    kind: str
    confidence: str
    summary: str
    note: str | None
    source: str
    url: str | None
    answers: tuple[str, ...]
    answered_by: tuple[str, ...]

    def markdown(self) -> str:
        """The card as Markdown in which every data value is escaped (shows literally)."""
        lines = [
            f"**{md_escape(self.when)}** · **{md_escape(self.actor, 300)}** ({md_escape(self.country)})",
            "",
            f"{md_escape(self.kind)} · confidence {md_escape(self.confidence)} · {md_escape(self.event_id)}",
            "",
            md_escape(self.summary),
        ]
        for heading, mentions in (("It answers", self.answers), ("Answered by", self.answered_by)):
            bullets = [f"- {md_escape(m, MENTION_CHARS)}" for m in mentions] or ["- *no event in the data*"]
            lines += ["", f"**{heading}**", *bullets]
        if self.note:
            lines += ["", f"*Note:* {md_escape(self.note)}"]
        return "\n".join(lines)


def _mention(event: Mapping[str, Any], shown: set[str]) -> str:
    outside = "" if event["event_id"] in shown else " (outside the current filters)"
    return (
        f"{event['event_id']}, {format_date(event['date'], event['date_precision'])}, {event['actor']} "
        f"({pretty(event['kind']).lower()}): {event['summary']}{outside}"
    )


def card(
    event_id: str,
    events: pd.DataFrame,
    all_events: pd.DataFrame,
    sources: pd.DataFrame,
    names: Mapping[str, str],
) -> Card | None:
    """The card of `event_id`; what it answers and what answered it come from all events."""
    found = all_events.loc[all_events["event_id"] == event_id]
    if found.empty:
        return None
    event = found.iloc[0]
    shown = set(events["event_id"])
    answered = records(all_events.loc[all_events["event_id"] == event["responds_to"]])
    answers = tuple(_mention(a, shown) for a in answered[:1])
    replies = all_events.loc[all_events["responds_to"] == event_id]
    source = sources.loc[sources["source_id"] == event["source_id"]]
    publisher = source_labels(source).get(str(event["source_id"]), "not in sources.csv")
    return Card(
        event_id=event_id,
        when=format_date(event["date"], event["date_precision"])
        + (f" (only the {event['date_precision']} is known)" if event["date_precision"] in COARSE else ""),
        actor=str(event["actor"]),
        country=names.get(str(event["actor_country"]), str(event["actor_country"])),
        kind=pretty(event["kind"]),
        confidence=str(event["confidence"]),
        summary=str(event["summary"]),
        note=str(event["note"]) if isinstance(event.get("note"), str) else None,
        source=f"{event['source_id']}: {publisher}",
        url=safe_url(source["url"].iloc[0]) if not source.empty else None,
        answers=answers,
        answered_by=tuple(_mention(r, shown) for r in records(replies)),
    )


def search(events: pd.DataFrame, query: str) -> pd.DataFrame:
    """Events whose actor or summary contains `query` (case-insensitive, literal text, not a pattern)."""
    needle = query.strip()
    if not needle:
        return events
    hit = events["actor"].astype(str).str.contains(needle, case=False, regex=False) | events[
        "summary"
    ].astype(str).str.contains(needle, case=False, regex=False)
    return events.loc[hit]


def table(
    events: pd.DataFrame,
    all_events: pd.DataFrame,
    sources: pd.DataFrame,
    names: Mapping[str, str],
) -> pd.DataFrame:
    """The events as a table in date order, at most MAX_TABLE_ROWS: dates as known, link only if http(s)."""
    order = np.argsort(events["date"].to_numpy(), kind="stable")[:MAX_TABLE_ROWS]
    column = {name: events[name].take(order).tolist() for name in TABLE_COLUMNS}
    publishers = source_labels(sources)
    url_of = dict(zip(sources["source_id"].tolist(), sources["url"].tolist(), strict=True))
    urls = [url_of.get(s) for s in column["source_id"]]
    links = {url: safe_url(url) for url in set(urls)}  # one check per address, however many rows cite it
    answers = answered_by(all_events, set(column["event_id"]))
    return readable(
        pd.DataFrame(
            {
                "event": column["event_id"],
                "date": [
                    format_date(d, p) for d, p in zip(column["date"], column["date_precision"], strict=True)
                ],
                "actor": column["actor"],
                "kind": [pretty(kind) for kind in column["kind"]],
                "summary": column["summary"],
                "confidence": column["confidence"],
                "answers": column["responds_to"],
                "answered by": [", ".join(answers.get(e, [])) or None for e in column["event_id"]],
                "country": [names.get(c, c) for c in column["actor_country"]],
                "source": [publishers.get(s, s) for s in column["source_id"]],
                "link": [links[url] for url in urls],
            }
        )
    )


class Key(NamedTuple):
    """What the chart's key names: the kinds drawn, and whether a date bar or an answer arrow is drawn."""

    kinds: tuple[str, ...]
    bars: bool
    arrows: bool


def chart_key(events: pd.DataFrame) -> Key:
    """The key of the chart of `events`: every kind drawn (in the key's order), the confidence fills
    (always), the date bar if a date is known only to the month or year, the arrow if an answer is drawn."""
    drawn = set(events["kind"].tolist())
    kinds = [kind for kind in KIND_STYLE if kind in drawn]
    if drawn - set(KIND_STYLE):
        kinds.append("other")
    ids = set(events["event_id"].tolist())
    return Key(
        kinds=tuple(kinds),
        bars=any(p in COARSE for p in _precisions(events)),
        arrows=any(isinstance(target, str) and target in ids for target in events["responds_to"].tolist()),
    )


def _polygon(points: Sequence[tuple[float, float]], cx: float, cy: float, r: float) -> str:
    return " ".join(f"{cx + x * r:.1f},{cy + y * r:.1f}" for x, y in points)


def _star(points: int, inner: float) -> list[tuple[float, float]]:
    corners = []
    for i in range(points * 2):
        angle = np.pi * i / points - np.pi / 2
        radius = 1.0 if i % 2 == 0 else inner
        corners.append((radius * float(np.cos(angle)), radius * float(np.sin(angle))))
    return corners


SHAPES: dict[str, list[tuple[float, float]]] = {
    "diamond": [(0, -1.15), (1.15, 0), (0, 1.15), (-1.15, 0)],
    "square": [(-0.85, -0.85), (0.85, -0.85), (0.85, 0.85), (-0.85, 0.85)],
    "triangle-up": [(0, -1.1), (1.0, 0.75), (-1.0, 0.75)],
    "triangle-down": [(0, 1.1), (1.0, -0.75), (-1.0, -0.75)],
    "pentagon": _star(5, 1.0)[::2],
    "star": _star(5, 0.45),
    "cross": [
        (-0.35, -1),
        (0.35, -1),
        (0.35, -0.35),
        (1, -0.35),
        (1, 0.35),
        (0.35, 0.35),
        (0.35, 1),
        (-0.35, 1),
        (-0.35, 0.35),
        (-1, 0.35),
        (-1, -0.35),
        (-0.35, -0.35),
    ],
}


def _marker_svg(symbol: str, fill: str, colour: str, cx: float, cy: float, ink: str) -> str:
    """One marker as the chart draws it: the kind's shape, filled, outlined with a dot, or hollow."""
    r = 6.5
    if fill == "":
        paint = f'fill="{colour}" stroke="{ink}" stroke-opacity="0.6" stroke-width="1"'
    else:
        paint = f'fill="none" stroke="{colour}" stroke-width="2"'
    shape = (
        f'<circle cx="{cx}" cy="{cy}" r="{r}" {paint}/>'
        if symbol not in SHAPES
        else f'<polygon points="{_polygon(SHAPES[symbol], cx, cy, r)}" {paint}/>'
    )
    dot = f'<circle cx="{cx}" cy="{cy}" r="1.8" fill="{colour}"/>' if fill == "-open-dot" else ""
    return shape + dot


def key_svg(key: Key, dark: bool = False) -> str:
    """The chart's key as an SVG 340 px wide (a phone's width): the kinds drawn, two to a line; the
    three confidence fills on one line; the date bar and the answer arrow when the chart draws them."""
    ink = "#e6e6e6" if dark else "#31333f"
    grey = "#808080"
    parts = []
    for i, kind in enumerate(key.kinds):
        colour, symbol = KIND_STYLE.get(kind, OTHER_STYLE)
        x, y = 4 + (i % 2) * 170, 12 + (i // 2) * 24
        label = pretty(kind) if kind in KIND_STYLE else "Other"
        parts.append(
            f'<g transform="translate({x},{y})">{_marker_svg(symbol, "", colour, 8, 0, ink)}</g>'
            f'<text x="{x + 28}" y="{y + 4.5}">{html.escape(label)}</text>'
        )
    y = 12 + 24 * ((len(key.kinds) + 1) // 2)
    parts.append(f'<text x="4" y="{y + 4.5}">Confidence:</text>')
    for x, confidence in zip((88, 170, 262), CONFIDENCE_WORDS, strict=True):
        parts.append(
            f'<g transform="translate({x},{y})">{_marker_svg("circle", CONFIDENCE_SYMBOL[confidence], grey, 8, 0, ink)}</g>'
            f'<text x="{x + 20}" y="{y + 4.5}">{confidence}</text>'
        )
    lines = []
    if key.bars:
        bar = f'<line x1="-4" y1="0" x2="20" y2="0" stroke="{grey}" stroke-opacity="0.45" stroke-width="9"/>'
        lines.append((bar, "Bar: a date known only to the month or year"))
    if key.arrows:
        arrow = (
            f'<line x1="-4" y1="0" x2="20" y2="0" stroke="{grey}" stroke-width="1.5"/>'
            f'<polygon points="13,-4 20,0 13,4" fill="{grey}"/>'
        )
        lines.append((arrow, "Arrow: from a statement to its answer"))
    for mark, label in lines:
        y += 24
        parts.append(
            f'<g transform="translate(4,{y})">{mark}</g><text x="32" y="{y + 4.5}">{html.escape(label)}</text>'
        )
    height = y + 12
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="340" height="{height}" viewBox="0 0 340 {height}" '
        f'font-family="sans-serif" font-size="12" fill="{ink}">{"".join(parts)}</svg>'
    )


def key_alt(key: Key) -> str:
    """The key in words, for the key's image."""
    kinds = []
    for kind in key.kinds:
        colour, symbol = KIND_STYLE.get(kind, OTHER_STYLE)
        name = pretty(kind) if kind in KIND_STYLE else "other kinds"
        kinds.append(f"{name}, {COLOUR_NAMES.get(colour, 'grey')} {symbol.replace('-', ' ')}")
    parts = ["Key: " + "; ".join(kinds) + "."]
    parts.append("Fill gives the confidence: filled high, an outline with a dot medium, hollow low.")
    if key.bars:
        parts.append("A bar across a month or a year: the date is known only that far.")
    if key.arrows:
        parts.append("An arrow runs from a statement to its answer.")
    return " ".join(parts)


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


def table_caption(found: int, total: int) -> str:
    """How many statements the table lists."""
    listed = min(found, MAX_TABLE_ROWS)
    words = f"{found} of {total} statements" if found != total else f"All {total} statements"
    if listed < found:
        return f"{words} match; the first {listed:,} by date are listed. Search or filter to narrow them."
    return f"{words} listed. Click a column heading to sort."
