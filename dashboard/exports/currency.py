"""Money in another currency, only with the sourced annual rates of `rates.csv`, always saying so.

Counts, people and ratios are never converted.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from dashboard.exports.figures import cited_sources, is_lower_bound, placement, published_label
from dashboard.present.formats import CURRENCIES, format_value, source_labels
from dashboard.present.text import SHORT, md_escape

PUBLISHED = "As published"
CURRENCY_OPTIONS = (PUBLISHED, *CURRENCIES)
CURRENCY_HELP = (
    "Converted values use the sourced annual rates in the rate table and are always marked ≈ and 'converted'."
)
NO_RATES = "No sourced rate table in this data package: money is shown only as published."
MISSING_LISTED = 20

Rate = tuple[float, str, str, str, bool]  # rate, source id, base, quote, whether it multiplies


def currency_options(rates: pd.DataFrame) -> tuple[str, ...]:
    """The choices of the currency switch: only 'As published' when no sourced rate exists."""
    usable = rates.loc[rates["base"].isin(CURRENCIES) & rates["quote"].isin(CURRENCIES) & rates["rate"].gt(0)]
    return CURRENCY_OPTIONS if not usable.empty else (PUBLISHED,)


def rate_years(figures: pd.DataFrame) -> pd.DataFrame:
    """The year whose rate converts each figure, and why: period end, else publication, else period start.

    An open period ("since 2022") runs at least to the day it was published, so the
    publication year stands in for a missing end before the start year is used.
    """
    end = figures["period_end"].dt.year
    published = figures["published"].dt.year
    start = figures["period_start"].dt.year
    year = end.fillna(published).fillna(start)
    rule = np.select(
        [end.notna().to_numpy(), published.notna().to_numpy(), start.notna().to_numpy()],
        ["period end", "publication date", "period start"],
        default="",
    )
    return pd.DataFrame({"rate_year": year.astype("Int64"), "rate_rule": rule}, index=figures.index)


def rates_by_year(rates: pd.DataFrame, target: str) -> dict[tuple[int, str], Rate]:
    """(year, currency) -> the rate converting that currency into `target`.

    A rate quoted in `target` (the first one per year and currency) multiplies; else a rate
    based on `target` divides. Rates without a numeric year or a positive rate are not used.
    """
    direct: dict[tuple[int, str], Rate] = {}
    inverse: dict[tuple[int, str], Rate] = {}
    years = pd.to_numeric(rates["year"], errors="coerce")
    for year, rate, source, base, quote in zip(
        years, rates["rate"], rates["source_id"], rates["base"], rates["quote"], strict=True
    ):
        if pd.isna(year) or pd.isna(rate) or not rate > 0:
            continue
        if isinstance(quote, str) and quote == target:
            direct.setdefault((int(year), str(base)), (float(rate), str(source), str(base), str(quote), True))
        if isinstance(base, str) and base == target:
            inverse.setdefault(
                (int(year), str(quote)), (float(rate), str(source), str(base), str(quote), False)
            )
    return {**inverse, **direct}


def convert(figures: pd.DataFrame, rates: pd.DataFrame, target: str) -> pd.DataFrame:
    """`figures` with the value to show: money in `target` at the sourced annual rate, the rest as published.

    Added columns: shown_value, shown_unit, converted, rate, rate_pair ('USD per EUR'),
    rate_source, rate_year, rate_rule, missing_rate (money that could not be converted).
    A rate of `quote` per `base` multiplies a `base` amount and divides a `quote` amount.
    """
    years = rate_years(figures)
    values = figures["value"].astype(float).tolist()
    units = figures["unit"].tolist()
    count = len(values)
    shown, shown_unit = list(values), list(units)
    converted, missing = [False] * count, [False] * count
    rate: list[float] = [np.nan] * count
    pair, source = [""] * count, [""] * count
    if target in CURRENCIES and count:
        table = rates_by_year(rates, target)
        for i, (value, unit, year) in enumerate(zip(values, units, years["rate_year"], strict=True)):
            if not isinstance(unit, str) or unit not in CURRENCIES or unit == target or pd.isna(value):
                continue
            found = table.get((-1 if pd.isna(year) else int(year), str(unit)))
            if found is None:
                missing[i] = True
                continue
            rate[i], source[i], base, quote, multiply = found
            shown[i] = value * rate[i] if multiply else value / rate[i]
            shown_unit[i], converted[i], pair[i] = target, True, f"{quote} per {base}"
    return figures.assign(
        rate_year=years["rate_year"],
        rate_rule=years["rate_rule"],
        shown_value=np.array(shown, dtype=float),
        shown_unit=shown_unit,
        converted=np.array(converted, dtype=bool),
        rate=np.array(rate, dtype=float),
        rate_pair=pair,
        rate_source=source,
        missing_rate=np.array(missing, dtype=bool),
    )


def shown_label(row: Mapping[str, Any]) -> str:
    """The value as shown, saying when it was converted and from what, or why it was not."""
    published = published_label(row["value"], str(row["unit"]), row.get("value_text"))
    if row.get("converted"):
        bound = "more than " if is_lower_bound(row.get("value_text")) else ""
        amount = format_value(float(row["shown_value"]), str(row["shown_unit"]))
        return (
            f"≈ {bound}{amount} (converted at {float(row['rate']):g} {row['rate_pair']}, the "
            f"{row['rate_year']} annual average, the year of the {row['rate_rule']}; published as {published})"
        )
    if row.get("missing_rate"):
        year = row.get("rate_year")
        if year is None or pd.isna(year):
            return f"{published} (not converted: no date to choose a rate by)"
        return f"{published} (not converted: no sourced {year} rate in this data package)"
    return published


def conversion_caption(
    converted: pd.DataFrame, rates: pd.DataFrame, sources: pd.DataFrame, currency: str
) -> str:
    """Markdown: the conversion rule, the rates' source, and which shown money figures stayed as published."""
    if currency == PUBLISHED:
        return "Money is shown in the currency each source published it in."
    publishers = source_labels(cited_sources(rates, sources))
    cited: dict[str, list[str]] = {}
    for source_id in sorted(set(rates["source_id"])):
        cited.setdefault(publishers.get(str(source_id), str(source_id)), []).append(str(source_id))
    source_text = "; ".join(f"{name} ({', '.join(ids)})" for name, ids in cited.items())
    years = ", ".join(str(y) for y in sorted(set(rates["year"])))
    text = (
        f"Converted to {currency} at the annual average rate of the year the figure's period ends; "
        "for an open or missing end, the year it was published; failing that, the year its period starts. "
        f"Rates (see *Rate table*) for {md_escape(years, SHORT)}, from {md_escape(source_text, SHORT)}. "
        "Counts, people and ratios are never converted; restatements and claims are shown as published."
    )
    shown = placement(converted).isin(["span", "unplaced"])
    missing = converted.loc[converted["missing_rate"] & shown]
    if not missing.empty:
        listed = zip(
            missing["figure_id"].head(MISSING_LISTED), missing["rate_year"].head(MISSING_LISTED), strict=True
        )
        items = ", ".join(
            f"{md_escape(fid)} ({'no date' if pd.isna(year) else md_escape(year)})" for fid, year in listed
        )
        more = f" and {len(missing) - MISSING_LISTED} more" if len(missing) > MISSING_LISTED else ""
        text += f" **Not converted**, no sourced rate for their year: {items}{more}; they stay as published."
    return text
