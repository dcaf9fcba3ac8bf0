"""What the Overview page says, computed from the data (no numbers typed into the page)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from dashboard.data import Package
from dashboard.exports import published_label
from dashboard.present.formats import CURRENCIES, format_date, format_period, pretty, source_labels
from dashboard.present.text import SHORT, md_escape, safe_url


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
) -> list[Headline]:
    """The first `limit` estimates (see `estimates`), each with its restatements and the answers to it.

    A figure's responses are the events that answer an event reporting the same source,
    e.g. the FT estimate and the president calling it broadly accurate.
    """
    chosen = estimates(figures)
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


QUESTION = (
    "**The question:** did Serbian-made ammunition reach Ukraine through third countries, "
    "who says so, and who denies it? Allegations appear here with the answers they drew; "
    "every number and statement links to its source."
)


@dataclass(frozen=True)
class HeadlineCard:
    """A headline number as drawn: label, value, its basis line, source link and answers (Markdown)."""

    metric: str
    value: str
    basis: str
    url: str | None
    answers: str


class KindCount(NamedTuple):
    """One count of statements of a kind, with what it counts."""

    label: str
    number: int
    help: str


@dataclass(frozen=True)
class OverviewView:
    """Everything the Overview draws (texts are Markdown, data escaped)."""

    headlines: tuple[HeadlineCard, ...]
    more_estimates: str | None
    counts: tuple[KindCount, ...]
    latest: str | None
    key_dates: str
    key_dates_note: str | None
    checks: str
    licence: str


def _card(item: Headline) -> HeadlineCard:
    conversions = (
        f" · {item.restatements} conversions into other currencies (the same estimate, not new findings)"
        if item.restatements
        else ""
    )
    # One caption for all the answers: each element costs the browser time on every rerun.
    answers = [f"- Answered — {md_escape(response, SHORT)}" for response in item.responses[:RESPONSES]]
    if (more := len(item.responses) - RESPONSES) > 0:
        answers.append(f"- … and {more:,} more answers: see the Statements timeline.")
    return HeadlineCard(
        metric=md_escape(item.metric),
        value=item.value,
        basis=f"{md_escape(item.basis.capitalize())} · {md_escape(item.period)} · "
        f"source: {md_escape(item.source)}{conversions}",
        url=safe_url(item.url),
        answers="\n".join(answers) if answers else "No answer to this estimate found in the data.",
    )


def _latest_line(event: pd.Series) -> str:
    return (
        f"**Latest statement** ({md_escape(format_date(event['date'], event['date_precision']))}, "
        f"{md_escape(event['actor'])}, {md_escape(pretty(event['kind']).lower())}, "
        f"confidence {md_escape(event['confidence'])}): {md_escape(event['summary'], SHORT)}"
    )


def build(package: Package, selected: Mapping[str, pd.DataFrame]) -> OverviewView:
    """The Overview of the rows in `selected` (the filtered tables of `package`)."""
    everything = package.tables
    events = selected["events"]
    cards = headlines(selected["figures"], everything["sources"], everything["events"])
    more = len(estimates(selected["figures"])) - len(cards)
    counts, totals = kind_counts(events, COUNTED_KINDS), kind_counts(everything["events"], COUNTED_KINDS)
    event = latest(events)
    dates = key_dates(events, everything["events"])
    return OverviewView(
        headlines=tuple(_card(item) for item in cards),
        more_estimates=f"{more:,} more estimates in the selection: see the Exports page."
        if more > 0
        else None,
        counts=tuple(
            KindCount(
                f"{pretty(kind)}s", count, f"{COUNT_HELP[kind]} {totals[kind]} in the whole data package."
            )
            for kind, count in counts.items()
        ),
        latest=None if event is None else _latest_line(event),
        key_dates=key_dates_markdown(dates),
        key_dates_note=(
            f"The first {KEY_DATES} of {len(dates):,} key dates; the Statements timeline lists every statement."
            if len(dates) > KEY_DATES
            else None
        ),
        checks=f"Data checks passed: {package.summary()}",
        licence=f"Licence {md_escape(package.meta.get('licence', 'not stated'))}",
    )
