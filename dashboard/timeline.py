"""The statements timeline: who said what, when, and what answered it (figure, card and table).

Everything a data value contributes to the figure passes through `plain`, so plotly shows it
as typed: its pseudo-HTML (`<b>`, `<br>`), LaTeX (`$…$`) and entities are not interpreted.
"""

from __future__ import annotations

import html
import re
import textwrap
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.formats import format_date, pretty
from dashboard.text import md_escape, readable, safe_url, shorten, visible_controls

# Okabe–Ito colours (colour-blind safe); every kind also has its own marker shape.
KIND_STYLE: dict[str, tuple[str, str]] = {
    "allegation": ("#D55E00", "diamond"),
    "denial": ("#0072B2", "square"),
    "confirmation": ("#009E73", "triangle-up"),
    "report": ("#E69F00", "pentagon"),
    "official_statement": ("#56B4E9", "circle"),
    "leak": ("#CC79A7", "star"),
    "policy": ("#F0E442", "cross"),
}
OTHER_STYLE = ("#999999", "circle")
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
MAX_CHART_EVENTS = 2_000
MAX_TABLE_ROWS = 5_000
MAX_LABEL_CHARS = 28
MAX_HEADING_CHARS = 40
LABEL_PLOT_PX = 600
LABEL_CHAR_PX = 6.0
HOVER_SUMMARY_CHARS = 320
MENTION_CHARS = 400
ROW_PX = 30
MERGE_MOMENTS_DAYS = 3
MAX_MOMENTS = 12


def plain(value: object) -> str:
    """`value` as literal plotly text: no tags, entities, LaTeX or bidi overrides take effect."""
    text: str = visible_controls(html.escape(str(value), quote=False))
    return text.replace("$", "&#36;")


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of `frame` as dicts keyed by column name."""
    return cast(list[dict[str, Any]], frame.to_dict("records"))


_PARENTHESES = re.compile(r"\s*\([^()]*\)")


def short_actor(actor: object) -> str:
    """A short axis label: parentheses and the tail after the first comma dropped, then cut."""
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


def date_spans(events: pd.DataFrame) -> pd.DataFrame:
    """Start, end (exclusive) and middle of the time each event's date stands for, as far as known."""
    start = events["date"]
    precision = events["date_precision"].fillna("day")
    end = start + pd.Timedelta(days=1)
    month = precision == "month"
    year = precision == "year"
    end = end.mask(month, start + pd.offsets.MonthBegin(1))
    end = end.mask(year, start + pd.offsets.YearBegin(1))
    middle = start.mask(month | year, start + (end - start) / 2)
    return pd.DataFrame({"start": start, "end": end, "middle": middle, "precision": precision})


def rows(events: pd.DataFrame, names: Mapping[str, str]) -> pd.DataFrame:
    """The chart's rows: per actor country a heading row, then one row per (short) actor.

    Countries with most events come first; within a country, the actor who spoke first.
    Returns the columns country, country_name, label ('' on a heading row), heading and y
    (0 at the top).
    """
    keys = pd.DataFrame(
        {
            "country": events["actor_country"].fillna("").astype(str),
            "label": events["actor"].map(short_actor),
            "date": events["date"],
        }
    )
    per_country = keys.groupby("country").agg(size=("date", "size"), min=("date", "min"))
    per_country["name"] = [names.get(code, code) or "unknown" for code in per_country.index]
    per_country = per_country.sort_values(["size", "min", "name"], ascending=[False, True, True])
    order = {code: i for i, code in enumerate(per_country.index)}
    actors = keys.groupby(["country", "label"], as_index=False).agg(date=("date", "min"))
    actors["rank"] = actors["country"].map(order)
    actors = actors.sort_values(["rank", "date", "label"]).reset_index(drop=True)
    headings = per_country.reset_index()[["country"]].assign(label="", rank=range(len(per_country)))
    headings["date"] = pd.NaT
    table = pd.concat([headings.assign(heading=True), actors.assign(heading=False)], ignore_index=True)
    table = table.sort_values(["rank", "heading", "date", "label"], ascending=[True, False, True, True])
    table["country_name"] = table["country"].map(per_country["name"])
    table["y"] = range(len(table))
    return pd.DataFrame(table[["country", "country_name", "label", "heading", "y"]]).reset_index(drop=True)


