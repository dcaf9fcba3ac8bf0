"""How values, dates and periods read on the page."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import pandas as pd

CURRENCIES = ("EUR", "USD")
_SCALES = ((1e9, "billion"), (1e6, "million"), (1e3, "thousand"))


def pretty(value: object) -> str:
    """A vocabulary value as words: 'official_statement' -> 'Official statement'."""
    return str(value).replace("_", " ").capitalize()


def country_labels(countries: pd.DataFrame) -> dict[str, str]:
    """Code -> the name shown; a name used twice gets its code appended."""
    names = dict(zip(countries["code"], countries["name"], strict=True))
    counts = pd.Series(list(names.values())).value_counts()
    return {code: (f"{name} ({code})" if counts[name] > 1 else name) for code, name in names.items()}


def format_date(value: pd.Timestamp | None, precision: str | None = "day") -> str:
    """A date as far as it is known: '2025-05-29', '2023-02' (month) or '2023' (year)."""
    if value is None or pd.isna(value):
        return "date not given"
    if precision == "year":
        return f"{value.year}"
    if precision == "month":
        return f"{value.year}-{value.month:02d}"
    if precision == "approximate":
        return f"about {value.date().isoformat()}"
    return value.date().isoformat()


def date_texts(dates: pd.Series, precisions: pd.Series) -> pd.Series:
    """Dates as far as known ('2025-05-29', '2023-02', '2023'), for a whole column at once."""
    precision = precisions.reindex(dates.index)
    texts = [
        format_date(date, kind if isinstance(kind, str) else "day")
        for date, kind in zip(dates, precision, strict=True)
    ]
    return pd.Series(texts, index=dates.index, dtype=object)


def long_date(value: object) -> str:
    """'2026-01-28' as '28 Jan 2026'; anything that is not a date as itself."""
    try:
        day = date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def coverage(meta: Mapping[str, Any], events: pd.DataFrame) -> str:
    """'Events up to 28 Jan 2026 · checked 4 Dec 2026 · data version 1.1.0', from what the package says.

    A package that does not state its coverage shows the date of its latest event, saying so.
    """
    until = meta.get("events_until")
    if isinstance(until, str) and until:
        parts = [f"Events up to {long_date(until)}"]
    elif not events.empty and pd.notna(last := events["date"].max()):
        parts = [f"Latest event in the data: {long_date(last.date().isoformat())} (coverage not stated)"]
    else:
        parts = ["No events in the data"]
    if isinstance(checked := meta.get("checked"), str) and checked:
        parts.append(f"checked {long_date(checked)}")
    if isinstance(version := meta.get("version"), str) and version:
        parts.append(f"data version {version}")
    return " · ".join(parts)


def source_label(publisher: object, kind: object, original: object) -> str:
    """Who wrote the text first, then where it was read: 'Reuters (copy on WKZO)'.

    An original shows its publisher; a secondary report names the outlet it reports.
    """
    outlet = str(publisher) if isinstance(publisher, str) and publisher else "publisher not recorded"
    if kind == "original" or not isinstance(kind, str):
        return outlet
    if not isinstance(original, str) or not original:
        return f"{outlet} ({kind}; the original outlet is not recorded)"
    how = {
        "copy": "copy on",
        "mirror": "mirror on",
        "translation": "translated by",
        "secondary": "as reported by",
    }.get(str(kind), "via")
    return f"{original} ({how} {outlet})"


def source_labels(sources: pd.DataFrame) -> dict[str, str]:
    """Source id -> `source_label` of that source."""
    return {
        str(i): source_label(p, k, o)
        for i, p, k, o in zip(
            sources["source_id"].tolist(),
            sources["publisher"].tolist(),
            sources["kind"].tolist(),
            sources["original_publisher"].tolist(),
            strict=True,
        )
    }


def title_shown(title: object, status: object) -> str:
    """A title, marked when the page's own headline was not retrieved."""
    text = str(title) if isinstance(title, str) else ""
    if status == "headline":
        return text
    return f"[title not retrieved] {text}".rstrip()


def format_value(value: float | None, unit: str, text: str | None = None) -> str:
    """'EUR 800 million'; a count keeps every digit; words when there is no number."""
    if value is None or pd.isna(value):
        return text or "not given"
    if unit in CURRENCIES:
        for scale, word in _SCALES:
            if abs(value) >= scale:
                amount = value / scale
                shown = f"{amount:.2f}".rstrip("0").rstrip(".")
                return f"{unit} {shown} {word}"
        return f"{unit} {value:,.0f}"
    if unit == "ratio":
        return f"×{value:g}"
    number = f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"
    return f"{number} {unit}" if unit == "people" else number


def format_period(start: pd.Timestamp | None, end: pd.Timestamp | None) -> str:
    """'2022-01-01 – 2024-06-22', an open end as '…', nothing known as 'period not given'."""
    if (start is None or pd.isna(start)) and (end is None or pd.isna(end)):
        return "period not given"
    first = "…" if start is None or pd.isna(start) else start.date().isoformat()
    last = "…" if end is None or pd.isna(end) else end.date().isoformat()
    return first if first == last else f"{first} – {last}"
