"""Where labels go: one text-width model and one placer, for the map's country names, the timeline's
key moments and the Exports chart's value labels.

The placer, `choose`, weighs each spot by a cost against the boxes already taken: the area it
covers (`overlaps`, the map's) or the number of boxes it touches (`crossings`, the Exports
chart's and the timeline's).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt

Boxes = npt.NDArray[np.float64]  # rows of left, top, right, bottom
# What each spot costs against the boxes taken: `overlaps` or `crossings`.
Cost = Callable[[Boxes, Boxes], npt.NDArray[np.float64] | npt.NDArray[np.int64]]

# What Chromium draws with the app's sans-serif at 11-13 px: "Czech Republic (transit)" and
# "Poland (transit)" measured 5.8 and 5.5 px a character at 13 px; 6 keeps a little room.
CHAR_PX = 6.0


def text_px(text: str, char_px: float = CHAR_PX) -> float:
    """The width of `text` on screen, in pixels."""
    return len(text) * char_px


def overlaps(boxes: Boxes, others: Boxes) -> npt.NDArray[np.float64]:
    """For each of `boxes`, the area it shares with `others` (both rows of left, top, right, bottom)."""
    wide = np.minimum(boxes[:, None, 2], others[None, :, 2]) - np.maximum(
        boxes[:, None, 0], others[None, :, 0]
    )
    high = np.minimum(boxes[:, None, 3], others[None, :, 3]) - np.maximum(
        boxes[:, None, 1], others[None, :, 1]
    )
    return (np.maximum(wide, 0.0) * np.maximum(high, 0.0)).sum(axis=1)  # type: ignore[no-any-return]


def crossings(boxes: Boxes, others: Boxes) -> npt.NDArray[np.int64]:
    """Per box, how many of `others` it touches or overlaps, edges included (a line is a box of no height)."""
    meet = (
        (boxes[:, None, 0] <= others[None, :, 2])
        & (others[None, :, 0] <= boxes[:, None, 2])
        & (boxes[:, None, 1] <= others[None, :, 3])
        & (others[None, :, 1] <= boxes[:, None, 3])
    )
    return meet.sum(axis=1)  # type: ignore[no-any-return]


def choose(
    spots: Boxes,
    taken: Boxes,
    ranks: Sequence[int],
    outside: Sequence[float] | None = None,
    cost: Cost = overlaps,
) -> int:
    """The spot for one label: the one costing least against `taken` (by `cost`: area covered, or boxes
    touched), then running least outside the plot (`outside`, per spot), then the earliest in `ranks`
    (the label's order of preference).

    `spots` holds the label's box in each spot; a caller places labels one by one, adding each
    chosen box to `taken`, most important first.
    """
    covered = cost(spots, taken) if len(taken) else np.zeros(len(spots))
    off = outside if outside is not None else [0.0] * len(spots)
    return min(ranks, key=lambda k: (covered[k], off[k], ranks.index(k)))
