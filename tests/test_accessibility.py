"""The real app in Chromium: phones and laptops, tab titles, alt text, headings, control names, the dark theme."""

from __future__ import annotations

import base64
import itertools
import re
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest

from dashboard.registry import BY_KEY, PAGES
from tests.browser import chromium, require_browser, streamlit_server, wait_ready

SETTLED = """() => document.querySelectorAll('[data-testid^="stSkeleton"]').length === 0
    && [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].every(c => c.querySelector('.main-svg'))
    && [...document.querySelectorAll('[data-testid="stDeckGlJsonChart"]')].every(c => c.querySelector('canvas'))"""
FACTS = """() => {
  const one = s => document.querySelector(s);
  const overflow = e => e.scrollWidth - e.clientWidth;
  const main = one('[data-testid="stMain"]');
  const tick = one('[data-testid="stPlotlyChart"] .xtick text');
  return {
    title: document.title,
    icons: [...document.querySelectorAll('link[rel~="icon"]')].map(l => l.getAttribute('href')),
    overflow: {
      page: document.documentElement.scrollWidth - window.innerWidth,
      stMain: overflow(main),
      stMainBlockContainer: overflow(one('[data-testid="stMainBlockContainer"]')),
    },
    charts: [...main.querySelectorAll('[data-testid="stPlotlyChart"], [data-testid="stDeckGlJsonChart"]')]
      .map(e => [e.dataset.testid, (e.getAttribute('aria-label') || '').trim()]),
    tables: main.querySelectorAll('[data-testid="stDataFrame"], [data-testid="stTable"]').length,
    headings: [...main.querySelectorAll('h1, h2, h3, h4, h5, h6')]
      .map(h => [Number(h.tagName[1]), h.textContent.trim()]),
    images: [...main.querySelectorAll('[data-testid="stImage"] img')].map(i => [i.alt, i.src]),
    exceptions: document.querySelectorAll('[data-testid="stException"]').length,
    background: getComputedStyle(one('[data-testid="stApp"]')).backgroundColor,
    text: getComputedStyle(one('[data-testid="stMarkdownContainer"] p') || main).color,
    tick: tick ? getComputedStyle(tick).fill : null,
    plots: [...main.querySelectorAll('[data-testid="stPlotlyChart"]')].map(c => [
      c.getBoundingClientRect().width,
      Math.max(0, ...[...c.querySelectorAll('.nsewdrag')].map(d => d.getBoundingClientRect().width)),
    ]),
  };
}"""
INTERACTIVE = {"button", "checkbox", "combobox", "link", "listbox", "radio", "searchbox", "slider"}
INTERACTIVE |= {"spinbutton", "switch", "tab", "textbox", "menuitem"}


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """One app server for every browser test of this module."""
    require_browser()
    with streamlit_server() as base:
        yield base


def visit_every_page(base: str, width: int, dark: bool = False) -> dict[str, dict[str, Any]]:
    """Open each page in a fresh window of `width` px; return what the tests look at, per page."""
    seen: dict[str, dict[str, Any]] = {}
    with chromium(width=width, height=900, dark=dark) as page:
        accessibility = page.context.new_cdp_session(page)
        for spec in PAGES:
            page.goto(f"{base}/{spec.url_path}")
            wait_ready(page, spec.heading)
            page.wait_for_function(SETTLED, timeout=120_000)
            facts: dict[str, Any] = page.evaluate(FACTS)
            nodes = accessibility.send("Accessibility.getFullAXTree")["nodes"]
            facts["unnamed"] = [
                node["role"]["value"]
                for node in nodes
                if not node.get("ignored")
                and node.get("role", {}).get("value") in INTERACTIVE
                and not str(node.get("name", {}).get("value", "")).strip()
            ]
            seen[spec.key] = facts
    return seen


@pytest.fixture(scope="module")
def laptop(server: str) -> dict[str, dict[str, Any]]:
    return visit_every_page(server, 1280)


@pytest.fixture(scope="module")
def phone(server: str) -> dict[str, dict[str, Any]]:
    return visit_every_page(server, 390)


@pytest.fixture(scope="module")
def dark(server: str) -> dict[str, dict[str, Any]]:
    return visit_every_page(server, 1280, dark=True)


def rgb(css: str) -> tuple[float, ...]:
    return tuple(float(v) for v in re.findall(r"[\d.]+", css)[:3])


def luminance(colour: tuple[float, ...]) -> float:
    c = np.array(colour[:3]) / 255
    c = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return float(0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2])