def positions(events: pd.DataFrame, layout: pd.DataFrame) -> pd.Series:
    """The chart row (y) of every event."""
    keys = pd.MultiIndex.from_arrays(
        [events["actor_country"].fillna("").astype(str), events["actor"].map(short_actor)]
    )
    actors = layout.loc[~layout["heading"]]
    lookup = pd.Series(actors["y"].to_numpy(), index=pd.MultiIndex.from_frame(actors[["country", "label"]]))
    return pd.Series(lookup.reindex(keys).to_numpy(), index=events.index, name="y")


def answered_by(all_events: pd.DataFrame, ids: Collection[str] | None = None) -> dict[str, list[str]]:
    """Event id (of `ids`, or of all) -> the ids of the events that answer it, in file order."""
    answers = all_events.loc[all_events["responds_to"].notna()]
    if ids is not None:
        answers = answers.loc[answers["responds_to"].isin(ids)]
    out: dict[str, list[str]] = {}
    for target, event_id in zip(answers["responds_to"], answers["event_id"], strict=True):
        out.setdefault(str(target), []).append(str(event_id))
    return out


def _wrap(text: str, width: int = 60) -> str:
    return "<br>".join(plain(line) for line in textwrap.wrap(text, width) or [""])


def hover_texts(
    events: pd.DataFrame, names: Mapping[str, str], answers: Mapping[str, list[str]]
) -> list[str]:
    """The hover text of every event: plain text, line breaks added here only."""
    texts = []
    for event in records(events):
        when = format_date(event["date"], event["date_precision"])
        if event["date_precision"] in ("month", "year"):
            when += f" (only the {event['date_precision']} is known)"
        summary = shorten(" ".join(str(event["summary"]).split()), HOVER_SUMMARY_CHARS)
        lines = [
            f"{plain(event['event_id'])} · {plain(when)}",
            f"{_wrap(str(event['actor']))} ({plain(names.get(event['actor_country'], event['actor_country']))})",
            f"{plain(pretty(event['kind']))} · confidence {plain(event['confidence'])}",
            _wrap(summary),
        ]
        if isinstance(event["responds_to"], str):
            lines.append(f"Answers {plain(event['responds_to'])}")
        if replies := answers.get(str(event["event_id"])):
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
    if KEY_MOMENT_COLUMN in all_events.columns and all_events[KEY_MOMENT_COLUMN].notna().any():
        chosen = all_events.loc[all_events[KEY_MOMENT_COLUMN].notna()]
        chosen = chosen.assign(_label=chosen[KEY_MOMENT_COLUMN].astype(str))
    else:
        answered = all_events["event_id"].isin(all_events["responds_to"].dropna())
        root = answered & all_events["responds_to"].isna() & all_events["kind"].isin(CLAIM_KINDS)
        chosen = all_events.loc[root | all_events["kind"].isin(KEY_MOMENT_KINDS)]
        chosen = chosen.assign(_label=None)
    if chosen.empty:
        return []
    ordered = chosen.sort_values("date", kind="stable")
    starts = (ordered["date"].diff() > pd.Timedelta(days=MERGE_MOMENTS_DAYS)).to_numpy().nonzero()[0]
    ids = ordered["event_id"].astype(str).to_numpy()
    groups = [tuple(g) for g in np.split(ids, starts)]
    firsts = ordered.iloc[[0, *starts]]
    ends = date_spans(firsts)["end"]
    moments = []
    for first, end, group in zip(records(firsts), ends, groups, strict=True):
        label = first["_label"] or f"{pretty(first['kind'])}: {short_actor(first['actor'])}"
        if len(label) > MAX_LABEL_CHARS:
            label = label[: MAX_LABEL_CHARS - 1].rstrip() + "…"
        extra = f" and {len(group) - 1} more" if len(group) > 1 else ""
        moments.append(Moment(first["date"], end, label + extra, group))
    if len(moments) > MAX_MOMENTS:
        kept = sorted(moments, key=lambda m: (-len(m.event_ids), m.date))[:MAX_MOMENTS]
        moments = sorted(kept, key=lambda m: m.date)
    return moments


