"""Colours: every style drawn from the palette, Okabe–Ito's, and kept apart for colour-blind readers."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from dashboard import exports, schemas
from dashboard.map import styles as map_styles
from dashboard.present import palette
from dashboard.timeline.figure import KIND_STYLE, OTHER_STYLE

# A colour difference (CIE76 ΔE*ab) that thin lines and small markers still show plainly:
# several times a just noticeable difference (≈ 2.3).
MIN_DELTA_E = 15.0
# Viénot, Brettel & Mollon (1999): linear RGB to LMS; a dichromat's missing cone response is
# rebuilt from the two others so that white and the blue primary look unchanged.
RGB_TO_LMS = np.array(
    [[17.8824, 43.5161, 4.11935], [3.45565, 27.1554, 3.86714], [0.0299566, 0.184309, 1.46709]]
)
RGB_TO_XYZ = np.array(
    [[0.4124564, 0.3575761, 0.1804375], [0.2126729, 0.7151522, 0.0721750], [0.0193339, 0.1191920, 0.9503041]]
)
WHITE_XYZ = np.array([0.95047, 1.0, 1.08883])


def hex_colour(rgb: tuple[int, int, int] | str) -> str:
    return rgb.upper() if isinstance(rgb, str) else "#{:02X}{:02X}{:02X}".format(*rgb)


def linear(colour: str) -> np.ndarray:
    srgb = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)]) / 255
    return np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)


def dichromat(missing: int) -> np.ndarray:
    """The linear-RGB matrix that shows a colour as seen without cone `missing` (0 = L, 1 = M)."""
    kept = 1 - missing
    white, blue = RGB_TO_LMS @ np.ones(3), RGB_TO_LMS @ np.array([0.0, 0.0, 1.0])
    a, b = np.linalg.solve([[white[kept], white[2]], [blue[kept], blue[2]]], [white[missing], blue[missing]])
    lms = np.eye(3)
    lms[missing] = 0.0
    lms[missing, kept], lms[missing, 2] = a, b
    matrix: np.ndarray = np.linalg.inv(RGB_TO_LMS) @ lms @ RGB_TO_LMS
    return matrix


VISION = {"typical": np.eye(3), "deuteranopia": dichromat(1), "protanopia": dichromat(0)}


def lab(colour: str, vision: str) -> np.ndarray:
    t = (RGB_TO_XYZ @ np.clip(VISION[vision] @ linear(colour), 0, 1)) / WHITE_XYZ
    f = np.where(t > (6 / 29) ** 3, np.cbrt(t), t / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def drawn_bases() -> list[str]:
    """The bases the exports time chart can draw (conversions always name their estimate, so are listed)."""
    figures = pd.DataFrame(
        {
            "basis": list(schemas.BASES),
            "derived_from": ["F01" if b == "conversion" else None for b in schemas.BASES],
            "period_start": pd.Timestamp("2020-01-01"),
            "period_end": pd.Timestamp("2020-12-31"),
            "value": 1.0,
        }
    )
    return list(figures.loc[exports.placement(figures) == "span", "basis"])


# Colours that can meet in one picture, by chart.
PALETTES = {
    "map status": {s: hex_colour(map_styles.style(s).colour) for s in schemas.ROUTE_STATUSES},
    "timeline kind": {k: KIND_STYLE[k][0].upper() for k in schemas.EVENT_KINDS},
    "exports basis": {b: exports.chart.BASIS_STYLES[b].colour.upper() for b in drawn_bases()},
}


def test_every_vocabulary_value_has_its_own_style() -> None:
    """No status, kind or basis of the data contract falls back to the grey meant for unknown values."""
    assert set(schemas.ROUTE_STATUSES) <= set(map_styles.STYLES)
    assert set(schemas.EVENT_KINDS) <= set(KIND_STYLE)
    assert set(schemas.BASES) <= set(exports.chart.BASIS_STYLES)
    assert len(PALETTES["exports basis"]) >= 4, PALETTES["exports basis"]


# Okabe & Ito (2008), as in R's palette.colors("Okabe-Ito"), whose ninth colour is grey #999999.
PUBLISHED_OKABE_ITO = {
    "#000000",
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#F0E442",
    "#0072B2",
    "#D55E00",
    "#CC79A7",
    "#999999",
}


def test_the_palette_is_okabe_ito_as_published() -> None:
    """The kit's Okabe–Ito colours are the published ones (a typo would pass every other colour test)."""
    assert palette.OKABE_ITO == PUBLISHED_OKABE_ITO
    assert PUBLISHED_OKABE_ITO | {palette.WINE} == palette.ALLOWED


def test_colours_are_okabe_ito_and_unknown_values_are_neutral_grey() -> None:
    """Every status, kind and basis colour is Okabe–Ito (or Tol's wine); the fallbacks for unknown values are grey."""
    used = {
        **{f"map {k}": hex_colour(s.colour) for k, s in map_styles.STYLES.items()},
        **{f"timeline {k}": c.upper() for k, (c, _) in KIND_STYLE.items()},
        **{f"exports {k}": s.colour.upper() for k, s in exports.chart.BASIS_STYLES.items()},
    }
    # Okabe–Ito's eighth colour is black, which vanishes on the dark theme: acknowledgements take Paul
    # Tol's wine instead, and the test below keeps it apart from the others for colour-blind readers.
    outside = {name: colour for name, colour in used.items() if colour not in palette.ALLOWED}
    assert not outside, f"not Okabe–Ito: {outside}"
    for fallback in (map_styles.UNKNOWN_STYLE.colour, OTHER_STYLE[0], exports.chart.FALLBACK_STYLE.colour):
        colour = hex_colour(fallback)
        assert colour[1:3] == colour[3:5] == colour[5:7], f"fallback {colour} is not a neutral grey"


KNOWN_CLOSE: dict[tuple[str, str], str] = {}


@pytest.mark.parametrize(
    ("chart", "vision"),
    [
        pytest.param(
            chart,
            vision,
            marks=[pytest.mark.xfail(reason=KNOWN_CLOSE[chart, vision], strict=True)]
            if (chart, vision) in KNOWN_CLOSE
            else [],
        )
        for chart in PALETTES
        for vision in VISION
    ],
)
def test_colours_stay_apart_for_colour_blind_readers(chart: str, vision: str) -> None:
    """Under simulated deuteranopia and protanopia every two colours of a chart still differ plainly."""
    palette = PALETTES[chart]
    close = [
        (round(float(np.linalg.norm(lab(a, vision) - lab(b, vision))), 1), x, y)
        for (x, a), (y, b) in itertools.combinations(palette.items(), 2)
        if np.linalg.norm(lab(a, vision) - lab(b, vision)) < MIN_DELTA_E
    ]
    assert not close, f"{chart} colours too alike with {vision} (ΔE, names): {close}"
