"""How a route status is drawn: its colour, opacity and dash pattern, the line widths, and the map's key."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.present import palette
from dashboard.schemas import ROUTE_STATUSES, STATUS_MEANINGS

WIDTH_ONE = 3.0
WIDTH_STEP = 2.5
WIDTH_CLAIMS_CAP = 5


@dataclass(frozen=True)
class Style:
    """How a status is drawn: colour and opacity, dash pattern (in line widths), and both in words."""

    colour: tuple[int, int, int]
    alpha: int
    dash: tuple[float, float]
    words: str


# Okabe–Ito colours of mid luminance, so each line stands out on a light and on a dark basemap.
# The dash pattern and opacity repeat the status without colour: firmer evidence, firmer line.
STYLES: dict[str, Style] = {
    "documented": Style(palette.rgb(palette.BLUISH_GREEN), 255, (0.0, 0.0), "bluish green, solid line"),
    "reported": Style(palette.rgb(palette.BLUE), 240, (5.0, 1.5), "blue, long dashes"),
    "alleged": Style(palette.rgb(palette.VERMILION), 225, (2.5, 2.0), "vermilion, short dashes"),
    "denied": Style(palette.rgb(palette.REDDISH_PURPLE), 170, (0.6, 2.0), "reddish purple, faint dots"),
}
UNKNOWN_STYLE = Style(palette.rgb(palette.GREY), 200, (0.0, 0.0), "grey, solid line")


def style(status: str) -> Style:
    """The style of a status; a status outside the vocabulary is grey, never an error."""
    return STYLES.get(status, UNKNOWN_STYLE)


def leg_width(claims: int) -> float:
    """Line width in pixels: one claim is thin, each further claim (up to five) adds width."""
    return WIDTH_ONE + WIDTH_STEP * (min(max(claims, 1), WIDTH_CLAIMS_CAP) - 1)


def key_svg(dark: bool = False) -> str:
    """The map's key as an SVG 340 px wide (a phone's width): a line per status, widths for 1–5+ claims."""
    ink = "#e6e6e6" if dark else "#31333f"
    items = []
    for i, status in enumerate(ROUTE_STATUSES):
        s = style(status)
        x, y = (i % 2) * 170, 16 + (i // 2) * 26
        width = leg_width(1) + WIDTH_STEP
        dash = (
            "" if s.dash == (0.0, 0.0) else f' stroke-dasharray="{s.dash[0] * width:g} {s.dash[1] * width:g}"'
        )
        r, g, b = s.colour
        items.append(
            f'<line x1="{x}" y1="{y}" x2="{x + 40}" y2="{y}" stroke="rgb({r},{g},{b})" '
            f'stroke-opacity="{s.alpha / 255:.2f}" stroke-width="{width:g}"{dash}/>'
            f'<text x="{x + 48}" y="{y + 5}">{status}</text>'
        )
    samples = ((1, "1 claim"), (2, "2"), (3, "3"), (WIDTH_CLAIMS_CAP, f"{WIDTH_CLAIMS_CAP}+ claims"))
    for x, (claims, label) in zip((0, 100, 160, 220), samples, strict=True):
        items.append(
            f'<line x1="{x}" y1="80" x2="{x + 26}" y2="80" stroke="{ink}" stroke-opacity="0.75" '
            f'stroke-width="{leg_width(claims):g}"/><text x="{x + 32}" y="85">{label}</text>'
        )
    items.append('<text x="0" y="114">Lines join capitals, not the actual route.</text>')
    items.append('<text x="0" y="134">A place with no location is not drawn: see below.</text>')
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="340" height="142" viewBox="-2 0 344 142" '
        f'font-family="sans-serif" font-size="14" fill="{ink}">{"".join(items)}</svg>'
    )


KEY_ALT = (
    "Key: alleged, vermilion short dashes; reported, blue long dashes; documented, solid bluish green; "
    "denied, faint reddish purple dots. Thicker lines are named by more claims. Lines join capitals, "
    "not the actual route; a place with no location is not drawn."
)


def key_markdown() -> str:
    """The key in words: what each status means and how it is drawn, and what is left off the map."""
    rows = [f"- **{status}** ({style(status).words}): {STATUS_MEANINGS[status]}" for status in ROUTE_STATUSES]
    return "\n".join(
        [
            *rows,
            "- **Thickness**: the number of claims naming the leg (1, 2, 3, 5 or more).",
            "- Lines join capitals: they show who claims a country was on the way, not the actual "
            "road, rail or air route. A place with no location is never drawn on a made-up spot; "
            "its routes are listed under the map.",
        ]
    )
