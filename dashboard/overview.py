"""What the Overview page says, computed from the data (no numbers typed into the page)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from dashboard.exports import published_label
from dashboard.present.formats import CURRENCIES, format_date, format_period, pretty, source_labels
from dashboard.present.text import SHORT, md_escape


@dataclass(frozen=True)
class Headline:
    """One headline number with its basis, period and source."""

    figure_id: str
    value: str
    metric: str
    basis: str
    period: str
    source: str
    url: str | None
    restatements: int
    responses: tuple[str, ...]


HEADLINES = 3
KEY_DATES = 40
RESPONSES = 5


def estimates(figures: pd.DataFrame) -> pd.DataFrame:
    """Estimates of what reached a destination, in money, that are not conversions of another figure."""
    return figures.loc[
        (figures["basis"] == "estimate")
        & figures["derived_from"].isna()
        & figures["destination"].notna()
        & figures["unit"].isin(CURRENCIES)
    ]


def headlines(
    figures: pd.DataFrame,
    sources: pd.DataFrame,
    events: pd.DataFrame,
    limit: int = HEADLINES,
    found: pd.DataFrame | None = None,
) -> list[Headline]:
    """The first `limit` estimates (see `estimates`; `found` if the caller has them), each with its
    restatements and the answers to it.

    A figure's responses are the events that answer an event reporting the same source,
    e.g. the FT estimate and the president calling it broadly accurate.
    """
    chosen = estimates(figures) if found is None else found
    rows: list[dict[str, Any]] = chosen.head(limit).to_dict("records")  # type: ignore[assignment]
    if not rows:
        return []
    publishers = source_labels(sources.loc[sources["source_id"].isin({str(r["source_id"]) for r in rows})])
    urls = dict(zip(sources["source_id"], sources["url"], strict=True))
    conversions = Counter(
        parent
        for parent, basis in zip(figures["derived_from"], figures["basis"], strict=True)
        if basis == "conversion" and isinstance(parent, str)
    )
    said = {name: events[name].tolist() for name in ("event_id", "source_id", "responds_to")}
    out = []
    for row in rows:
        reporting = {  # the events that report it, not the answers that cite the same source
            e
            for e, s, answered in zip(said["event_id"], said["source_id"], said["responds_to"], strict=True)
            if s == row["source_id"] and not isinstance(answered, str)
        }
        answering = [i for i, answered in enumerate(said["responds_to"]) if answered in reporting]
        answers: list[dict[str, Any]] = events.iloc[answering].to_dict("records")  # type: ignore[assignment]
        published = row.get("published")
        when = "" if published is None or pd.isna(published) else f", {published.date().isoformat()}"
        out.append(
            Headline(
                figure_id=str(row["figure_id"]),
                value=published_label(row["value"], str(row["unit"]), row["value_text"]),
                metric=str(row["metric"]),
                basis=str(row["basis"]),
                period=format_period(row["period_start"], row["period_end"]),
                source=f"{publishers.get(row['source_id'], row['source_id'])}{when}",
                url=urls.get(row["source_id"]),
                restatements=conversions.get(str(row["figure_id"]), 0),
                responses=tuple(answer_line(a) for a in answers),
            )
        )
    return out


def answer_line(event: dict[str, Any], summary: bool = True) -> str:
    """'2025-05-29 · Aleksandar Vučić on RTS · denial', and ': <summary>' when asked."""
    line = f"{format_date(event['date'], event['date_precision'])} · {event['actor']} · {pretty(event['kind']).lower()}"
    return f"{line}: {event['summary']}" if summary else line


def key_dates_markdown(items: list[KeyDate], limit: int = KEY_DATES) -> str:
    """The key dates as a Markdown list, each claim followed by its answers or 'No answer found'."""
    lines = []
    for item in items[:limit]:
        lines.append(
            f"- **{md_escape(item.when)}** · {md_escape(item.actor, SHORT)} "
            f"({md_escape(pretty(item.kind).lower())}): {md_escape(item.summary, SHORT)}"
        )
        lines += [f"    - Answered: {md_escape(answer, SHORT)}" for answer in item.answers]
        if item.is_claim and not item.answers:
            lines.append("    - No answer found in the data.")
    return "\n".join(lines)


COUNTED_KINDS = ("allegation", "denial", "acknowledgement", "confirmation")
COUNT_HELP = {
    "allegation": "Claims that ammunition went where it should not, made by a party to the story (e.g. the SVR).",
    "denial": "Statements that reject a claim in whole or in part.",
    "acknowledgement": "Statements that accept part of a claim without confirming it: a figure, a "
    "possibility, or that talks took place. They are not counted as confirmations.",
    "confirmation": "Statements by someone in a position to know that confirm the claim itself: that "
    "Serbian ammunition reached Ukraine through the route or intermediaries named.",
}


def kind_counts(events: pd.DataFrame, kinds: tuple[str, ...]) -> dict[str, int]:
    """How many events of each kind, in the given order (zeros included)."""
    counts = Counter(events["kind"].tolist())
    return {kind: counts.get(kind, 0) for kind in kinds}


def latest(events: pd.DataFrame) -> pd.Series | None:
    """The most recent event (ties: the later line in the file; an undated event sorts last)."""
    if events.empty:
        return None
    # Undated events sort after every date, as pandas sorts a missing date last.
    order = np.lexsort((events.index.to_numpy(), events["date"].fillna(pd.Timestamp.max).to_numpy()))
    row: pd.Series = events.iloc[int(order[-1])]
    return row


ANSWERABLE_KINDS = ("allegation", "leak")  # a key date of these kinds says when nothing answered it


@dataclass(frozen=True)
class KeyDate:
    """One key moment, and for a claim the answers that followed it (who, when, kind)."""

    event_id: str
    when: str
    actor: str
    kind: str
    summary: str
    is_claim: bool
    answers: tuple[str, ...]


def key_dates(events: pd.DataFrame, all_events: pd.DataFrame) -> list[KeyDate]:
    """The moments that drew answers, and policy acts, leaks and allegations, by date.

    Each allegation or leak carries every answer to it in the package (not only those the
    filters keep), so a claim is never shown without what was said back.
    """
    answered = {e for e in all_events["responds_to"].tolist() if isinstance(e, str)}
    keep = [
        event in answered or kind in ("policy", *ANSWERABLE_KINDS)
        for event, kind in zip(events["event_id"], events["kind"], strict=True)
    ]
    chosen = events.loc[np.array(keep, dtype=bool)].sort_values(["date", "event_id"], kind="stable")
    replies: dict[str, list[dict[str, Any]]] = {}
    answering = all_events.loc[all_events["responds_to"].isin(set(chosen["event_id"]))]
    for reply in answering.sort_values(["date", "event_id"], kind="stable").to_dict("records"):
        replies.setdefault(str(reply["responds_to"]), []).append(reply)  # type: ignore[arg-type]
    out = []
    for row in chosen.to_dict("records"):
        event_id = str(row["event_id"])
        out.append(
            KeyDate(
                event_id=event_id,
                when=format_date(row["date"], row["date_precision"]),
                actor=str(row["actor"]),
                kind=str(row["kind"]),
                summary=str(row["summary"]),
                is_claim=row["kind"] in ANSWERABLE_KINDS,
                answers=tuple(answer_line(r, summary=False) for r in replies.get(event_id, [])),
            )
        )
    return out
