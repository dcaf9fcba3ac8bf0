"""The presentation kit's label placer: what a spot costs, and which spot a label takes."""

from __future__ import annotations

import numpy as np
import pytest

from dashboard.present.labels import choose, crossings, overlaps

SQUARE = [0.0, 0.0, 10.0, 10.0]  # left, top, right, bottom


@pytest.mark.parametrize(
    ("other", "count"),
    [
        ([2.0, 2.0, 8.0, 8.0], 1),  # inside
        ([5.0, 5.0, 15.0, 15.0], 1),  # overlapping a corner
        ([10.0, 0.0, 20.0, 10.0], 1),  # sharing the right edge
        ([10.0, 10.0, 20.0, 20.0], 1),  # sharing one corner
        ([10.5, 0.0, 20.0, 10.0], 0),  # just right of it
        ([0.0, 10.5, 10.0, 20.0], 0),  # just below it
        ([-5.0, 5.0, 15.0, 5.0], 1),  # a line through it
        ([-5.0, 10.0, 15.0, 10.0], 1),  # a line along its bottom edge
        ([-5.0, 10.5, 15.0, 10.5], 0),  # a line just below it
        ([10.0, 5.0, 20.0, 5.0], 1),  # a line starting at its right edge
        ([-np.inf, 5.0, 0.0, 5.0], 1),  # a line from far left up to its left edge
        ([-np.inf, 5.0, -0.5, 5.0], 0),  # a line ending just short of it
    ],
)
def test_crossings_count_every_box_touched(other: list[float], count: int) -> None:
    """A box touching another, at an edge or a corner, crosses it; a line is a box of zero height."""
    assert crossings(np.array([SQUARE]), np.array([other])).tolist() == [count]


@pytest.mark.parametrize(
    ("line", "other", "count"),
    [
        ([0.0, 1.0, 5.0, 1.0], [5.0, 1.0, 9.0, 1.0], 1),  # same line, end meets start
        ([0.0, 1.0, 5.0, 1.0], [5.5, 1.0, 9.0, 1.0], 0),  # same line, apart
        ([0.0, 1.0, 5.0, 1.0], [0.0, 2.0, 5.0, 2.0], 0),  # the next line up
    ],
)
def test_crossings_of_two_lines(line: list[float], other: list[float], count: int) -> None:
    """Two lines cross only on the same height, where they share a point."""
    assert crossings(np.array([line]), np.array([other])).tolist() == [count]


def test_crossings_count_per_spot_against_all_taken() -> None:
    """Each spot's count is over every taken box, where `overlaps` gives the area instead."""
    spots = np.array([SQUARE, [20.0, 0.0, 30.0, 10.0], [100.0, 0.0, 110.0, 10.0]])
    taken = np.array([[5.0, 5.0, 25.0, 6.0], [10.0, 0.0, 20.0, 10.0], [0.0, 20.0, 30.0, 30.0]])
    assert crossings(spots, taken).tolist() == [2, 2, 0]
    assert overlaps(spots, taken).tolist() == [5.0, 5.0, 0.0]


@pytest.mark.parametrize(
    ("taken", "ranks", "outside", "by_area", "by_count"),
    [
        ([], [1, 0, 2], None, 1, 1),  # nothing taken: the first preference
        ([[0.0, 0.0, 1.0, 1.0]], [0, 1, 2], None, 1, 1),  # the first spot is covered
        ([[0.0, 0.0, 1.0, 1.0]], [0, 1, 2], [0.0, 5.0, 1.0], 2, 2),  # spot 1 runs further off the plot
        # A strip across spot 0, two corners of spot 1: the least area and the fewest boxes differ.
        ([[0.0, 0.0, 10.0, 1.0], [20.0, 9.0, 21.0, 10.0], [29.0, 0.0, 30.0, 1.0]], [0, 1], None, 1, 0),
    ],
)
def test_choose_takes_the_cheapest_then_the_least_outside_then_the_preferred(
    taken: list[list[float]], ranks: list[int], outside: list[float] | None, by_area: int, by_count: int
) -> None:
    """Ties on cost go to the spot least outside the plot, then to the earliest in the label's ranks."""
    spots = np.array([[0.0, 0.0, 10.0, 10.0], [20.0, 0.0, 30.0, 10.0], [40.0, 0.0, 50.0, 10.0]])
    boxes = np.array(taken).reshape(-1, 4)
    assert choose(spots, boxes, ranks, outside) == by_area
    assert choose(spots, boxes, ranks, outside, cost=crossings) == by_count
