"""Tables for the Sources & method page."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from dashboard.formats import format_date, format_value
from dashboard.text import safe_url


def sources_table(sources: pd.DataFrame) -> pd.DataFrame:
    """Publisher, title, date, kind, original publisher, a link for http(s) only, and the address as text."""
    precision = sources["published_precision"].fillna("day")
    return pd.DataFrame(
        {
            "id": sources["source_id"],
            "publisher": sources["publisher"],
            "title": sources["title"],
            "link": sources["url"].map(safe_url),
            "published": [
                format_date(d, p) if pd.notna(d) else "not recorded"
                for d, p in zip(sources["published"], precision, strict=True)
            ],
            "kind": sources["kind"],
            "original publisher": sources["original_publisher"].fillna(""),
            "address": sources["url"],
        }
    )


def vocabulary_table(meanings: Mapping[str, str], name: str) -> pd.DataFrame:
    """A vocabulary and what each value means."""
    return pd.DataFrame({name: list(meanings), "meaning": list(meanings.values())})


def lineage(figures: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Each figure that others derive from, followed by its derivations."""
    publishers = dict(zip(sources["source_id"], sources["publisher"], strict=True))
    derived = figures.loc[figures["derived_from"].notna()]
    rows = []
    for base_id in dict.fromkeys(derived["derived_from"]):
        base = figures.loc[figures["figure_id"] == base_id]
        for row in pd.concat([base, derived.loc[derived["derived_from"] == base_id]]).itertuples(index=False):
            rows.append(
                {
                    "figure": row.figure_id,
                    "value": format_value(row.value, row.unit, row.value_text),
                    "as published": row.value_text or "",
                    "basis": row.basis,
                    "derived from": row.derived_from or "",
                    "published by": f"{publishers.get(row.source_id, row.source_id)} ({row.source_id})",
                    "note": row.note or "",
                }
            )
    return pd.DataFrame(rows)
