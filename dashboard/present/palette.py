"""The colours every page draws with: Okabe & Ito's colour-blind-safe set, Tol's wine, and grey.

Okabe & Ito (2008), as in R's `palette.colors("Okabe-Ito")`. Their eighth colour, black, vanishes
on the dark theme, so the one kind that needs a ninth colour takes Paul Tol's wine instead.
"""

from __future__ import annotations

ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
BLUISH_GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILION = "#D55E00"
REDDISH_PURPLE = "#CC79A7"
WINE = "#882255"
GREY = "#999999"

NAMES = {
    VERMILION: "vermilion",
    BLUE: "blue",
    BLUISH_GREEN: "bluish green",
    WINE: "wine",
    ORANGE: "orange",
    SKY_BLUE: "sky blue",
    REDDISH_PURPLE: "reddish purple",
    YELLOW: "yellow",
    GREY: "grey",
}
OKABE_ITO = frozenset(
    {"#000000", ORANGE, SKY_BLUE, BLUISH_GREEN, YELLOW, BLUE, VERMILION, REDDISH_PURPLE, GREY}
)
ALLOWED = OKABE_ITO | {WINE}
NEUTRAL = "rgba(128, 128, 128, 0.85)"  # axes, answer lines and notes: readable on either theme
BAND = "rgba(128, 128, 128, 0.09)"


def rgb(colour: str) -> tuple[int, int, int]:
    """'#0072B2' as (0, 114, 178), for deck.gl."""
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)
