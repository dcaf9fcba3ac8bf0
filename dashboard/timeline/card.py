"""One statement's card, the picker's labels, and the searchable table of the selection's statements."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from dashboard.present.formats import format_date, pretty, source_labels
from dashboard.present.tables import Table, records
from dashboard.present.text import md_escape, safe_links, safe_url
from dashboard.timeline.rows import known_date, short_actor

MENTION_CHARS = 400
MAX_TABLE_ROWS = 5_000
TABLE_COLUMNS = (
    "event_id",
    "date",
    "date_precision",
    "actor",
    "kind",
    "summary",
    "confidence",
    "responds_to",
    "actor_country",
    "source_id",
)


def option_labels(events: pd.DataFrame) -> dict[str, str]:
    """Event id -> a plain one-line label for the picker, in date order."""
    ordered = events.sort_values("date", kind="stable")
    return {
        str(e["event_id"]): (
            f"{format_date(e['date'], e['date_precision'])} · {short_actor(e['actor'])} · "
            f"{pretty(e['kind']).lower()} ({e['event_id']})"
        )
        for e in records(ordered)
    }


def picker_label(phone: bool) -> str:
    """The picker's label: on a phone the chart takes no taps, so the picker is the only way to a card."""
    return "Event card: pick an event" if phone else "Event card: click a marker, or pick an event"


@dataclass(frozen=True)
class Card:
    """What the card of one event says (plain text; `card_text` escapes it)."""

    event_id: str
    when: str
    actor: str
    country: str
    kind: str
    confidence: str
    summary: str
    note: str | None
    source: str
    url: str | None
    answers: tuple[str, ...]
    answered_by: tuple[str, ...]


@dataclass(frozen=True)
class CardText:
    """A card as the page draws it: Markdown and a source label with every data value escaped, the link."""

    markdown: str
    source: str
    url: str | None


def _mention(event: Mapping[str, Any], shown: set[str]) -> str:
    outside = "" if event["event_id"] in shown else " (outside the current filters)"
    return (
        f"{event['event_id']}, {format_date(event['date'], event['date_precision'])}, {event['actor']} "
        f"({pretty(event['kind']).lower()}): {event['summary']}{outside}"
    )


def event_card(
    event_id: str,
    events: pd.DataFrame,
    all_events: pd.DataFrame,
    sources: pd.DataFrame,
    names: Mapping[str, str],
) -> Card | None:
    """The card of `event_id`; what it answers and what answered it come from all events."""
    matches = all_events.loc[all_events["event_id"] == event_id]
    if matches.empty:
        return None
    event = matches.iloc[0]
    shown = set(events["event_id"])
    answered = records(all_events.loc[all_events["event_id"] == event["responds_to"]])
    replies = all_events.loc[all_events["responds_to"] == event_id]
    source = sources.loc[sources["source_id"] == event["source_id"]]
    publisher = source_labels(source).get(str(event["source_id"]), "not in sources.csv")
    return Card(
        event_id=event_id,
        when=known_date(event["date"], event["date_precision"]),
        actor=str(event["actor"]),
        country=names.get(str(event["actor_country"]), str(event["actor_country"])),
        kind=pretty(event["kind"]),
        confidence=str(event["confidence"]),
        summary=str(event["summary"]),
        note=str(event["note"]) if isinstance(event.get("note"), str) else None,
        source=f"{event['source_id']}: {publisher}",
        url=safe_url(source["url"].iloc[0]) if not source.empty else None,
        answers=tuple(_mention(a, shown) for a in answered[:1]),
        answered_by=tuple(_mention(r, shown) for r in records(replies)),
    )


def card_text(card: Card) -> CardText:
    """The card as Markdown in which every data value is escaped (shows literally), and its source."""
    lines = [
        f"**{md_escape(card.when)}** · **{md_escape(card.actor, 300)}** ({md_escape(card.country)})",
        "",
        f"{md_escape(card.kind)} · confidence {md_escape(card.confidence)} · {md_escape(card.event_id)}",
        "",
        md_escape(card.summary),
    ]
    for heading, mentions in (("It answers", card.answers), ("Answered by", card.answered_by)):
        bullets = [f"- {md_escape(m, MENTION_CHARS)}" for m in mentions] or ["- *no event in the data*"]
        lines += ["", f"**{heading}**", *bullets]
    if card.note:
        lines += ["", f"*Note:* {md_escape(card.note)}"]
    source = f"Source {md_escape(card.source)}" + ("" if card.url else " (no web link)")
    return CardText("\n".join(lines), source, card.url)


def search(events: pd.DataFrame, query: str) -> pd.DataFrame:
    """Events whose actor or summary contains `query` (case-insensitive, literal text, not a pattern)."""
    needle = query.strip()
    if not needle:
        return events
    hit = events["actor"].astype(str).str.contains(needle, case=False, regex=False) | events[
        "summary"
    ].astype(str).str.contains(needle, case=False, regex=False)
    return events.loc[hit]


def table_caption(found: int, total: int) -> str:
    """How many statements the table lists."""
    listed = min(found, MAX_TABLE_ROWS)
    words = f"{found} of {total} statements" if found != total else f"All {total} statements"
    if listed < found:
        return f"{words} match; the first {listed:,} by date are listed. Search or filter to narrow them."
    return f"{words} listed. Click a column heading to sort."


def statements_table(
    found: pd.DataFrame,
    total: int,
    sources: pd.DataFrame,
    names: Mapping[str, str],
    answers: Mapping[str, list[str]],
) -> Table:
    """`found` (of `total` statements) in date order, at most MAX_TABLE_ROWS: dates as known, links only http(s).

    `answers`: event id -> the ids of the events answering it.
    """
    order = np.argsort(found["date"].to_numpy(), kind="stable")[:MAX_TABLE_ROWS]
    column = {name: found[name].take(order).tolist() for name in TABLE_COLUMNS}
    publishers = source_labels(sources)
    url_of = dict(zip(sources["source_id"].tolist(), sources["url"].tolist(), strict=True))
    urls = [url_of.get(s) for s in column["source_id"]]
    frame = pd.DataFrame(
        {
            "event": column["event_id"],
            "date": [
                format_date(d, p) for d, p in zip(column["date"], column["date_precision"], strict=True)
            ],
            "actor": column["actor"],
            "kind": [pretty(kind) for kind in column["kind"]],
            "summary": column["summary"],
            "confidence": column["confidence"],
            "answers": column["responds_to"],
            "answered by": [", ".join(answers.get(e, [])) or None for e in column["event_id"]],
            "country": [names.get(c, c) for c in column["actor_country"]],
            "source": [publishers.get(s, s) for s in column["source_id"]],
            "link": safe_links(pd.Series(urls, dtype=object)).tolist(),
        }
    )
    return Table(frame, note=table_caption(len(found), total), widths={"summary": "large", "actor": "medium"})
