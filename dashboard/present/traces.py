"""Plotly traces from plain lists: several points per item, each item ended by a gap."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def with_gaps(*columns: Sequence[Any], gap: Any = None) -> list[Any]:
    """The columns interleaved item by item, each item's points followed by `gap` (None breaks a line).

    with_gaps([1, 2], [3, 4]) == [1, 3, None, 2, 4, None]
    """
    step = len(columns) + 1
    out: list[Any] = [gap] * (len(columns[0]) * step)
    for i, column in enumerate(columns):
        out[i::step] = list(column)
    return out
