"""Where the map opens: fitted to the whole package's places, so that a filter never moves it."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

DEFAULT_VIEW = (47.0, 20.0, 3.5)  # latitude, longitude, zoom when no place on the routes is located
HUB_RADIUS = 40.0
PHONE_WIDTH = 360
MAP_HEIGHT = 480


@dataclass(frozen=True, eq=False)
class Opening:
    """The opening view: the places fitted in it and those left outside, the hub's longitude, and
    the view's centre and zoom."""

    near: pd.DataFrame
    far: pd.DataFrame
    hub_lon: float
    latitude: float
    longitude: float
    zoom: float


def _mercator_y(lat: float) -> float:
    clipped = max(min(lat, 85.0), -85.0)
    return math.log(math.tan(math.pi / 4 + math.radians(clipped) / 2))


def hub(all_routes: pd.DataFrame, countries: pd.DataFrame) -> tuple[pd.DataFrame, float, float]:
    """The located places on the routes, and their weighted median position (weight: times named)."""
    named: dict[str, int] = {}
    for path, times in all_routes["path"].value_counts().items():
        for code in str(path).split(">"):
            named[code] = named.get(code, 0) + int(times)
    places = countries.loc[countries["code"].isin(list(named))].dropna(subset=["lat", "lon"])
    if places.empty:
        return places, DEFAULT_VIEW[1], DEFAULT_VIEW[0]
    weights = np.array([named[code] for code in places["code"]], dtype=float)
    half = weights.sum() / 2

    def median(values: np.ndarray) -> float:
        order = np.argsort(values, kind="stable")
        return float(values[order][np.searchsorted(np.cumsum(weights[order]), half)])

    return places, median(places["lon"].to_numpy()), median(places["lat"].to_numpy())


def opening_places(
    all_routes: pd.DataFrame, countries: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame, float]:
    """The located stops the map opens on (those within HUB_RADIUS degrees of the hub), those left
    outside the opening view, and the hub's longitude."""
    # One far place (the United States among European transit states) would otherwise shrink Europe
    # to a dot; the caption names the places left outside.
    places, lon, lat = hub(all_routes, countries)
    near = np.hypot(places["lon"] - lon, places["lat"] - lat) <= HUB_RADIUS
    return places.loc[near], places.loc[~near], lon


def initial_view(
    places: pd.DataFrame, width: int = PHONE_WIDTH, height: int = MAP_HEIGHT
) -> tuple[float, float, float]:
    """Latitude, longitude and zoom of a view fitting `places` on a map `width` by `height` pixels."""
    # Fitted for a phone's width: wider screens show the same places with room around them.
    if places.empty:
        return DEFAULT_VIEW
    west, east = float(places["lon"].min()), float(places["lon"].max())
    south, north = float(places["lat"].min()), float(places["lat"].max())
    span_x = max((east - west) / 360.0, 1e-6)
    span_y = max((_mercator_y(north) - _mercator_y(south)) / (2 * math.pi), 1e-6)
    padding = 0.7
    zoom = math.log2(min(width * padding / (512 * span_x), height * padding / (512 * span_y)))
    middle_y = (_mercator_y(north) + _mercator_y(south)) / 2
    lat = math.degrees(2 * math.atan(math.exp(middle_y)) - math.pi / 2)
    return round(lat, 4), round((west + east) / 2, 4), round(max(min(zoom, 6.0), 1.0), 2)


def opening(tables: Mapping[str, pd.DataFrame]) -> Opening:
    """The opening view of a package's map; it depends on the package alone (`Package.derived`)."""
    near, far, hub_lon = opening_places(tables["routes"], tables["countries"])
    latitude, longitude, zoom = initial_view(near)
    return Opening(near, far, hub_lon, latitude, longitude, zoom)
