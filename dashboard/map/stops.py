"""The countries on the routes: a point for each located one, and the routes through a place with no
location, which are listed instead of being drawn on a made-up spot."""

from __future__ import annotations

import itertools
from collections.abc import Mapping

import pandas as pd

from dashboard.map.legs import CLAIMANT_LIMIT, path_text, places, shown_names
from dashboard.present.text import md_escape, one_line

ROLES = ("origin", "transit", "destination")
UNLOCATED_LIST = 20


def country_points(routes: pd.DataFrame, countries: pd.DataFrame, names: Mapping[str, str]) -> pd.DataFrame:
    """Located countries on the routes: code, position, roles, route count, label and tooltip."""
    columns = ["code", "lon", "lat", "roles", "routes", "label", "tooltip_text"]
    located = places(countries)
    times: dict[str, int] = {}
    for path in routes["path"].tolist():
        times[path] = times.get(path, 0) + 1
    roles: dict[str, set[str]] = {}
    count: dict[str, int] = {}
    for path, n in times.items():
        codes = str(path).split(">")
        last = len(codes) - 1
        for position, code in enumerate(codes):
            if code in located:
                roles.setdefault(code, set()).add(
                    "origin" if position == 0 else "destination" if position == last else "transit"
                )
        for code in set(codes) & located.keys():
            count[code] = count.get(code, 0) + int(n)
    shown = shown_names(names)
    rows = []
    for code in sorted(roles):
        lat, lon = located[code]
        role = ", ".join(r for r in ROLES if r in roles[code])
        name, n = shown.get(code, code), count[code]
        tooltip = (
            f"{name}\n{role.capitalize()} on {n:,} {'route' if n == 1 else 'routes'} in the selection\n"
            "Click the point for the routes through it."
        )
        rows.append((code, lon, lat, role, n, f"{name} ({role})", tooltip))
    return pd.DataFrame(rows, columns=columns).astype({"routes": "int64", "lon": float, "lat": float})


def unlocated(routes: pd.DataFrame, countries: pd.DataFrame, names: Mapping[str, str]) -> pd.DataFrame:
    """Routes with a stop that has no location: which stops, why, and how much of the route is drawn."""
    columns = ["route_id", "path_text", "status", "claimant", "missing", "drawn"]
    located = places(countries)
    kinds = dict(zip(countries["code"], countries["kind"], strict=True))
    shown = shown_names(names)

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
        bad = [code for code in dict.fromkeys(codes) if code not in located]
        if not bad:
            continue
        missing[path] = "; ".join(why(code) for code in bad)
        legs = list(itertools.pairwise(codes))
        ok = sum(start in located and end in located for start, end in legs)
        drawn[path] = "not drawn" if ok == 0 else f"drawn in part: {ok} of {len(legs)} legs"
    if not missing:
        return pd.DataFrame(columns=columns)
    rows = [i for i, path in enumerate(paths) if path in missing]
    ids, statuses, claimants = (routes[c].tolist() for c in ("route_id", "status", "claimant"))
    return pd.DataFrame(
        {
            "route_id": [ids[i] for i in rows],
            "path_text": [path_text(paths[i], shown) for i in rows],
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
