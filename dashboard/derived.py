"""What the pages need from a package alone, worked out once when it loads (the bundled package is
shared by every session, so none of it may be changed in place)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import pandas as pd

from dashboard import filters
from dashboard.map.view import Opening, opening
from dashboard.present.formats import country_labels


@dataclass(frozen=True)
class Derived:
    """Country names (code -> name shown), the filter's country order, the date span, each row's
    countries and sources, and where the map opens."""

    names: dict[str, str]
    options: list[str]
    span: tuple[date, date] | None
    lookup: filters.Lookup
    opening: Opening


def derive(tables: Mapping[str, pd.DataFrame]) -> Derived:
    """Everything in `Derived`, from a package's tables."""
    names = country_labels(tables["countries"])
    return Derived(
        names=names,
        options=sorted(names, key=lambda code: names[code].casefold()),
        span=filters.date_span(tables),
        lookup=filters.lookup(tables),
        opening=opening(tables),
    )
