"""One figure as a reader meets it: its value in published words, and the one place it goes on the page."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from dashboard.present.formats import format_period, format_value

LOWER_BOUND_MARKS = (">", "≥")
APPROXIMATE_MARKS = ("~", "≈")


def cell_text(value: object) -> str:
    """A cell as text, '' when it is empty."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return "" if value is pd.NA or value is pd.NaT else str(value)


def is_lower_bound(value_text: object) -> bool:
    """Whether the published wording makes the value a lower bound ('>1.6 billion')."""
    return cell_text(value_text).strip().startswith(LOWER_BOUND_MARKS)


def published_label(value: float | None, unit: str, value_text: object = None) -> str:
    """The value as a reader should say it: 'more than USD 1.6 billion', 'about EUR 800 million'."""
    text = cell_text(value_text).strip()
    shown = format_value(value, unit, text or None)
    if value is None or pd.isna(value):
        return shown
    if text.startswith(LOWER_BOUND_MARKS):
        return f"more than {shown}"
    if text.startswith(APPROXIMATE_MARKS):
        return f"about {shown}"
    return shown


def placement(figures: pd.DataFrame) -> pd.Series:
    """Where each figure goes: 'claim', 'restatement', 'span' (number and full period) or 'unplaced'."""
    claim = (figures["basis"] == "allegation").to_numpy()
    restatement = figures["derived_from"].notna().to_numpy() & ~claim
    span = (
        figures["period_start"].notna() & figures["period_end"].notna() & figures["value"].notna()
    ).to_numpy()
    return pd.Series(
        np.select([claim, restatement, span], ["claim", "restatement", "span"], default="unplaced"),
        index=figures.index,
    )


def unplaced_reason(row: Mapping[str, Any]) -> str:
    """Why a figure is listed instead of drawn on the time axis."""
    if row["value"] is None or pd.isna(row["value"]):
        return "only words, no number"
    start, end = row["period_start"], row["period_end"]
    if pd.isna(start) and pd.isna(end):
        return "no period given"
    return f"period not complete ({format_period(start, end)})"


def restatement_counts(figures: pd.DataFrame) -> dict[str, int]:
    """Estimate id -> how many of `figures` convert or restate it."""
    restated = figures.loc[
        figures["derived_from"].notna() & (figures["basis"] != "allegation"), "derived_from"
    ]
    return {str(k): int(v) for k, v in restated.value_counts().items()}


def cited_sources(frame: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """The sources `frame` cites (looked up once, so a large package's other sources cost nothing)."""
    return sources.loc[sources["source_id"].isin(set(frame["source_id"]))]
