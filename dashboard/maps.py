"""The Route map: routes split into legs between capitals, styled by status, and each route's evidence.

A route `SRB>TUR>SVK>UKR` is three legs. Legs are drawn per (from, to, status): one line however
many claims name it, wider the more claims do, so the deck stays small when the data grows; the
tooltip lists the first few claims and the table under the map lists them all. A stop without
coordinates (a region such as "unnamed African states", or a country with empty lat/lon) is
never placed on the map: its legs are not drawn and are listed as unlocated instead.

Scale: paths repeat far more than they vary, so legs, stops and locations are worked out once per
distinct path and joined to the routes by counting, in one plain pass over the selected routes
(pandas' per-call overhead cost more than the work on a selection of a dozen routes). The
browser gets one line per (from, to, status) and one point per country; the route picker lists at
most PICKER_LIMIT routes, the evidence panel FOCUS_LIMIT, the unlocated list UNLOCATED_LIST.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from dashboard.present.formats import format_date, source_label, title_shown
from dashboard.present.text import SHORT, md_escape, one_line, safe_url
from dashboard.schemas import ROUTE_STATUSES, STATUS_MEANINGS

LEGS_LAYER = "legs"
POINTS_LAYER = "countries"
LABELS_LAYER = "country-labels"
PICKED_LAYER = "picked-route"
ARROW = " → "
NAME_LIMIT = 60
CLAIMANT_LIMIT = 80
TOOLTIP_CLAIMS = 5
WIDTH_ONE = 3.0
WIDTH_STEP = 2.5
WIDTH_CLAIMS_CAP = 5
CURVE_POINTS = 33
DEFAULT_VIEW = (47.0, 20.0, 3.5)
HUB_RADIUS = 40.0
MAP_HEIGHT = 480
UNLOCATED_LIST = 20
FOCUS_LIMIT = 10
PICKER_LIMIT = 1000


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
    "documented": Style((0, 158, 115), 255, (0.0, 0.0), "bluish green, solid line"),
    "reported": Style((0, 114, 178), 240, (5.0, 1.5), "blue, long dashes"),
    "alleged": Style((213, 94, 0), 225, (2.5, 2.0), "vermilion, short dashes"),
    "denied": Style((204, 121, 167), 170, (0.6, 2.0), "reddish purple, faint dots"),
}
UNKNOWN_STYLE = Style((128, 128, 128), 200, (0.0, 0.0), "grey, solid line")
ROLES = ("origin", "transit", "destination")


def style(status: str) -> Style:
    """The style of a status; a status outside the vocabulary is grey, never an error."""
    return STYLES.get(status, UNKNOWN_STYLE)


def leg_width(claims: int) -> float:
    """Line width in pixels: one claim is thin, each further claim (up to five) adds width."""
    return WIDTH_ONE + WIDTH_STEP * (min(max(claims, 1), WIDTH_CLAIMS_CAP) - 1)


def date_texts(dates: pd.Series, precisions: pd.Series) -> pd.Series:
    """Dates as far as known ('2025-05-29', '2023-02', '2023'), for a whole column at once."""
    precision = precisions.reindex(dates.index)
    texts = [
        format_date(date, kind if isinstance(kind, str) else "day")
        for date, kind in zip(dates, precision, strict=True)
    ]
    return pd.Series(texts, index=dates.index, dtype=object)


def _name_of(names: Mapping[str, str], limit: int | None) -> dict[str, str]:
    return {code: one_line(name, limit) for code, name in names.items()}


def path_names(paths: pd.Series, names: Mapping[str, str], limit: int | None = None) -> pd.Series:
    """Each path in country names joined by arrows (computed once per distinct path)."""
    shown = _name_of(names, limit)
    values = paths.tolist()
    distinct = {path: _path_text(path, shown) for path in dict.fromkeys(values)}
    return pd.Series([distinct[path] for path in values], index=paths.index, dtype=object)


def _path_text(path: object, shown: Mapping[str, str]) -> str:
    return ARROW.join(shown.get(code, code) for code in str(path).split(">"))


def path_stops(paths: pd.Series) -> pd.DataFrame:
    """One row per stop of each distinct path: path, position, code and role, and the next stop."""
    rows = []
    for path in paths.unique():
        codes = str(path).split(">")
        last = len(codes) - 1
        for position, code in enumerate(codes):
            role = "origin" if position == 0 else "destination" if position == last else "transit"
            rows.append((path, position, code, role, codes[position + 1] if position < last else None))
    return pd.DataFrame(rows, columns=["path", "position", "code", "role", "next"])


def _places(countries: pd.DataFrame) -> dict[str, tuple[float, float]]:
    """Code -> (lat, lon) of each located country (the first row of a code)."""
    places: dict[str, tuple[float, float]] = {}
    seen: set[str] = set()
    for code, lat, lon in zip(
        countries["code"].tolist(), countries["lat"].tolist(), countries["lon"].tolist(), strict=True
    ):
        if code in seen:
            continue
        seen.add(code)
        if pd.notna(lat) and pd.notna(lon):
            places[str(code)] = (float(lat), float(lon))
    return places


def path_legs(paths: pd.Series, countries: pd.DataFrame) -> pd.DataFrame:
    """One row per leg of each distinct path: path, leg number, from, to, their coordinates, and located."""
    places = _places(countries)
    nowhere = (math.nan, math.nan)
    rows = []
    for path in dict.fromkeys(paths.tolist()):
        codes = str(path).split(">")
        for leg, (start, end) in enumerate(itertools.pairwise(codes)):
            (from_lat, from_lon), (to_lat, to_lon) = places.get(start, nowhere), places.get(end, nowhere)
            rows.append(
                (path, leg, start, end, from_lat, from_lon, to_lat, to_lon, start in places and end in places)
            )
    columns = ["path", "leg", "from", "to", "from_lat", "from_lon", "to_lat", "to_lon", "located"]
    if not rows:
        return pd.DataFrame(rows, columns=columns).astype({"leg": "int64", "located": bool})
    values = list(zip(*rows, strict=True))
    return pd.DataFrame(
        {
            **{name: list(column) for name, column in zip(columns, values, strict=True)},
            "leg": np.array(values[1], dtype=np.int64),
            "located": np.array(values[8], dtype=bool),
        }
    )


def _claim_lines(routes: pd.DataFrame, rows: Sequence[int], names: Mapping[str, str]) -> list[str]:
    """'R7 (Serbia → Bulgaria → Ukraine): SVR, first reported 2025-05-29' for each of `rows` (positions)."""
    shown = _name_of(names, NAME_LIMIT)
    column = {
        name: routes[name].tolist()
        for name in ("route_id", "path", "claimant", "first_reported", "first_reported_precision")
    }
    lines = []
    for i in rows:
        precision = column["first_reported_precision"][i]
        date = format_date(column["first_reported"][i], precision if isinstance(precision, str) else "day")
        lines.append(
            f"{column['route_id'][i]} ({_path_text(column['path'][i], shown)}): "
            f"{one_line(column['claimant'][i], CLAIMANT_LIMIT)}, first reported {date}"
        )
    return lines


def _curves(starts: np.ndarray, ends: np.ndarray, bends: np.ndarray) -> np.ndarray:
    """Quadratic curves from each start to each end, bowed sideways by `bends` x their length."""
    t = np.linspace(0.0, 1.0, CURVE_POINTS)[None, :, None]
    delta = ends - starts
    normal = np.stack([-delta[:, 1], delta[:, 0]], axis=1)
    control = (starts + ends) / 2 + normal * bends[:, None]
    a, b, c = starts[:, None, :], control[:, None, :], ends[:, None, :]
    curves: np.ndarray = (1 - t) ** 2 * a + 2 * (1 - t) * t * b + t**2 * c
    return curves


def leg_lines(routes: pd.DataFrame, legs: pd.DataFrame, names: Mapping[str, str]) -> pd.DataFrame:
    """The drawn lines: one per located (from, to, status), with claims, width, style, path and tooltip.

    However many claims name a leg, it is one line; its tooltip lists the earliest few claims. One
    pass over the routes counts and ranks them; the rest runs per distinct path and status.
    """
    keys = ["from", "to", "status"]
    columns = [*keys, "claims", "width", "color", "dash", "path", "tooltip_text"]
    located: dict[tuple[str, str, str], list[float]] = {}
    for path, start, end, *points, ok in zip(
        *(
            legs[c].tolist()
            for c in ("path", "from", "to", "from_lon", "from_lat", "to_lon", "to_lat", "located")
        ),
        strict=True,
    ):
        if ok:
            located.setdefault((path, start, end), points)
    if not located or routes.empty:
        return pd.DataFrame(columns=columns)
    paths, statuses = routes["path"].tolist(), routes["status"].tolist()
    claims_of: dict[tuple[str, str], int] = {}
    for pair in zip(paths, statuses, strict=True):
        claims_of[pair] = claims_of.get(pair, 0) + 1
    statuses_of: dict[str, list[str]] = {}
    for path, status in claims_of:
        statuses_of.setdefault(path, []).append(status)
    # The earliest TOOLTIP_CLAIMS claims of each (path, status): by date, undated last, then in row order.
    dates = routes["first_reported"]
    ranking = np.lexsort((np.arange(len(routes)), dates.to_numpy().view("int64"), dates.isna().to_numpy()))
    taken: dict[tuple[str, str], int] = {}
    earliest = []
    for i in ranking.tolist():
        pair = (paths[i], statuses[i])
        if taken.get(pair, 0) < TOOLTIP_CLAIMS:
            taken[pair] = taken.get(pair, 0) + 1
            earliest.append(i)
    first_of: dict[tuple[str, str], list[tuple[int, str]]] = {}
    for rank, (i, text) in enumerate(zip(earliest, _claim_lines(routes, earliest, names), strict=True)):
        first_of.setdefault((paths[i], statuses[i]), []).append((rank, text))
    shown = _name_of(names, NAME_LIMIT)
    found: dict[tuple[str, str, str], dict[str, Any]] = {}
    for (path, start, end), points in located.items():
        for status in statuses_of.get(path, []):
            line = found.setdefault((start, end, status), {"claims": 0, "ends": points, "first": []})
            line["claims"] += claims_of[(path, status)]
            line["first"] += first_of.get((path, status), [])
    order = {status: i for i, status in enumerate(ROUTE_STATUSES)}
    ranked = sorted(found, key=lambda k: (k[0], k[1], order.get(k[2], len(order))))
    slots: list[int] = []
    previous, slot = None, 0
    for start, end, _ in ranked:
        slot = slot + 1 if (start, end) == previous else 0
        previous = (start, end)
        slots.append(slot)
    curves = _curves(
        np.array([found[k]["ends"][:2] for k in ranked], dtype=float),
        np.array([found[k]["ends"][2:] for k in ranked], dtype=float),
        0.12 + 0.1 * np.array(slots, dtype=float),
    )
    paths = np.round(curves, 5).tolist()
    rows = []
    for key, path in zip(ranked, paths, strict=True):
        start, end, status = key
        line, look = found[key], style(status)
        claims = int(line["claims"])
        listed = "\n".join(text for _, text in sorted(line["first"])[:TOOLTIP_CLAIMS])
        more = claims - TOOLTIP_CLAIMS
        tooltip = (
            f"{shown.get(start, start)}{ARROW}{shown.get(end, end)}\n{status} · named by {claims:,} "
            f"{'claim' if claims == 1 else 'claims'}\n{listed}"
            + (f"\n… and {more:,} more claims (see the table)" if more > 0 else "")
            + "\nClick the line for the evidence."
        )
        rows.append(
            (
                start,
                end,
                status,
                claims,
                leg_width(claims),
                [*look.colour, look.alpha],
                list(look.dash),
                path,
                tooltip,
            )
        )
    return pd.DataFrame(rows, columns=columns)


def country_points(routes: pd.DataFrame, countries: pd.DataFrame, names: Mapping[str, str]) -> pd.DataFrame:
    """Located countries on the routes: code, position, roles, route count, label and tooltip."""
    columns = ["code", "lon", "lat", "roles", "routes", "label", "tooltip_text"]
    places = _places(countries)
    times: dict[str, int] = {}
    for path in routes["path"].tolist():
        times[path] = times.get(path, 0) + 1
    roles: dict[str, set[str]] = {}
    count: dict[str, int] = {}
    for path, n in times.items():
        codes = str(path).split(">")
        last = len(codes) - 1
        for position, code in enumerate(codes):
            if code in places:
                roles.setdefault(code, set()).add(
                    "origin" if position == 0 else "destination" if position == last else "transit"
                )
        for code in set(codes) & places.keys():
            count[code] = count.get(code, 0) + int(n)
    shown = _name_of(names, NAME_LIMIT)
    rows = []
    for code in sorted(roles):
        lat, lon = places[code]
        role = ", ".join(r for r in ROLES if r in roles[code])
        name, n = shown.get(code, code), count[code]
        tooltip = (
            f"{name}\n{role.capitalize()} on {n:,} {'route' if n == 1 else 'routes'} in the selection\n"
            "Click the point for the routes through it."
        )
        rows.append((code, lon, lat, role, n, f"{name} ({role})", tooltip))
    return pd.DataFrame(rows, columns=columns).astype({"routes": "int64", "lon": float, "lat": float})


def unlocated(routes: pd.DataFrame, countries: pd.DataFrame, names: Mapping[str, str]) -> pd.DataFrame:
    """Routes with a stop that has no location: which stops, why, and how much of the route is drawn.

    Worked out once per distinct path, then given to every route on that path.
    """
    columns = ["route_id", "path_text", "status", "claimant", "missing", "drawn"]
    places = _places(countries)
    kinds = dict(zip(countries["code"], countries["kind"], strict=True))
    shown = _name_of(names, NAME_LIMIT)

    def why(code: str) -> str:
        name = shown.get(code, code)
        if code not in kinds:
            return f"{name}: a code not in countries.csv"
        if kinds[code] == "region":
            return f"{name}: a region, not one country"
        return f"{name}: no coordinates in countries.csv"

    missing, drawn = {}, {}
    paths = routes["path"].tolist()
    for path in dict.fromkeys(paths):
        codes = str(path).split(">")
        bad = [code for code in dict.fromkeys(codes) if code not in places]
        if not bad:
            continue
        missing[path] = "; ".join(why(code) for code in bad)
        legs = list(itertools.pairwise(codes))
        ok = sum(start in places and end in places for start, end in legs)
        drawn[path] = "not drawn" if ok == 0 else f"drawn in part: {ok} of {len(legs)} legs"
    if not missing:
        return pd.DataFrame(columns=columns)
    rows = [i for i, path in enumerate(paths) if path in missing]
    ids, statuses, claimants = (routes[c].tolist() for c in ("route_id", "status", "claimant"))
    return pd.DataFrame(
        {
            "route_id": [ids[i] for i in rows],
            "path_text": [_path_text(paths[i], shown) for i in rows],
            "status": [statuses[i] for i in rows],
            "claimant": [claimants[i] for i in rows],
            "missing": [missing[paths[i]] for i in rows],
            "drawn": [drawn[paths[i]] for i in rows],
        },
        dtype=object,
    )


def unlocated_markdown(missing: pd.DataFrame, limit: int = UNLOCATED_LIST) -> str:
    """The unlocated routes as a Markdown list (the first `limit`), every data value escaped."""
    lines = [
        f"- **{md_escape(row['route_id'])}** · {md_escape(row['path_text'])} ({md_escape(row['status'])}; "
        f"{md_escape(one_line(row['claimant'], CLAIMANT_LIMIT))}): {md_escape(row['drawn'])}. "
        f"No location for {md_escape(row['missing'])}."
        for row in missing.head(limit).to_dict("records")
    ]
    if len(missing) > limit:
        lines.append(
            f"- … and {len(missing) - limit:,} more routes through a place with no location; "
            "the table marks each under “on the map”."
        )
    return "\n".join(lines)


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
    """The located stops the map opens on, those left outside the opening view, and the hub's longitude.

    The view centres on the hub (the weighted median of the stops) and fits every place within
    HUB_RADIUS degrees of it; one far place (the United States among European transit states)
    would otherwise shrink Europe to a dot. The caption names the places left outside.
    """
    places, lon, lat = hub(all_routes, countries)
    near = np.hypot(places["lon"] - lon, places["lat"] - lat) <= HUB_RADIUS
    return places.loc[near], places.loc[~near], lon


PHONE_WIDTH = 360


def initial_view(places: pd.DataFrame, width: int = PHONE_WIDTH, height: int = MAP_HEIGHT) -> pdk.ViewState:
    """A view fitting `places` (the whole package's, so that a filter never moves the map).

    Fitted for a map 360 px wide, a phone's: wider screens show the same places with room around them.
    """
    if places.empty:
        lat, lon, zoom = DEFAULT_VIEW
        return pdk.ViewState(latitude=lat, longitude=lon, zoom=zoom, pitch=0, bearing=0)
    west, east = float(places["lon"].min()), float(places["lon"].max())
    south, north = float(places["lat"].min()), float(places["lat"].max())
    span_x = max((east - west) / 360.0, 1e-6)
    span_y = max((_mercator_y(north) - _mercator_y(south)) / (2 * math.pi), 1e-6)
    padding = 0.7
    zoom = math.log2(min(width * padding / (512 * span_x), height * padding / (512 * span_y)))
    middle_y = (_mercator_y(north) + _mercator_y(south)) / 2
    lat = math.degrees(2 * math.atan(math.exp(middle_y)) - math.pi / 2)
    return pdk.ViewState(
        latitude=round(lat, 4),
        longitude=round((west + east) / 2, 4),
        zoom=round(max(min(zoom, 6.0), 1.0), 2),
        pitch=0,
        bearing=0,
    )


# A label's box on screen, in pixels, for the TextLayer below (13 px text on a box padded 3 px
# left and right, 1 px top and bottom). 6 px a character is what Chromium drew "Czech Republic
# (transit)" and "Poland (transit)" with: 5.8 and 5.5.
LABEL_CHAR_PX = 6.0
LABEL_HEIGHT_PX = 16.0
LABEL_PAD_PX = 3.0
DOT_PX = 8.0  # a country's dot: radius 6 px and a 2 px outline
# Where a label can go, as (anchor, pixel offset): right of its dot, left, above, below.
LABEL_SPOTS = (("start", (10, 0)), ("end", (-10, 0)), ("middle", (0, -14)), ("middle", (0, 14)))


def _screen(lon: np.ndarray, lat: np.ndarray, zoom: float) -> tuple[np.ndarray, np.ndarray]:
    """Web Mercator pixels at `zoom` (deck.gl's world is 512 px wide at zoom 0)."""
    size = 512 * 2.0**zoom
    clipped = np.radians(np.clip(lat, -85.0, 85.0))
    return lon / 360 * size, -np.log(np.tan(np.pi / 4 + clipped / 2)) / (2 * np.pi) * size


def _overlaps(boxes: np.ndarray, others: np.ndarray) -> np.ndarray:
    """For each of `boxes`, the area it shares with `others` (both rows of left, top, right, bottom)."""
    wide = np.minimum(boxes[:, None, 2], others[None, :, 2]) - np.maximum(
        boxes[:, None, 0], others[None, :, 0]
    )
    high = np.minimum(boxes[:, None, 3], others[None, :, 3]) - np.maximum(
        boxes[:, None, 1], others[None, :, 1]
    )
    return (np.maximum(wide, 0.0) * np.maximum(high, 0.0)).sum(axis=1)  # type: ignore[no-any-return]


def label_places(
    points: pd.DataFrame, near: pd.DataFrame, hub_lon: float, view: pdk.ViewState
) -> tuple[list[str], list[list[int]]]:
    """Each country label's anchor and pixel offset, so that at the opening `view` labels cover each
    other and the dots as little as they can, and stay inside a phone's map (PHONE_WIDTH by MAP_HEIGHT).

    A label's first choice is away from the hub, or above its dot near the view's east and west edges.
    Countries on the most routes choose first; a label whose first choice is covered, or runs off a
    phone's map, goes to the free side (right, left, above, below) or, if none is free, to the least
    covered one (then the one least off the map). Labels that still overlap come apart when zooming
    in; every country is also named in its tooltip and in the table.
    """
    west, east = (near["lon"].min(), near["lon"].max()) if not near.empty else (hub_lon, hub_lon)
    margin = (east - west) * 0.2
    lons = points["lon"].to_numpy(dtype=float)
    xs, ys = _screen(lons, points["lat"].to_numpy(dtype=float), view.zoom)
    (cx,), (cy,) = _screen(np.array([view.longitude]), np.array([view.latitude]), view.zoom)
    frame = np.array([[cx - PHONE_WIDTH / 2, cy - MAP_HEIGHT / 2, cx + PHONE_WIDTH / 2, cy + MAP_HEIGHT / 2]])
    # Every label's box in every spot: shape (label, spot, left/top/right/bottom).
    widths = np.array([len(str(label)) for label in points["label"].tolist()]) * LABEL_CHAR_PX
    shift = np.array([{"start": 0.0, "end": -1.0, "middle": -0.5}[anchor] for anchor, _ in LABEL_SPOTS])
    dx, dy = (np.array([offset[axis] for _, offset in LABEL_SPOTS], dtype=float) for axis in (0, 1))
    left = xs[:, None] + dx + shift * widths[:, None]
    middle = ys[:, None] + dy
    boxes = np.stack(
        [
            left - LABEL_PAD_PX,
            middle - LABEL_HEIGHT_PX / 2,
            left + widths[:, None] + LABEL_PAD_PX,
            middle + LABEL_HEIGHT_PX / 2,
        ],
        axis=-1,
    )
    area = (boxes[..., 2] - boxes[..., 0]) * (boxes[..., 3] - boxes[..., 1])
    outside = area - _overlaps(boxes.reshape(-1, 4), frame).reshape(area.shape)
    # What a label may cover: the dots (its own moved out of the way while it chooses), then the labels placed.
    count = len(points)
    taken = np.vstack(
        [np.column_stack([xs - DOT_PX, ys - DOT_PX, xs + DOT_PX, ys + DOT_PX]), np.zeros((count, 4))]
    )
    routes, codes = points["routes"].tolist(), points["code"].tolist()
    spots = [0] * count
    for done, i in enumerate(sorted(range(count), key=lambda k: (-routes[k], codes[k]))):
        edge = lons[i] <= west + margin or lons[i] >= east - margin
        first = 2 if edge else 1 if lons[i] < hub_lon else 0
        own = taken[i].copy()
        taken[i] = np.inf
        # Covering a label or a dot weighs more than running off a phone's map (which pans).
        covered = _overlaps(boxes[i], taken[: count + done])
        taken[i] = own
        ranks = [first, *(k for k in range(len(LABEL_SPOTS)) if k != first)]
        spots[i] = min(ranks, key=lambda k: (covered[k], outside[i, k], ranks.index(k)))
        taken[count + done] = boxes[i, spots[i]]
    return [LABEL_SPOTS[k][0] for k in spots], [list(LABEL_SPOTS[k][1]) for k in spots]


class Deck(pdk.Deck):  # type: ignore[misc]
    """pydeck's Deck, serialized without indentation: pydeck indents its JSON, which keeps Python on
    its pure-Python encoder (about 6 ms per rerun for this map's deck, against under 1 ms)."""

    def to_json(self) -> str:
        return json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"))


@dataclass(frozen=True)
class Opening:
    """Where the map opens, from the whole package (so a filter never moves it): see `opening`."""

    near: pd.DataFrame
    far: pd.DataFrame
    hub_lon: float
    view: pdk.ViewState


def opening(tables: Mapping[str, pd.DataFrame]) -> Opening:
    """The opening view of a package's map; it depends on the package alone (`Package.derived`)."""
    near, far, hub_lon = opening_places(tables["routes"], tables["countries"])
    return Opening(near, far, hub_lon, initial_view(near))


@dataclass(frozen=True)
class RouteMap:
    """What the Route map page draws: the deck, its lines and points, the unlocated routes, and alt text."""

    deck: pdk.Deck
    legs: pd.DataFrame  # one row per leg of each distinct path (see path_legs)
    lines: pd.DataFrame
    points: pd.DataFrame
    unlocated: pd.DataFrame
    alt: str


def _count(n: int, word: str) -> str:
    return f"{n:,} {word}" + ("" if n == 1 else "s")


def describe(
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


def route_map(
    routes: pd.DataFrame,
    countries: pd.DataFrame,
    names: Mapping[str, str],
    all_routes: pd.DataFrame,
    dark: bool = False,
    picked: str | None = None,
    opened: Opening | None = None,
) -> RouteMap:
    """The deck of the selected routes; the view fits `all_routes` so it stays put when filters change.

    `opened` is `opening` of the package, when the caller keeps it (it depends on the package alone).
    """
    if opened is None:
        opened = opening({"routes": all_routes, "countries": countries})
    near, far, hub_lon = opened.near, opened.far, opened.hub_lon
    legs = path_legs(routes["path"], countries)
    lines = leg_lines(routes, legs, names)
    points = country_points(routes, countries, names)
    points["anchor"], points["offset"] = label_places(points, near, hub_lon, opened.view)
    missing = unlocated(routes, countries, names)
    ink, halo = ((235, 235, 235), (20, 20, 20)) if dark else ((40, 40, 40), (255, 255, 255))
    # pydeck reads a bare string as a JavaScript expression; a quoted one ("'pixels'") stays a string.
    layers = []
    picked_lines = lines.iloc[:0]
    if picked is not None:
        chosen = routes.loc[routes["route_id"] == picked, ["path", "status"]].drop_duplicates()
        picked_lines = lines.merge(legs.merge(chosen, on="path")[["from", "to", "status"]].drop_duplicates())
    if not picked_lines.empty:
        layers.append(
            pdk.Layer(
                "PathLayer",
                id=PICKED_LAYER,
                data=[
                    {"path": p, "width": w + 10}
                    for p, w in zip(picked_lines["path"], picked_lines["width"], strict=True)
                ],
                get_path="path",
                get_width="width",
                width_units="'pixels'",
                get_color=[*ink, 110],
                cap_rounded=True,
                joint_rounded=True,
                pickable=False,
            )
        )
    layers += [
        pdk.Layer(
            "PathLayer",
            id=LEGS_LAYER,
            data=_records(
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
            data=_records(points, ["code", "lon", "lat", "roles", "routes", "tooltip_text"]),
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
            data=_records(points, ["code", "lon", "lat", "label", "anchor", "offset", "routes"]),
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
    deck = Deck(
        layers=layers,
        initial_view_state=opened.view,
        map_provider="carto",
        map_style=None,
        tooltip={"text": "{tooltip_text}", "style": {"maxWidth": "340px", "fontSize": "13px"}},
    )
    shown = _name_of(names, NAME_LIMIT)
    outside = [shown.get(c, c) for c in far["code"] if c in set(points["code"])]
    return RouteMap(deck, legs, lines, points, missing, describe(routes, lines, missing, outside))


@dataclass(frozen=True)
class Focus:
    """The routes the evidence panel shows (at most FOCUS_LIMIT), and a heading saying why (Markdown, escaped)."""

    route_ids: tuple[str, ...]
    heading: str


def _focused(ids: pd.Series, heading: str) -> Focus:
    distinct = ids.drop_duplicates()
    if len(distinct) > FOCUS_LIMIT:
        heading += f" (the first {FOCUS_LIMIT} of {len(distinct):,}; the table lists them all)"
    return Focus(tuple(str(i) for i in distinct.iloc[:FOCUS_LIMIT]), heading)


def focus(
    picked: str | None,
    objects: Mapping[str, Sequence[Mapping[str, Any]]],
    routes: pd.DataFrame,
    legs: pd.DataFrame,
    names: Mapping[str, str],
) -> Focus:
    """The route picked in the list, else the claims on the clicked line or through the clicked country.

    Ids are checked against the routes in the selection, so a stale pick or click shows nothing.
    """
    if picked is not None and (routes["route_id"] == picked).any():
        return Focus((picked,), "Route chosen in the list")
    shown = _name_of(names, NAME_LIMIT)
    for item in objects.get(LEGS_LAYER, []):
        start, end, status = item.get("from"), item.get("to"), item.get("status")
        paths = legs.loc[(legs["from"] == start) & (legs["to"] == end), "path"].unique()
        hit = routes.loc[routes["path"].isin(paths) & (routes["status"] == status), "route_id"]
        if not hit.empty:
            line = f"{shown.get(str(start), str(start))}{ARROW}{shown.get(str(end), str(end))}"
            return _focused(hit, f"Claims naming the line {md_escape(line)} ({md_escape(status)})")
    for item in objects.get(POINTS_LAYER, []):
        code = item.get("code")
        paths = legs.loc[(legs["from"] == code) | (legs["to"] == code), "path"].unique()
        hit = routes.loc[routes["path"].isin(paths), "route_id"]
        if not hit.empty:
            return _focused(hit, f"Routes through {md_escape(shown.get(str(code), str(code)))}")
    return Focus((), "")


def route_labels(routes: pd.DataFrame, names: Mapping[str, str], limit: int = PICKER_LIMIT) -> dict[str, str]:
    """Route id -> one line for the route picker (the first `limit` routes): id, path, status, claimant."""
    listed = routes.head(limit)
    shown = _name_of(names, NAME_LIMIT)
    return {
        route: f"{route} · {_path_text(path, shown)} ({status}; {one_line(claimant, CLAIMANT_LIMIT)})"
        for route, path, status, claimant in zip(
            *(listed[c].tolist() for c in ("route_id", "path", "status", "claimant")), strict=True
        )
    }


def picker_help(count: int, limit: int = PICKER_LIMIT) -> str:
    """What the route picker lists."""
    if count <= limit:
        return "Every route in the selection; type to search."
    return f"The first {limit:,} of {count:,} routes; narrow the filters to find others, or use the table."


def _source_name(sources: pd.DataFrame) -> pd.Series:
    """Who wrote the text, and where it was read: 'Reuters (copy on WKZO)' (`formats.source_label`)."""
    names = [
        source_label(publisher, kind, original)
        for publisher, kind, original in zip(
            sources["publisher"], sources["kind"], sources["original_publisher"], strict=True
        )
    ]
    return pd.Series(names, index=sources.index, dtype=object)


# A strict subset of what `safe_url` accepts: http(s), an ASCII host and optional port, then printable
# ASCII only. Such an address cannot hold a space, a control, a bracket or a non-ASCII character, so
# `safe_url` would return it unchanged; every other address still goes through `safe_url` itself.
_PLAIN_HTTP = r"https?://[A-Za-z0-9.-]+(:[0-9]+)?([/?#][!-~]*)?"


def safe_links(urls: pd.Series) -> pd.Series:
    """`safe_url` of each address (None for anything but http(s)), fast for plain addresses."""
    text = urls.astype(object).where(urls.notna(), "").astype(str)
    plain_http = text.str.fullmatch(_PLAIN_HTTP).fillna(False).astype(bool)
    links = [url if ok else safe_url(url) for url, ok in zip(text.tolist(), plain_http.tolist(), strict=True)]
    return pd.Series(links, index=urls.index, dtype=object)


def routes_table(
    routes: pd.DataFrame, legs: pd.DataFrame, sources: pd.DataFrame, names: Mapping[str, str]
) -> pd.DataFrame:
    """The routes as the map's text twin: path in names, status, claimant, date, source with its link.

    Called with the routes the page lists (at most `formats.ROW_LIMIT`), so it works row by row in
    plain Python; only the sources those routes cite are looked up.
    """
    ids = routes["source_id"].tolist()
    cited = sources.loc[sources["source_id"].isin(set(ids)) & sources["url"].notna()]
    cited = cited.drop_duplicates("source_id")
    name_of = dict(zip(cited["source_id"], _source_name(cited), strict=True))
    link_of = dict(zip(cited["source_id"], safe_links(cited["url"]), strict=True))
    located: dict[str, list[int]] = {}
    for path, ok in zip(legs["path"].tolist(), legs["located"].tolist(), strict=True):
        counts = located.setdefault(path, [0, 0])
        counts[0] += bool(ok)
        counts[1] += 1
    on_map = []
    for path in routes["path"].tolist():
        drawn, total = located.get(path, (-1, -2))  # no legs: neither all nor none drawn
        on_map.append(
            "yes"
            if drawn == total
            else "no: a stop has no location"
            if drawn == 0
            else "in part: a stop has no location"
        )
    return pd.DataFrame(
        {
            "route": routes["route_id"].tolist(),
            "path": path_names(routes["path"], names).tolist(),
            "status": routes["status"].tolist(),
            "claimant": routes["claimant"].tolist(),
            "first reported": date_texts(
                routes["first_reported"], routes["first_reported_precision"]
            ).tolist(),
            "goods": routes["goods"].fillna("").tolist(),
            "source": [name_of.get(i, i) for i in ids],
            "link": [link_of.get(i) for i in ids],
            "on the map": on_map,
            "note": routes["note"].fillna("").tolist(),
        },
        dtype=object,
    )


@dataclass(frozen=True)
class Evidence:
    """One route's evidence: the claim, the answers to it (Markdown, escaped) and its sources."""

    route_id: str
    markdown: str
    sources: pd.DataFrame


def _event_line(event: Mapping[str, Any]) -> str:
    when = format_date(event["date"], event["date_precision"])
    kind = str(event["kind"]).replace("_", " ")
    return (
        f"({md_escape(event['event_id'])}) {md_escape(when)} · {md_escape(event['actor'])} · "
        f"{md_escape(kind)} · confidence {md_escape(event['confidence'])}: {md_escape(event['summary'], SHORT)}"
    )


def _text(value: object) -> str | None:
    """A text cell, or None when it is empty."""
    return value if isinstance(value, str) and value else None


def _cited(role: str, event: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(role, source id) for the event's primary source and each additional one."""
    also = _text(event.get("also_source_ids")) or ""
    return [(role, str(event["source_id"]))] + [(role, s) for s in also.split(";") if s]


def sources_cited(cited: Sequence[tuple[str, str]], sources: pd.DataFrame) -> pd.DataFrame:
    """The cited sources in order, each once: what it supports, publisher and date, link (http(s) only), title."""
    roles = pd.DataFrame(list(cited), columns=["for", "source_id"]).drop_duplicates("source_id")
    found = roles.merge(sources, on="source_id", how="left")
    publisher = found["publisher"].where(found["publisher"].notna(), found["source_id"])
    found = found.assign(publisher=publisher, kind=found["kind"].fillna("original"))
    published = date_texts(found["published"], found["published_precision"])
    dated = _source_name(found) + (", " + published).where(found["published"].notna(), "")
    return pd.DataFrame(
        {
            "for": found["for"],
            "link": safe_links(found["url"]),
            "source": dated,
            "title": [
                title_shown(t, status)
                for t, status in zip(found["title"].tolist(), found["title_status"].tolist(), strict=True)
            ],
        }
    )


def has_selection(state: Mapping[str, Any] | None) -> bool:
    """Whether a pydeck chart's selection state holds a selected object."""
    selection = (state or {}).get("selection") or {}
    return any(bool(indices) for indices in (selection.get("indices") or {}).values())


def _records(frame: pd.DataFrame, columns: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """The rows of `frame` (or of its `columns`) as dicts of Python values, without pandas' per-row cost."""
    names = list(frame.columns if columns is None else columns)
    return [
        dict(zip(names, row, strict=True)) for row in zip(*(frame[c].tolist() for c in names), strict=True)
    ]


def concerns(answer: Mapping[str, Any], route_id: str) -> bool:
    """Whether an answer concerns this route: it names it, or names none (`schemas.ANSWER_RULE`)."""
    listed = _text(answer.get("answers_routes"))
    return listed is None or route_id in listed.split(";")


def evidences(
    route_ids: Sequence[str],
    routes: pd.DataFrame,
    events: pd.DataFrame,
    sources: pd.DataFrame,
    names: Mapping[str, str],
) -> list[Evidence]:
    """Each route's claim (its event), the events answering that claim, and every source they cite.

    The tables are narrowed once for all the routes, so a large package costs a few lookups.
    """
    if not route_ids:
        return []
    chosen = routes.loc[routes["route_id"].isin(route_ids)].drop_duplicates("route_id")
    claims = events.loc[events["event_id"].isin(chosen["event_id"])].drop_duplicates("event_id")
    answers = events.loc[events["responds_to"].isin(claims["event_id"])].sort_values(["date", "event_id"])
    ids = pd.concat([chosen["source_id"], claims["source_id"], answers["source_id"]])
    for also in (claims["also_source_ids"], answers["also_source_ids"]):
        ids = pd.concat([ids, also.dropna().str.split(";").explode()])
    cited_sources = sources.loc[sources["source_id"].isin(ids)]
    route_of = {str(r["route_id"]): r for r in _records(chosen)}
    claim_of = {str(e["event_id"]): e for e in _records(claims)}
    records = _records(answers)
    out = []
    for route_id in route_ids:
        route = route_of.get(route_id)
        if route is None:
            continue
        path = path_names(pd.Series([route["path"]]), names).iloc[0]
        when = format_date(route["first_reported"], _text(route.get("first_reported_precision")) or "day")
        lines = [
            f"**{md_escape(route_id)} · {md_escape(path)}**",
            f"{md_escape(str(route['status']).capitalize())} · claimed by {md_escape(route['claimant'], SHORT)}"
            f" · first reported {md_escape(when)}",
        ]
        if goods := _text(route.get("goods")):
            lines.append(f"Goods: {md_escape(goods, SHORT)}")
        if note := _text(route.get("note")):
            lines.append(f"Note: {md_escape(note, SHORT)}")
        parts = ["  \n".join(lines)]
        cited: list[tuple[str, str]] = [("route", str(route["source_id"]))]
        claim = claim_of.get(str(route["event_id"]))
        answered = [
            a
            for a in records
            if claim is not None and a["responds_to"] == claim["event_id"] and concerns(a, route_id)
        ]
        if claim is None:
            parts.append(f"**The claim:** event {md_escape(route['event_id'])} is not in the data.")
        else:
            parts.append(f"**The claim:** {_event_line(claim)}")
            cited += _cited("claim", claim)
        if not answered:
            parts.append("**Responses:** none recorded in the data.")
        else:
            listed = "\n".join(f"- {_event_line(a)}" for a in answered)
            parts.append(f"**Responses ({len(answered)}):**\n\n{listed}")
            for answer in answered:
                cited += _cited(f"response {answer['event_id']}", answer)
        out.append(Evidence(route_id, "\n\n".join(parts), sources_cited(cited, cited_sources)))
    return out


def evidence(
    route_id: str,
    routes: pd.DataFrame,
    events: pd.DataFrame,
    sources: pd.DataFrame,
    names: Mapping[str, str],
) -> Evidence:
    """One route's evidence (see `evidences`)."""
    [shown] = evidences([route_id], routes, events, sources, names)
    return shown


def legend_svg(dark: bool = False) -> str:
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


LEGEND_ALT = (
    "Key: alleged, vermilion short dashes; reported, blue long dashes; documented, solid bluish green; "
    "denied, faint reddish purple dots. Thicker lines are named by more claims. Lines join capitals, "
    "not the actual route; a place with no location is not drawn."
)


def legend_markdown() -> str:
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
