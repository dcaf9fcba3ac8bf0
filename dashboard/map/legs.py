"""Routes as legs between capitals: a route `SRB>TUR>SVK>UKR` is three legs, drawn one line per
(from, to, status) however many claims name it, so the deck stays small when the data grows."""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from dashboard.map.styles import leg_width, style
from dashboard.present.formats import format_date
from dashboard.present.text import one_line
from dashboard.schemas import ROUTE_STATUSES

ARROW = " → "
NAME_LIMIT = 60
CLAIMANT_LIMIT = 80
TOOLTIP_CLAIMS = 5
CURVE_POINTS = 33
LINE_COLUMNS = ["from", "to", "status", "claims", "width", "color", "dash", "path", "tooltip_text"]


def shown_names(names: Mapping[str, str], limit: int | None = NAME_LIMIT) -> dict[str, str]:
    """Code -> the country name as one line, at most `limit` characters."""
    return {code: one_line(name, limit) for code, name in names.items()}


def path_text(path: object, shown: Mapping[str, str]) -> str:
    """'SRB>BGR>UKR' as 'Serbia → Bulgaria → Ukraine' (`shown`: code -> name)."""
    return ARROW.join(shown.get(code, code) for code in str(path).split(">"))


def path_names(paths: pd.Series, names: Mapping[str, str], limit: int | None = None) -> pd.Series:
    """Each path in country names joined by arrows (computed once per distinct path)."""
    shown = shown_names(names, limit)
    values = paths.tolist()
    distinct = {path: path_text(path, shown) for path in dict.fromkeys(values)}
    return pd.Series([distinct[path] for path in values], index=paths.index, dtype=object)


def places(countries: pd.DataFrame) -> dict[str, tuple[float, float]]:
    """Code -> (lat, lon) of each located country (the first row of a code)."""
    found: dict[str, tuple[float, float]] = {}
    seen: set[str] = set()
    for code, lat, lon in zip(
        countries["code"].tolist(), countries["lat"].tolist(), countries["lon"].tolist(), strict=True
    ):
        if code in seen:
            continue
        seen.add(code)
        if pd.notna(lat) and pd.notna(lon):
            found[str(code)] = (float(lat), float(lon))
    return found


def path_legs(paths: pd.Series, countries: pd.DataFrame) -> pd.DataFrame:
    """One row per leg of each distinct path: path, leg number, from, to, their coordinates, and located."""
    located = places(countries)
    nowhere = (math.nan, math.nan)
    rows = []
    for path in dict.fromkeys(paths.tolist()):
        codes = str(path).split(">")
        for leg, (start, end) in enumerate(itertools.pairwise(codes)):
            (from_lat, from_lon), (to_lat, to_lon) = located.get(start, nowhere), located.get(end, nowhere)
            ok = start in located and end in located
            rows.append((path, leg, start, end, from_lat, from_lon, to_lat, to_lon, ok))
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
    shown = shown_names(names)
    column = {
        name: routes[name].tolist()
        for name in ("route_id", "path", "claimant", "first_reported", "first_reported_precision")
    }
    lines = []
    for i in rows:
        precision = column["first_reported_precision"][i]
        date = format_date(column["first_reported"][i], precision if isinstance(precision, str) else "day")
        lines.append(
            f"{column['route_id'][i]} ({path_text(column['path'][i], shown)}): "
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

    However many claims name a leg, it is one line; its tooltip lists the earliest few claims.
    """
    # Counted and ranked in plain Python over the routes, then per distinct path and status: pandas'
    # per-call overhead cost more than the work on a selection of a dozen routes.
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
        return pd.DataFrame(columns=LINE_COLUMNS)
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
    shown = shown_names(names)
    found: dict[tuple[str, str, str], dict[str, Any]] = {}
    for (path, start, end), points in located.items():
        for status in statuses_of.get(path, []):
            line = found.setdefault((start, end, status), {"claims": 0, "ends": points, "first": []})
            line["claims"] += claims_of[(path, status)]
            line["first"] += first_of.get((path, status), [])
    order = {status: i for i, status in enumerate(ROUTE_STATUSES)}
    ranked = sorted(found, key=lambda k: (k[0], k[1], order.get(k[2], len(order))))
    # Two statuses on one leg bow apart, so neither line hides the other.
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
    rows = []
    for key, curve in zip(ranked, np.round(curves, 5).tolist(), strict=True):
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
                curve,
                tooltip,
            )
        )
    return pd.DataFrame(rows, columns=LINE_COLUMNS)