def label_lines(
    labels: Sequence[tuple[pd.Timestamp, str]], x_range: tuple[pd.Timestamp, pd.Timestamp]
) -> list[tuple[str, int]]:
    """Anchor ('left' or 'right' of its date) and line (0 next to the plot) of each label, so none overlap.

    Widths are estimated for a plot about LABEL_PLOT_PX wide; a label in the right
    part of the axis extends to the left of its date.
    """
    span = (x_range[1] - x_range[0]) / pd.Timedelta(days=1) or 1.0
    ends: list[float] = []
    out: list[tuple[str, int]] = []
    for when, text in labels:
        at = (when - x_range[0]) / pd.Timedelta(days=1) / span * LABEL_PLOT_PX
        width = len(text) * LABEL_CHAR_PX + 8
        anchor = "left" if at + width <= LABEL_PLOT_PX else "right"
        left, right = (at, at + width) if anchor == "left" else (at - width, at)
        line = next((i for i, end in enumerate(ends) if end < left), len(ends))
        if line == len(ends):
            ends.append(right)
        else:
            ends[line] = right
        out.append((anchor, line))
    return out


def _segments(
    starts: Sequence[Any], ends: Sequence[Any], y0: Sequence[Any], y1: Sequence[Any]
) -> tuple[list[Any], list[Any]]:
    xs: list[Any] = []
    ys: list[Any] = []
    for a, b, c, d in zip(starts, ends, y0, y1, strict=True):
        xs += [a, b, None]
        ys += [c, d, None]
    return xs, ys


def figure(
    events: pd.DataFrame,
    all_events: pd.DataFrame,
    names: Mapping[str, str],
    picked: str | None = None,
) -> go.Figure:
    """The timeline: one marker per event on its actor's row, answers as arrows, key moments as lines.

    Colour and shape give the kind, the fill gives the confidence, a bar across the month
    (or year) marks a date known only that far. `customdata` of each marker is its event id.
    """
    layout = rows(events, names)
    spans = date_spans(events)
    frame = events.assign(
        y=positions(events, layout),
        x=spans["middle"],
        start=spans["start"],
        end=spans["end"],
        precision=spans["precision"],
    )
    frame["inexact_label"] = [
        "" if p == "day" else plain(f"{format_date(d, p)}, {'day' if p == 'month' else 'month'} unknown")
        for d, p in zip(frame["date"], frame["precision"], strict=True)
    ]
    answers = answered_by(all_events, set(frame["event_id"]))
    frame["hover"] = hover_texts(frame, names, answers)
    fig = go.Figure()
    for kind, (colour, symbol) in KIND_STYLE.items():
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=pretty(kind),
                marker={
                    "color": colour,
                    "symbol": symbol,
                    "size": 11,
                    "line": {"color": NEUTRAL, "width": 1},
                },
                hoverinfo="skip",
                showlegend=bool((frame["kind"] == kind).any()),
            )
        )
    _add_reading_guide(fig, inexact=bool((frame["precision"] != "day").any()))
    _add_answers(fig, frame)
    for value, group in frame.groupby("kind", sort=False):
        name = str(value)
        colour, symbol = KIND_STYLE.get(name, OTHER_STYLE)
        inexact = group.loc[group["precision"] != "day"]
        if not inexact.empty:
            xs, ys = _segments(
                list(inexact["start"]), list(inexact["end"]), list(inexact["y"]), list(inexact["y"])
            )
            fig.add_trace(
                go.Scatter(
                    x=xs,
                    y=ys,
                    mode="lines",
                    name=f"{pretty(name)}: date known only to the month or year",
                    showlegend=False,
                    line={"color": colour, "width": 9},
                    opacity=0.45,
                    hoverinfo="skip",
                    meta={"role": "date-span", "kind": name},
                    customdata=[e for eid in inexact["event_id"] for e in (eid, eid, None)],
                )
            )
        symbols = symbol + group["confidence"].map(CONFIDENCE_SYMBOL).fillna("-open")
        fig.add_trace(
            go.Scatter(
                x=group["x"],
                y=group["y"],
                mode="markers+text",
                name=pretty(name),
                showlegend=False,
                customdata=group["event_id"].astype(str),
                text=group["inexact_label"],
                textposition="middle right",
                textfont={"size": 10, "color": NEUTRAL},
                hovertext=group["hover"],
                hoverinfo="text",
                marker={
                    "color": colour,
                    "symbol": symbols,
                    "size": 13,
                    "line": {"color": [colour if s != symbol else NEUTRAL for s in symbols], "width": 2},
                },
                meta={"role": "events", "kind": name},
            )
        )
    if picked is not None and (frame["event_id"] == picked).any():
        row = frame.loc[frame["event_id"] == picked].iloc[0]
        fig.add_trace(
            go.Scatter(
                x=[row["x"]],
                y=[row["y"]],
                mode="markers",
                name="The event whose card is shown",
                showlegend=False,
                marker={"symbol": "circle-open", "size": 26, "color": NEUTRAL, "line": {"width": 3}},
                hoverinfo="skip",
                meta={"role": "picked"},
            )
        )
    _layout(fig, frame, layout, all_events)
    return fig


