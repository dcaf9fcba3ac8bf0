"""Tables for the Sources & method page."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from dashboard.formats import format_date
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
