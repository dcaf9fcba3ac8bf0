"""What the Overview page says, computed from the data (no numbers typed into the page)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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
    figures: pd.DataFrame, sources: pd.DataFrame, events: pd.DataFrame, limit: int = HEADLINES
) -> list[Headline]:
    """The first `limit` estimates (see `estimates`), each with its restatements and the answers to it.

    A figure's responses are the events that answer an event reporting the same source,
    e.g. the FT estimate and the president calling it broadly accurate.
    """
    base = estimates(figures).head(limit)
    publishers = dict(zip(sources["source_id"], sources["publisher"], strict=True))
    urls = dict(zip(sources["source_id"], sources["url"], strict=True))
    conversions = figures.loc[figures["basis"] == "conversion", "derived_from"].value_counts()
    out = []
    rows: list[dict[str, Any]] = base.to_dict("records")  # type: ignore[assignment]
    for row in rows:
        reporting = events.loc[events["source_id"] == row["source_id"], "event_id"]
        answers: list[dict[str, Any]] = events.loc[events["responds_to"].isin(reporting)].to_dict("records")  # type: ignore[assignment]
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
                restatements=int(conversions.get(row["figure_id"], 0)),
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
    counts = events["kind"].value_counts()
    return {kind: int(counts.get(kind, 0)) for kind in kinds}


def latest(events: pd.DataFrame) -> pd.Series | None:
    """The most recent event (ties: the later line in the file)."""
    if events.empty:
        return None
    ordered = events.assign(_line=events.index).sort_values(["date", "_line"])
    return ordered.iloc[-1]


def key_dates(events: pd.DataFrame, all_events: pd.DataFrame) -> pd.DataFrame:
    """The moments that drew answers, and policy acts and leaks: date, actor, kind, summary."""
    answered = set(all_events["responds_to"].dropna())
    keep = events["event_id"].isin(answered) | events["kind"].isin(["policy", "leak", "allegation"])
    return events.loc[keep, ["event_id", "date", "date_precision", "actor", "kind", "summary"]].sort_values(
        "date"
    )
