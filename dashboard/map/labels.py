"""Where each country's name goes beside its dot at the opening view."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.map.view import MAP_HEIGHT, PHONE_WIDTH, Opening
from dashboard.present.labels import choose, overlaps, text_px

# A label's box for the deck's TextLayer: 13 px text on a box padded 3 px left and right, 1 px top and bottom.
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


def label_places(points: pd.DataFrame, opened: Opening) -> tuple[list[str], list[list[int]]]:
    """Each country label's anchor and pixel offset, covering the other labels and the dots as little
    as it can at the opening view, and staying inside a phone's map (PHONE_WIDTH by MAP_HEIGHT).

    A label's first choice is away from the hub, or above its dot near the view's east and west edges;
    countries on the most routes choose first.
    """
    # Labels that still overlap come apart when zooming in; every country is also named in its
    # tooltip and in the table.
    near, hub_lon = opened.near, opened.hub_lon
    west, east = (near["lon"].min(), near["lon"].max()) if not near.empty else (hub_lon, hub_lon)
    margin = (east - west) * 0.2
    lons = points["lon"].to_numpy(dtype=float)
    xs, ys = _screen(lons, points["lat"].to_numpy(dtype=float), opened.zoom)
    (cx,), (cy,) = _screen(np.array([opened.longitude]), np.array([opened.latitude]), opened.zoom)
    frame = np.array([[cx - PHONE_WIDTH / 2, cy - MAP_HEIGHT / 2, cx + PHONE_WIDTH / 2, cy + MAP_HEIGHT / 2]])
    # Every label's box in every spot: shape (label, spot, left/top/right/bottom).
    widths = np.array([text_px(str(label)) for label in points["label"].tolist()])
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
    outside = area - overlaps(boxes.reshape(-1, 4), frame).reshape(area.shape)
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
        ranks = [first, *(k for k in range(len(LABEL_SPOTS)) if k != first)]
        # Covering a label or a dot weighs more than running off a phone's map (which pans).
        spots[i] = choose(boxes[i], taken[: count + done], ranks, outside[i].tolist())
        taken[i] = own
        taken[count + done] = boxes[i, spots[i]]
    return [LABEL_SPOTS[k][0] for k in spots], [list(LABEL_SPOTS[k][1]) for k in spots]
