"""The deck the page draws: the legs, the countries and their names over a Carto basemap, and the
map in words for screen readers."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from dashboard.map.labels import label_places
from dashboard.map.legs import leg_lines, path_legs, shown_names
from dashboard.map.stops import country_points, unlocated
from dashboard.map.view import Opening
from dashboard.present.tables import records
from dashboard.schemas import ROUTE_STATUSES

LEGS_LAYER = "legs"
POINTS_LAYER = "countries"
LABELS_LAYER = "country-labels"
PICKED_LAYER = "picked-route"


class Deck(pdk.Deck):  # type: ignore[misc]
    """pydeck's Deck, serialized without indentation."""

    # pydeck indents its JSON, which keeps Python on its pure-Python encoder (about 6 ms per rerun
    # for this map's deck, against under 1 ms).
    def to_json(self) -> str:
        return json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"))


@dataclass(frozen=True, eq=False)
class RouteMap:
    """The deck of the selected routes, its legs, lines and points, the unlocated routes, and alt text."""

    deck: pdk.Deck
    legs: pd.DataFrame  # one row per leg of each distinct path (see legs.path_legs)
    lines: pd.DataFrame
    points: pd.DataFrame
    unlocated: pd.DataFrame
    alt: str


def _count(n: int, word: str) -> str:
    return f"{n:,} {word}" + ("" if n == 1 else "s")


def alt_text(
    routes: pd.DataFrame, lines: pd.DataFrame, missing: pd.DataFrame, outside: Sequence[str] = ()
) -> str:
    """The map in one or two plain sentences, for screen readers and as its caption."""
    counts = routes["status"].value_counts()
    order = [s for s in ROUTE_STATUSES if s in counts] + [s for s in counts.index if s not in ROUTE_STATUSES]
    statuses = ", ".join(f"{counts[s]:,} {s}" for s in order)
    text = (
        f"Map of {_count(len(routes), 'route')} in the selection ({statuses}), drawn as "
        f"{_count(len(lines), 'line')} "
        "between capitals; colour and line pattern show the status, thickness the number of claims."
    )
    if outside:
        text += f" Outside the opening view (zoom out to see): {', '.join(outside)}."
    if not missing.empty:
        names = "; ".join(missing["missing"].drop_duplicates().head(5))
        verb = "is" if len(missing) == 1 else "are"
        text += (
            f" {_count(len(missing), 'route')} through a place with no location {verb} listed below the map "
            f"instead of being drawn on a made-up spot ({names})."
        )
    return text


def _picked_layer(
    picked: str | None, routes: pd.DataFrame, legs: pd.DataFrame, lines: pd.DataFrame, ink: tuple[int, ...]
) -> list[pdk.Layer]:
    """An outline under the legs of the route picked in the list (none when it draws no line)."""
    if picked is None:
        return []
    chosen = routes.loc[routes["route_id"] == picked, ["path", "status"]].drop_duplicates()
    outlined = lines.merge(legs.merge(chosen, on="path")[["from", "to", "status"]].drop_duplicates())
    if outlined.empty:
        return []
    return [
        pdk.Layer(
            "PathLayer",
            id=PICKED_LAYER,
            data=[
                {"path": p, "width": w + 10} for p, w in zip(outlined["path"], outlined["width"], strict=True)
            ],
            get_path="path",
            get_width="width",
            width_units="'pixels'",
            get_color=[*ink, 110],
            cap_rounded=True,
            joint_rounded=True,
            pickable=False,
        )
    ]


def route_map(
    routes: pd.DataFrame,
    countries: pd.DataFrame,
    names: Mapping[str, str],
    opened: Opening,
    dark: bool = False,
    picked: str | None = None,
) -> RouteMap:
    """The deck of the selected routes at the package's opening view, so it stays put when filters change."""
    legs = path_legs(routes["path"], countries)
    lines = leg_lines(routes, legs, names)
    points = country_points(routes, countries, names)
    points["anchor"], points["offset"] = label_places(points, opened)
    missing = unlocated(routes, countries, names)
    ink, halo = ((235, 235, 235), (20, 20, 20)) if dark else ((40, 40, 40), (255, 255, 255))
    # pydeck reads a bare string as a JavaScript expression; a quoted one ("'pixels'") stays a string.
    layers = [
        *_picked_layer(picked, routes, legs, lines, ink),
        pdk.Layer(
            "PathLayer",
            id=LEGS_LAYER,
            data=records(
                lines, ["from", "to", "status", "claims", "width", "color", "dash", "path", "tooltip_text"]
            ),
            get_path="path",
            get_color="color",
            get_width="width",
            width_units="'pixels'",
            get_dash_array="dash",
            extensions=[{"@@type": "PathStyleExtension", "dash": True}],
            pickable=True,
            auto_highlight=True,
        ),
        pdk.Layer(
            "ScatterplotLayer",
            id=POINTS_LAYER,
            data=records(points, ["code", "lon", "lat", "roles", "routes", "tooltip_text"]),
            get_position=["lon", "lat"],
            get_fill_color=[*ink, 230],
            get_line_color=[*halo, 255],
            stroked=True,
            line_width_min_pixels=2,
            get_radius=6,
            radius_units="'pixels'",
            pickable=True,
        ),
        pdk.Layer(
            "TextLayer",
            id=LABELS_LAYER,
            data=records(points, ["code", "lon", "lat", "label", "anchor", "offset", "routes"]),
            get_position=["lon", "lat"],
            get_text="label",
            get_color=[*ink, 255],
            get_size=13,
            size_units="'pixels'",
            get_text_anchor="anchor",
            get_alignment_baseline="'center'",
            get_pixel_offset="offset",
            font_family='"Source Sans Pro, Helvetica Neue, Arial, sans-serif"',
            background=True,
            get_background_color=[*halo, 200],
            background_padding=[3, 1, 3, 1],
            character_set="'auto'",
            pickable=False,
        ),
    ]
    view = pdk.ViewState(
        latitude=opened.latitude, longitude=opened.longitude, zoom=opened.zoom, pitch=0, bearing=0
    )
    deck = Deck(
        layers=layers,
        initial_view_state=view,
        map_provider="carto",
        map_style=None,
        tooltip={"text": "{tooltip_text}", "style": {"maxWidth": "340px", "fontSize": "13px"}},
    )
    shown = shown_names(names)
    outside = [shown.get(c, c) for c in opened.far["code"] if c in set(points["code"])]
    return RouteMap(deck, legs, lines, points, missing, alt_text(routes, lines, missing, outside))
