"""The statements timeline page as one value: who said what, when, and what answered it.

`rows` places each statement, `hover` and `moments` say what the chart shows about it, `figure`
draws the chart, `key` its key, `card` the picked statement's card, the picker and the table.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from dashboard.data import Package
from dashboard.present.tables import Table
from dashboard.timeline.card import (
    CardText,
    card_text,
    event_card,
    option_labels,
    picker_label,
    search,
    statements_table,
)
from dashboard.timeline.figure import chart, chart_alt, chart_caption, chart_events
from dashboard.timeline.key import chart_key, key_alt, key_svg
from dashboard.timeline.moments import key_moments
from dashboard.timeline.rows import answered_by

__all__ = ["TimelineView", "build"]

EMPTY = "No statements match these filters."
NO_MATCH = "No statements in the selection match this search."


@dataclass(frozen=True, eq=False)
class TimelineView:
    """Everything the timeline page draws; for a selection with no statement, only `empty`."""

    empty: str | None = None  # said instead of the page
    caption: str = ""  # how to read the chart
    key_svg: str = ""
    key_alt: str = ""
    figure: go.Figure | None = None
    figure_alt: str = ""
    # Not on a phone: Streamlit makes a selectable chart pan, and a panning chart keeps a finger from
    # scrolling the page. The picker opens every card instead.
    clickable: bool = False  # whether a click on a marker opens its card
    picker_label: str = ""
    options: Mapping[str, str] = field(default_factory=dict)  # event id -> its label, in date order
    card: CardText | None = None  # of the picked event
    table: Table | None = None  # the statements the search finds; None when it finds none
    no_match: str | None = None  # said instead of the table then


def build(
    package: Package,
    selected: Mapping[str, pd.DataFrame],
    *,
    picked: str | None,
    query: str,
    dark: bool,
    phone: bool,
) -> TimelineView:
    """The page for the `selected` events; answers and key moments come from all of `package`'s events."""
    events, all_events = selected["events"], package.tables["events"]
    sources, names = package.tables["sources"], package.derived.names
    if events.empty:
        return TimelineView(empty=EMPTY)
    shown = chart_events(events)
    options = option_labels(shown)
    picked = picked if picked in options else None
    answers = answered_by(all_events)  # once: the hover and the table both name each event's answers
    key = chart_key(shown)
    facts = event_card(picked, events, all_events, sources, names) if picked else None
    found = search(events, query)
    return TimelineView(
        caption=chart_caption(len(shown), len(events)),
        key_svg=key_svg(key, dark),
        key_alt=key_alt(key),
        figure=chart(shown, names, answers, key_moments(all_events), picked),
        figure_alt=chart_alt(len(shown)),
        clickable=not phone,
        picker_label=picker_label(phone),
        options=options,
        card=card_text(facts) if facts else None,
        table=None if found.empty else statements_table(found, len(events), sources, names, answers),
        no_match=NO_MATCH if found.empty else None,
    )
