"""Every page through the entrypoint, in AppTest: heading, no exception, the selection applies."""

from __future__ import annotations

import gc

import pandas as pd
import pytest
from streamlit.runtime.pages_manager import PagesManager

from dashboard import ui
from dashboard.cache import load_package
from dashboard.data import load_folder
from dashboard.registry import PAGES, PageSpec
from tests.conftest import DATA, OpenPage


def test_streamlit_still_has_the_private_pages_flag() -> None:
    """The cold-start fix relies on PagesManager.uses_pages_directory; fail loudly if it is gone."""
    assert hasattr(PagesManager, "uses_pages_directory")


@pytest.mark.parametrize("page", PAGES, ids=[p.key for p in PAGES])
def test_page_renders_with_its_heading(open_page: OpenPage, page: PageSpec) -> None:
    """Each page shows its own heading, the sidebar filters, and no exception."""
    at = open_page(page)
    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.title] == [page.heading]
    assert at.multiselect(key="country").label == "Countries"
    assert at.button(key="reset").label == "Reset filters"
    assert not at.error, [e.value for e in at.error]


@pytest.mark.parametrize("page", PAGES, ids=[p.key for p in PAGES])
def test_page_takes_the_country_from_the_url(open_page: OpenPage, page: PageSpec) -> None:
    """?country=BGR selects Bulgaria on every page, with no notice."""
    at = open_page(page, country=["BGR"])
    assert not at.exception
    assert at.multiselect(key="country").value == ["BGR"]
    assert not at.warning, [w.value for w in at.warning]


def test_unknown_country_in_the_url_gives_a_notice(open_page: OpenPage) -> None:
    """An unknown code is dropped with a visible notice, never an error."""
    at = open_page(PAGES[0], country=["BGR", "<script>"])
    assert not at.exception
    assert at.multiselect(key="country").value == ["BGR"]
    assert any(r"country\=\'\<script\>\'\: not a known value" in w.value for w in at.warning)


def test_overview_counts_follow_the_selection(open_page: OpenPage) -> None:
    """Selecting Bulgaria lowers the Overview's count of allegations below the total."""
    everything = {m.label: m.value for m in open_page(PAGES[0]).metric}
    bulgaria = {m.label: m.value for m in open_page(PAGES[0], country=["BGR"]).metric}
    assert int(bulgaria["Allegations"]) < int(everything["Allegations"])
    assert int(bulgaria["Denials"]) < int(everything["Denials"])


def test_sources_table_follows_the_selection(open_page: OpenPage) -> None:
    """Selecting Bulgaria shows fewer sources, and says how many of all."""
    sources = next(p for p in PAGES if p.key == "sources")
    everything = open_page(sources).dataframe[0].value
    bulgaria_page = open_page(sources, country=["BGR"])
    assert len(bulgaria_page.dataframe[0].value) < len(everything)
    assert "of" in bulgaria_page.markdown[0].value


def test_reset_returns_to_the_defaults(open_page: OpenPage) -> None:
    """Reset filters clears the country selection."""
    at = open_page(PAGES[0], country=["BGR"])
    at.button(key="reset").click().run()
    assert at.multiselect(key="country").value == []


def test_empty_selection_shows_an_empty_state(open_page: OpenPage) -> None:
    """A filter that matches no statement shows a message, not an exception."""
    at = open_page(PAGES[0], country=["XAF"], kind=["Leak"])
    assert not at.exception
    assert any("No statements match these filters" in i.value for i in at.info)


def test_sources_page_offers_the_selection_as_a_zip(open_page: OpenPage) -> None:
    """The Sources & method page has the download of the current selection."""
    sources = next(p for p in PAGES if p.key == "sources")
    at = open_page(sources, country=["BGR"])
    assert not at.exception
    assert any("What is not covered" in s.value for s in at.subheader)
    buttons = at.get("download_button")
    assert len(buttons) == 1


def test_pages_leave_the_shared_package_as_it_was_read(open_page: OpenPage) -> None:
    """Rendering every page, filtered and not, changes nothing in the package every session shares."""
    for page in PAGES:
        for params in ({}, {"country": ["BGR"], "kind": ["Denial"]}):
            at = open_page(page, **params)
            assert not at.exception, [e.value for e in at.exception]
    shared, fresh = load_package(), load_folder(DATA)
    assert shared.tables.keys() == fresh.tables.keys()
    for name, table in fresh.tables.items():
        pd.testing.assert_frame_equal(shared.tables[name], table, obj=f"shared {name}")
    assert shared.meta == fresh.meta


def test_a_page_run_hides_long_lived_objects_from_full_collections_once(open_page: OpenPage) -> None:
    """After a page's first run, what lives on (modules, the package) is frozen out of the garbage
    collector's full collections, which otherwise took 0.12-0.26 s at random (bench/RESULTS.md);
    a later run of the same page freezes nothing new, so per-session objects stay collectable."""
    gc.unfreeze()
    ui._SETTLED_PAGES.clear()
    at = open_page(PAGES[1])
    assert not at.exception
    frozen = gc.get_freeze_count()
    assert frozen > 50_000, frozen  # Streamlit, pandas, pydeck and the package, at least
    later = [[] for _ in range(1_000)]
    ui.settle_memory(PAGES[1].url_path)
    assert gc.get_freeze_count() < frozen + len(later)
