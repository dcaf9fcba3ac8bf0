"""What the Overview page says, computed from the data (no numbers typed into the page)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from dashboard.formats import CURRENCIES, format_date, format_period, format_value


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
    publishers = dict(zip(sources["source_id"], sources["publisher"], strict=True))
    urls = dict(zip(sources["source_id"], sources["url"], strict=True))
    conversions = Counter(
        parent
        for parent, basis in zip(figures["derived_from"], figures["basis"], strict=True)
        if basis == "conversion" and isinstance(parent, str)
    )
    said = {name: events[name].tolist() for name in ("event_id", "source_id", "responds_to")}
    out = []
    for row in rows:
        reporting = {
            e for e, s in zip(said["event_id"], said["source_id"], strict=True) if s == row["source_id"]
        }
        answering = [i for i, answered in enumerate(said["responds_to"]) if answered in reporting]
        answers: list[dict[str, Any]] = events.iloc[answering].to_dict("records")  # type: ignore[assignment]
        published = row.get("published")
        when = "" if published is None or pd.isna(published) else f", {published.date().isoformat()}"
        out.append(
            Headline(
                figure_id=str(row["figure_id"]),
                value=format_value(row["value"], str(row["unit"]), row["value_text"]),
                metric=str(row["metric"]),
                basis=str(row["basis"]),
                period=format_period(row["period_start"], row["period_end"]),
                source=f"{publishers.get(row['source_id'], row['source_id'])}{when}",
                url=urls.get(row["source_id"]),
                restatements=conversions.get(str(row["figure_id"]), 0),
                responses=tuple(
                    f"{format_date(a['date'], a['date_precision'])}: {a['actor']} "
                    f"({str(a['kind']).replace('_', ' ')}): {a['summary']}"
                    for a in answers
                ),
            )
        )
    return out


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


def key_dates(events: pd.DataFrame, all_events: pd.DataFrame) -> pd.DataFrame:
    """The moments that drew answers, and policy acts and leaks: date, actor, kind, summary."""
    answered = {e for e in all_events["responds_to"].tolist() if isinstance(e, str)}
    keep = [
        event in answered or kind in ("policy", "leak", "allegation")
        for event, kind in zip(events["event_id"], events["kind"], strict=True)
    ]
    return events.loc[
        np.array(keep, dtype=bool), ["event_id", "date", "date_precision", "actor", "kind", "summary"]
    ].sort_values("date")