def _add_reading_guide(fig: go.Figure, inexact: bool) -> None:
    for confidence, words in CONFIDENCE_WORDS.items():
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=f"{confidence.capitalize()} confidence: {words}",
                marker={
                    "color": NEUTRAL,
                    "symbol": "circle" + CONFIDENCE_SYMBOL[confidence],
                    "size": 11,
                    "line": {"color": NEUTRAL, "width": 2},
                },
                hoverinfo="skip",
            )
        )
    fig.add_trace(
        go.Scatter(
            x=[None],
            y=[None],
            mode="lines",
            name="Date known to the month: bar",
            showlegend=inexact,
            line={"color": NEUTRAL, "width": 9},
            hoverinfo="skip",
        )
    )


def _add_answers(fig: go.Figure, frame: pd.DataFrame) -> None:
    """Lines from each answered event to its answer, with an arrowhead halfway pointing at the answer."""
    answers = frame.dropna(subset=["responds_to"])
    answered = frame.set_index("event_id")
    answers = answers.loc[answers["responds_to"].isin(answered.index)]
    xs: list[Any] = []
    ys: list[Any] = []
    symbols: list[str] = []
    sizes: list[int] = []
    pairs: list[Any] = []
    for answer in records(answers):
        origin = answered.loc[answer["responds_to"]]
        middle_x = origin["x"] + (answer["x"] - origin["x"]) / 2
        middle_y = (origin["y"] + answer["y"]) / 2
        xs += [origin["x"], middle_x, answer["x"], None]
        ys += [origin["y"], middle_y, answer["y"], None]
        symbols += ["circle", "arrow", "circle", "circle"]
        sizes += [0, 11, 0, 0]
        pair = f"{answer['responds_to']}>{answer['event_id']}"
        pairs += [pair, pair, pair, None]
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=ys,
            mode="lines+markers",
            name="Arrow: statement → its answer",
            showlegend=bool(pairs),
            line={"color": NEUTRAL, "width": 1.5},
            marker={
                "symbol": symbols or "arrow",
                "size": sizes or 11,
                "angleref": "previous",
                "color": NEUTRAL,
            },
            hoverinfo="skip",
            customdata=pairs,
            meta={"role": "answers"},
        )
    )