def contrast(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.browser
@pytest.mark.parametrize("window", ["phone", "laptop"])
def test_no_page_scrolls_sideways(window: str, request: pytest.FixtureRequest) -> None:
    """At 390 px (a phone) and 1280 px every page fits its width; only tables scroll inside their frame."""
    seen = request.getfixturevalue(window)
    wide = {
        key: facts["overflow"]
        for key, facts in seen.items()
        if any(v > 0 for v in facts["overflow"].values())
    }
    assert not wide, f"pages wider than the {window} window (extra px): {wide}"
    assert not any(facts["exceptions"] for facts in seen.values())


@pytest.mark.browser
def test_every_tab_has_a_short_title_and_an_icon(laptop: dict[str, dict[str, Any]]) -> None:
    """Each tab names its page in under 60 characters and shows the app's icon, served by the app itself."""
    for key, facts in laptop.items():
        assert 0 < len(facts["title"]) < 60, f"{key}: {facts['title']!r}"
        assert facts["title"].startswith(BY_KEY[key].title + " · "), f"{key}: {facts['title']!r}"
        assert facts["icons"], f"{key}: no favicon"
        # An icon from a font CDN would be blank offline; the app serves its own PNG.
        assert all(icon.startswith(("/", "http://127.0.0.1")) for icon in facts["icons"]), facts["icons"]


@pytest.mark.browser
def test_every_chart_and_map_has_alt_text_and_a_table(laptop: dict[str, dict[str, Any]]) -> None:
    """A screen reader hears what each chart or map shows, and the page has a table with the same rows."""
    assert any(facts["charts"] for facts in laptop.values())
    for key, facts in laptop.items():
        for kind, name in facts["charts"]:
            assert len(name) > 20, f"{key}: a {kind} has no alt text ({name!r})"
        if facts["charts"]:
            assert facts["tables"], f"{key}: a chart without a table twin"
        for alt, _ in facts["images"]:
            assert alt.strip(), f"{key}: an image has no alt text"


@pytest.mark.browser
def test_headings_are_in_order(laptop: dict[str, dict[str, Any]]) -> None:
    """Each page has one h1, its heading, and no heading skips a level (no h3 straight under the h1)."""
    for spec in PAGES:
        headings = laptop[spec.key]["headings"]
        assert headings[0] == [1, spec.heading], f"{spec.key}: {headings[:1]}"
        assert [level for level, _ in headings].count(1) == 1, f"{spec.key}: {headings}"
        for (before, _), (level, text) in itertools.pairwise(headings):
            assert level <= before + 1, f"{spec.key}: h{level} {text!r} follows an h{before}"


@pytest.mark.browser
def test_every_control_has_a_name(laptop: dict[str, dict[str, Any]]) -> None:
    """Every button, field, link and picker has an accessible name a screen reader can say."""
    unnamed = {key: facts["unnamed"] for key, facts in laptop.items() if facts["unnamed"]}
    assert not unnamed, f"controls without a name: {unnamed}"


@pytest.mark.browser
def test_dark_theme_is_dark_and_readable(
    dark: dict[str, dict[str, Any]], laptop: dict[str, dict[str, Any]]
) -> None:
    """With the system asking for dark, the app, its charts and the map key are light on dark, readable."""
    assert any(facts["tick"] for facts in dark.values()), "no chart labels were found to check"
    assert any(src.startswith("data:image/svg") for f in dark.values() for _, src in f["images"]), (
        "no map key"
    )
    for key, facts in dark.items():
        assert facts["exceptions"] == 0, key
        background = rgb(facts["background"])
        assert luminance(background) < 0.05, f"{key}: the page is not dark ({facts['background']})"
        assert contrast(rgb(facts["text"]), background) >= 7, (
            f"{key}: text {facts['text']} on {facts['background']}"
        )
        if facts["tick"]:
            assert contrast(rgb(facts["tick"]), background) >= 4.5, f"{key}: chart labels {facts['tick']}"
            assert luminance(rgb(facts["tick"])) > luminance(rgb(laptop[key]["tick"])), key
        for alt, src in facts["images"]:
            if src.startswith("data:image/svg+xml;base64,"):
                svg = base64.b64decode(src.split(",", 1)[1]).decode("utf-8")
                ink = re.search(r'<svg[^>]* fill="#([0-9a-fA-F]{6})"', svg)
                assert ink, f"{key}: {alt[:30]} has no text colour"
                colour = tuple(float(int(ink.group(1)[i : i + 2], 16)) for i in (0, 2, 4))
                assert contrast(colour, background) >= 4.5, f"{key}: the image {alt[:30]!r} is dark on dark"


@pytest.mark.browser
@pytest.mark.parametrize(
    "key",
    ["timeline", "exports"],
)
def test_charts_keep_room_for_the_data_on_a_phone(key: str, phone: dict[str, dict[str, Any]]) -> None:
    """At 390 px each chart's plotting area is at least half the chart's width; labels do not eat it."""
    plots = phone[key]["plots"]
    assert plots, f"{key}: no chart"
    for chart, plot in plots:
        assert plot >= chart / 2, f"{key}: the data get {plot:.0f} of {chart:.0f} px"
