"""The key moments of the story: which events they are, and their marks and labels over the chart."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from dashboard.present.formats import pretty
from dashboard.present.labels import CHAR_PX, choose, crossings, text_px
from dashboard.present.palette import BAND, NEUTRAL
from dashboard.present.text import plot_lines
from dashboard.timeline.rows import MAX_LABEL_CHARS, cut, missing_as_none, precisions, short_actor, spans

COLUMN = "key_moment"
KINDS = ("leak", "policy")
CLAIM_KINDS = ("allegation", "report", "leak")
MERGE_DAYS = 3
MOST = 12
LABEL_PLOT_PX = 320  # about a phone's plot width: labels placed for it fit any wider plot
LINE_PX = 18  # one line of labels above the plot


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
    itself. Moments at most MERGE_DAYS apart share one mark, labelled by the first;
    with more than MOST marks, those standing for most events are kept.
    """
    ids = [str(event_id) for event_id in all_events["event_id"].tolist()]
    kinds = all_events["kind"].tolist()
    labels = (
        [None if label is None else str(label) for label in missing_as_none(all_events[COLUMN])]
        if COLUMN in all_events.columns
        else [None] * len(ids)
    )
    if any(label is not None for label in labels):
        chosen = [i for i, label in enumerate(labels) if label is not None]
    else:
        targets = missing_as_none(all_events["responds_to"])
        answered = set(targets) - {None}
        chosen = [
            i
            for i, (event_id, kind, target) in enumerate(
                zip(all_events["event_id"].tolist(), kinds, targets, strict=True)
            )
            if kind in KINDS or (kind in CLAIM_KINDS and target is None and event_id in answered)
        ]
    if not chosen:
        return []
    dates = all_events["date"].to_numpy()
    precision = precisions(all_events)
    ordered = np.array(chosen)[np.argsort(dates[chosen], kind="stable")]
    starts = np.flatnonzero(np.diff(dates[ordered]) > np.timedelta64(MERGE_DAYS, "D")) + 1
    firsts = ordered[np.r_[0, starts]]
    ends, _ = spans(dates[firsts], [precision[i] for i in firsts])
    actors = all_events["actor"].tolist()
    moments = []
    for first, end, group in zip(firsts.tolist(), ends, np.split(ordered, starts), strict=True):
        label = cut(labels[first] or f"{pretty(kinds[first])}: {short_actor(actors[first])}", MAX_LABEL_CHARS)
        extra = f" and {len(group) - 1} more" if len(group) > 1 else ""
        moments.append(
            Moment(pd.Timestamp(dates[first]), pd.Timestamp(end), label + extra, tuple(ids[i] for i in group))
        )
    if len(moments) > MOST:
        kept = sorted(moments, key=lambda m: (-len(m.event_ids), m.date))[:MOST]
        moments = sorted(kept, key=lambda m: m.date)
    return moments


def label_lines(
    labels: Sequence[tuple[pd.Timestamp, str]], x_range: tuple[pd.Timestamp, pd.Timestamp]
) -> list[tuple[str, int, str]]:
    """Anchor ('left' or 'right' of its date), line (0 next to the plot) and text of each label, so none
    overlap and none runs off the chart.

    Widths are estimated for a plot LABEL_PLOT_PX wide, a phone's: a placement that fits there
    fits any wider plot. A label in the right part of the axis extends to the left of its date;
    a label too long for either side is shortened. Each takes the lowest line whose last label ends before it.
    """
    span = (x_range[1] - x_range[0]) / pd.Timedelta(days=1) or 1.0
    taken: list[list[float]] = []
    lines = 0
    out: list[tuple[str, int, str]] = []
    for when, label in labels:
        at = (when - x_range[0]) / pd.Timedelta(days=1) / span * LABEL_PLOT_PX
        room = max(at, LABEL_PLOT_PX - at)
        text = label
        if text_px(text) + 8 > room:
            text = text[: max(int((room - 8) / CHAR_PX) - 1, 1)].rstrip() + "…"
        width = text_px(text) + 8
        anchor = "left" if at + width <= LABEL_PLOT_PX or at < width else "right"
        left, right = (at, at + width) if anchor == "left" else (at - width, at)
        # A spot on each line in use and on a new one, always free: the first line it touches nothing on wins.
        spots = np.array([[left, k, right, k] for k in range(lines + 1)], dtype=float)
        line = choose(spots, np.reshape(taken, (-1, 4)), range(lines + 1), cost=crossings)
        lines = max(lines, line + 1)
        # A label closes its line from the far left to its end: a line is free only past its last label.
        taken.append([-np.inf, line, right, line])
        out.append((anchor, line, text))
    return out


def marks(
    moments: Sequence[Moment], x_range: tuple[pd.Timestamp, pd.Timestamp]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], int]:
    """The plotly shapes and annotations of the moments within `x_range`, and the lines their labels take.

    A moment is a dotted line, or a band across a date known only to the month or year.
    """
    shown = [m for m in moments if x_range[0] <= m.date <= x_range[1]]
    placements = label_lines([(m.date, m.label) for m in shown], x_range)
    shapes: list[dict[str, Any]] = []
    annotations: list[dict[str, Any]] = []
    for moment, (anchor, line, text) in zip(shown, placements, strict=True):
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
                "yshift": 2 + LINE_PX * line,
                "text": plot_lines(text),
                "showarrow": False,
                "font": {"size": 11},
                "name": name,
            }
        )
    return shapes, annotations, max((line for _, line, _ in placements), default=-1) + 1
