"""A table as a page draws it: its rows (capped, saying so), its wide columns and its link column."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

TABLE_ROWS = 2_000
LINK_HELP = "Only http(s) addresses are links."


def cap_note(shown: int, total: int, what: str = "rows") -> str | None:
    """The sentence under a table or chart that holds fewer of the selection's `what` than it has."""
    if total <= shown:
        return None
    return (
        f"The first {shown:,} of {total:,} {what} are shown; narrow the filters, or download the "
        "selection on the Sources & method page for every row."
    )


def first_rows(frame: pd.DataFrame, limit: int = TABLE_ROWS) -> tuple[pd.DataFrame, str | None]:
    """At most `limit` rows for a table on the page, and a sentence saying so when rows were left out."""
    if len(frame) <= limit:
        return frame, None
    return frame.head(limit), cap_note(limit, len(frame))


def records(frame: pd.DataFrame, columns: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """The rows of `frame` (or of its `columns`) as dicts of Python values, without pandas' per-row cost."""
    names = list(frame.columns if columns is None else columns)
    return [
        dict(zip(names, row, strict=True)) for row in zip(*(frame[c].tolist() for c in names), strict=True)
    ]


@dataclass(frozen=True, eq=False)
class Table:
    """A table on a page: the rows drawn, the note when rows were left out, and how its columns show.

    A column named `link` is drawn as a link ("open") when it holds an http(s) address.
    """

    frame: pd.DataFrame
    note: str | None = None
    widths: Mapping[str, str] = field(default_factory=dict)  # column -> "small" | "medium" | "large"
    help: Mapping[str, str] = field(default_factory=dict)  # column -> its tooltip
    decimals: Mapping[str, int] = field(default_factory=dict)  # column -> digits after the point
    alt: str | None = None
    key: str | None = None
