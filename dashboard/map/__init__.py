"""The Route map page: `build` returns everything it draws."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd
import pydeck as pdk

from dashboard.map.deck import route_map
from dashboard.map.evidence import Evidence, evidences, focus, picker_help, route_labels
from dashboard.map.stops import unlocated_markdown
from dashboard.map.styles import KEY_ALT, key_markdown, key_svg
from dashboard.map.table import routes_table
from dashboard.map.view import MAP_HEIGHT
from dashboard.present.tables import Table
from dashboard.present.text import md_escape

INTRO = (
    "Which way did the ammunition allegedly travel, who says so, and who denies it? Each line is one leg "
    "of a claimed route between two capitals. Click a line or a country, or choose a route from the list, "
    "to see the claim, the answers to it and the sources."
)

if TYPE_CHECKING:  # data.py imports this package (the map's opening view), so not at run time
    from dashboard.data import Package
EMPTY = "No routes match these filters."
UNLOCATED_HEADING = "**Not on the map: no location**\n\n"


@dataclass(frozen=True, eq=False)
class MapView:
    """Everything the Route map page draws; when no route matches, only `intro` and `empty`."""

    intro: str
    empty: str | None = None  # shown instead of the map when no route matches
    deck: pdk.Deck | None = None
    height: int = MAP_HEIGHT
    alt: str = ""
    key_svg: str = ""
    key_alt: str = KEY_ALT
    caption: str = ""  # the alt text, escaped for Markdown
    unlocated: str | None = None  # Markdown: the routes through a place with no location
    key_markdown: str = ""
    picker: Mapping[str, str] = field(default_factory=dict)  # route id -> its line in the list
    picker_help: str = ""
    focus_heading: str | None = None  # Markdown; None when no route is in focus
    evidence: tuple[Evidence, ...] = ()
    table: Table = field(default_factory=lambda: Table(pd.DataFrame()))


def build(
    package: Package,
    selected: Mapping[str, pd.DataFrame],
    *,
    dark: bool = False,
    picked: str | None = None,
    clicked: Mapping[str, Sequence[Mapping[str, Any]]] | None = None,
) -> MapView:
    """The page for the `selected` routes of `package`, the route `picked` in the list and the objects
    `clicked` on the map (by layer id)."""
    routes, tables, names = selected["routes"], package.tables, package.derived.names
    if routes.empty:
        return MapView(INTRO, empty=EMPTY)
    drawn = route_map(routes, tables["countries"], names, package.derived.opening, dark, picked)
    labels = route_labels(routes, names)
    # The list drops a pick it no longer lists, so only a listed pick is in focus (the map still outlines it).
    listed = picked if picked in labels else None
    shown = focus(listed, clicked or {}, routes, drawn.legs, names)
    return MapView(
        INTRO,
        deck=drawn.deck,
        alt=drawn.alt,
        key_svg=key_svg(dark),
        caption=md_escape(drawn.alt),
        unlocated=None if drawn.unlocated.empty else UNLOCATED_HEADING + unlocated_markdown(drawn.unlocated),
        key_markdown=key_markdown(),
        picker=labels,
        picker_help=picker_help(len(routes)),
        focus_heading=f"**{shown.heading}**" if shown.route_ids else None,
        evidence=tuple(evidences(shown.route_ids, routes, tables["events"], tables["sources"], names)),
        table=routes_table(routes, drawn.legs, tables["sources"], names),
    )
