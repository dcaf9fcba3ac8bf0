"""The one list of pages: it drives the navigation and the page tests."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    """A page: its script under `pages/`, its address, its navigation title and heading."""

    key: str
    script: str
    url_path: str
    title: str
    heading: str
    icon: str


PAGES = (
    PageSpec(
        "overview",
        "pages/overview.py",
        "",
        "Overview",
        "Serbian ammunition and Ukraine: the allegations",
        ":material/dashboard:",
    ),
    PageSpec("map", "pages/map.py", "map", "Route map", "Route map", ":material/map:"),
    PageSpec(
        "timeline",
        "pages/timeline.py",
        "timeline",
        "Statements timeline",
        "Statements timeline",
        ":material/timeline:",
    ),
    PageSpec("exports", "pages/exports.py", "exports", "Exports", "Exports", ":material/bar_chart:"),
    PageSpec(
        "sources",
        "pages/sources.py",
        "sources",
        "Sources & method",
        "Sources & method",
        ":material/menu_book:",
    ),
)
BY_KEY = {page.key: page for page in PAGES}
