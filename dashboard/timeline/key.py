"""The chart's key, drawn outside the chart as an SVG (a plotly legend costs every redraw), and its alt text."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import pandas as pd

from dashboard.present.formats import pretty
from dashboard.present.palette import NAMES
from dashboard.timeline.figure import CONFIDENCE_SYMBOL, KIND_STYLE, OTHER_STYLE
from dashboard.timeline.rows import COARSE, precisions


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
        bars=any(p in COARSE for p in precisions(events)),
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


def key_svg(key: Key, dark: bool) -> str:
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
    for x, (confidence, fill) in zip((88, 170, 262), CONFIDENCE_SYMBOL.items(), strict=True):
        parts.append(
            f'<g transform="translate({x},{y})">{_marker_svg("circle", fill, grey, 8, 0, ink)}</g>'
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
        kinds.append(f"{name}, {NAMES.get(colour, 'grey')} {symbol.replace('-', ' ')}")
    parts = ["Key: " + "; ".join(kinds) + "."]
    parts.append("Fill gives the confidence: filled high, an outline with a dot medium, hollow low.")
    if key.bars:
        parts.append("A bar across a month or a year: the date is known only that far.")
    if key.arrows:
        parts.append("An arrow runs from a statement to its answer.")
    return " ".join(parts)
