"""What the panel beside the map shows: the routes in focus (picked in the list or clicked on the map),
the picker's labels, and each route's claim, the answers to it and their sources."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from dashboard.map.deck import LEGS_LAYER, POINTS_LAYER
from dashboard.map.legs import ARROW, CLAIMANT_LIMIT, path_names, path_text, shown_names
from dashboard.present.formats import date_texts, format_date, source_labels, title_shown
from dashboard.present.tables import Table, records
from dashboard.present.text import SHORT, md_escape, one_line, safe_links

FOCUS_LIMIT = 10
PICKER_LIMIT = 1000


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
    shown = shown_names(names)
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
    shown = shown_names(names)
    return {
        route: f"{route} · {path_text(path, shown)} ({status}; {one_line(claimant, CLAIMANT_LIMIT)})"
        for route, path, status, claimant in zip(
            *(listed[c].tolist() for c in ("route_id", "path", "status", "claimant")), strict=True
        )
    }


def picker_help(count: int, limit: int = PICKER_LIMIT) -> str:
    """What the route picker lists."""
    if count <= limit:
        return "Every route in the selection; type to search."
    return f"The first {limit:,} of {count:,} routes; narrow the filters to find others, or use the table."


@dataclass(frozen=True, eq=False)
class Evidence:
    """One route's evidence: the claim, the answers to it (Markdown, escaped) and its sources."""

    route_id: str
    markdown: str
    sources: Table


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
    label_of = source_labels(found)
    named = pd.Series([label_of[str(i)] for i in found["source_id"]], index=found.index, dtype=object)
    return pd.DataFrame(
        {
            "for": found["for"],
            "link": safe_links(found["url"]),
            "source": named + (", " + published).where(found["published"].notna(), ""),
            "title": [
                title_shown(t, status)
                for t, status in zip(found["title"].tolist(), found["title_status"].tolist(), strict=True)
            ],
        }
    )


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
    """Each route's claim (its event), the events answering that claim, and every source they cite."""
    # The tables are narrowed once for all the routes, so a large package costs a few lookups.
    if not route_ids:
        return []
    chosen = routes.loc[routes["route_id"].isin(route_ids)].drop_duplicates("route_id")
    claims = events.loc[events["event_id"].isin(chosen["event_id"])].drop_duplicates("event_id")
    answers = events.loc[events["responds_to"].isin(claims["event_id"])].sort_values(["date", "event_id"])
    ids = pd.concat([chosen["source_id"], claims["source_id"], answers["source_id"]])
    for also in (claims["also_source_ids"], answers["also_source_ids"]):
        ids = pd.concat([ids, also.dropna().str.split(";").explode()])
    cited_sources = sources.loc[sources["source_id"].isin(ids)]
    route_of = {str(r["route_id"]): r for r in records(chosen)}
    claim_of = {str(e["event_id"]): e for e in records(claims)}
    answer_records = records(answers)
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
            for a in answer_records
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
        sources_table = Table(sources_cited(cited, cited_sources))
        out.append(Evidence(route_id, "\n\n".join(parts), sources_table))
    return out
