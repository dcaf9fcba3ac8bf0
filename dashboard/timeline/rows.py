"""Where each statement sits on the chart: its row (a speaker under its country) and its span of time."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt
import pandas as pd

from dashboard.present.formats import format_date

COARSE = ("month", "year")  # drawn as a bar over the month or year; an approximate day stays a point
MAX_LABEL_CHARS = 28
MAX_HEADING_CHARS = 40

Array = npt.NDArray[Any]

_PARENTHESES = re.compile(r"\s*\([^()]*\)")


def cut(text: str, limit: int) -> str:
    """`text`, or its first `limit` - 1 characters and '…' when it is longer than `limit`."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def short_actor(actor: object) -> str:
    """A short row label: parentheses and the tail after the first comma dropped, then cut."""
    full = " ".join(str(actor).split())
    return cut(_PARENTHESES.sub("", full).split(", ")[0].strip() or full, MAX_LABEL_CHARS)


def short_heading(name: object) -> str:
    """A country name for a heading row, cut at MAX_HEADING_CHARS."""
    return cut(" ".join(str(name).split()), MAX_HEADING_CHARS)


def known_date(date: pd.Timestamp, precision: str) -> str:
    """A date as far as it is known, saying so when only its month or year is."""
    when = format_date(date, precision)
    return when + f" (only the {precision} is known)" if precision in COARSE else when


def missing_as_none(column: pd.Series) -> list[Any]:
    """The values of a column, a missing one as None."""
    return [
        value if given else None
        for value, given in zip(column.tolist(), column.notna().tolist(), strict=True)
    ]


def answered_by(all_events: pd.DataFrame) -> dict[str, list[str]]:
    """Event id -> the ids of the events that answer it, in file order."""
    out: dict[str, list[str]] = {}
    for target, event_id in zip(
        missing_as_none(all_events["responds_to"]), all_events["event_id"].tolist(), strict=True
    ):
        if target is not None:
            out.setdefault(str(target), []).append(str(event_id))
    return out


def precisions(events: pd.DataFrame) -> list[str]:
    """How much of each date is known ('day' when not given)."""
    return [p if isinstance(p, str) else "day" for p in events["date_precision"].tolist()]


def spans(start: Array, precision: Sequence[str]) -> tuple[Array, Array]:
    """End (exclusive) and middle of the time each start date stands for."""
    coarse = np.asarray(precision, dtype=object)
    month, year = coarse == "month", coarse == "year"
    end = start + np.timedelta64(1, "D")
    end = np.where(month, (start.astype("datetime64[M]") + 1).astype(start.dtype), end)
    end = np.where(year, (start.astype("datetime64[Y]") + 1).astype(start.dtype), end)
    return end, np.where(month | year, start + (end - start) / 2, start)


class Row(NamedTuple):
    """One row of the chart: a country's heading, or one (short-named) speaker of that country."""

    country: str
    country_name: str
    label: str
    heading: bool
    y: int


def rows(events: pd.DataFrame, names: Mapping[str, str]) -> tuple[list[Row], Array]:
    """The chart's rows from the top, and the row (y) of each event.

    Per actor country a heading row, then one row per short actor name. Countries with most
    events come first; within a country, the actor who spoke first.
    """
    countries: list[str] = events["actor_country"].fillna("").astype(str).tolist()
    actors = events["actor"].tolist()
    short = {actor: short_actor(actor) for actor in set(actors)}  # once per speaker, not per statement
    labels = [short[actor] for actor in actors]
    days = events["date"].to_numpy().astype("int64").tolist()
    size: dict[str, int] = {}
    first: dict[str, int] = {}
    spoke: dict[tuple[str, str], int] = {}
    for country, label, day in zip(countries, labels, days, strict=True):
        size[country] = size.get(country, 0) + 1
        first[country] = min(first.get(country, day), day)
        spoke[country, label] = min(spoke.get((country, label), day), day)
    name = {code: names.get(code, code) or "unknown" for code in size}
    order = sorted(size, key=lambda code: (-size[code], first[code], name[code]))
    rank = {code: i for i, code in enumerate(order)}
    speakers: dict[str, list[str]] = {code: [] for code in order}
    for country, label in sorted(spoke, key=lambda key: (rank[key[0]], spoke[key], key[1])):
        speakers[country].append(label)
    table: list[Row] = []
    for code in order:
        table.append(Row(code, name[code], "", True, len(table)))
        table += [
            Row(code, name[code], label, False, len(table) + i) for i, label in enumerate(speakers[code])
        ]
    row_of = {(row.country, row.label): row.y for row in table if not row.heading}
    y: Array = np.array([row_of[key] for key in zip(countries, labels, strict=True)], dtype=np.int64)
    return table, y