def _layout(fig: go.Figure, frame: pd.DataFrame, layout: pd.DataFrame, all_events: pd.DataFrame) -> None:
    first, last = frame["start"].min(), frame["end"].max()
    pad = max((last - first) * 0.03, pd.Timedelta(days=20))
    x_range = (first - pad, last + pad)
    plot_px = max(len(layout), 3) * ROW_PX
    moments = [m for m in key_moments(all_events) if x_range[0] <= m.date <= x_range[1]]
    placements = label_lines([(m.date, m.label) for m in moments], x_range)
    top, bottom = 44 + 18 * (max((line for _, line in placements), default=-1) + 1), 40 + 20 * 6
    height = plot_px + top + bottom
    shapes: list[dict[str, Any]] = []
    annotations: list[dict[str, Any]] = []
    groups = layout.groupby("country", sort=False).agg(
        name=("country_name", "first"), low=("y", "min"), high=("y", "max")
    )
    for i, group in enumerate(records(groups)):
        if i % 2 == 0:
            shapes.append(
                {
                    "type": "rect",
                    "xref": "paper",
                    "x0": 0,
                    "x1": 1,
                    "yref": "y",
                    "y0": group["low"] - 0.5,
                    "y1": group["high"] + 0.5,
                    "fillcolor": BAND,
                    "line": {"width": 0},
                    "layer": "below",
                }
            )
    for moment, (anchor, line) in zip(moments, placements, strict=True):
        inexact = moment.end - moment.date > pd.Timedelta(days=1)
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
                "name": "key moment " + ",".join(moment.event_ids[:10]),
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
                "text": plain(moment.label),
                "showarrow": False,
                "font": {"size": 11},
                "name": "key moment " + ",".join(moment.event_ids[:10]),
            }
        )
    fig.update_layout(
        height=height,
        margin={"l": 10, "r": 20, "t": top, "b": bottom},
        shapes=shapes,
        annotations=annotations,
        hovermode="closest",
        xaxis={"type": "date", "range": list(x_range), "title": None, "showgrid": True},
        yaxis={
            "tickmode": "array",
            "tickvals": list(layout["y"]),
            "ticktext": [
                f"<b>{plain(short_heading(name))}</b>" if heading else plain(label)
                for name, label, heading in zip(
                    layout["country_name"], layout["label"], layout["heading"], strict=True
                )
            ],
            "range": [len(layout) - 0.5, -0.5],
            "showgrid": False,
            "zeroline": False,
            "title": None,
            "automargin": True,
            "fixedrange": True,
        },
        legend={
            "orientation": "h",
            "yref": "paper",
            "y": -36 / plot_px,
            "yanchor": "top",
            "x": 0,
            "xanchor": "left",
            "traceorder": "normal",
            "itemclick": False,
            "itemdoubleclick": False,
        },
    )


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
    publisher = str(source["publisher"].iloc[0]) if not source.empty else "not in sources.csv"
    return Card(
        event_id=event_id,
        when=format_date(event["date"], event["date_precision"])
        + (f" (only the {event['date_precision']} is known)" if event["date_precision"] != "day" else ""),
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
    ordered = events.sort_values("date", kind="stable").head(MAX_TABLE_ROWS)
    publishers = dict(zip(sources["source_id"], sources["publisher"], strict=True))
    urls = dict(zip(sources["source_id"], sources["url"], strict=True))
    answers = answered_by(all_events, set(ordered["event_id"]))
    return readable(
        pd.DataFrame(
            {
                "event": ordered["event_id"],
                "date": [
                    format_date(d, p) for d, p in zip(ordered["date"], ordered["date_precision"], strict=True)
                ],
                "actor": ordered["actor"],
                "kind": ordered["kind"].map(pretty),
                "summary": ordered["summary"],
                "confidence": ordered["confidence"],
                "answers": ordered["responds_to"],
                "answered by": ordered["event_id"].map(lambda e: ", ".join(answers.get(e, [])) or None),
                "country": ordered["actor_country"].map(lambda c: names.get(c, c)),
                "source": ordered["source_id"].map(lambda s: publishers.get(s, s)),
                "link": ordered["source_id"].map(lambda s: safe_url(urls.get(s))),
            }
        ).reset_index(drop=True)
    )


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
