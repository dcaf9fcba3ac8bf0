"""Hostile strings in the data are shown as literal text; nothing runs, nothing crashes."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.data import load_files
from dashboard.registry import PAGES, PageSpec
from tests.browser import chromium, require_browser, streamlit_server, wait_ready
from tests.conftest import OpenPage
from tests.hostile import HOSTILE_URLS, hostile_files, write_hostile


def test_hostile_text_is_valid_data() -> None:
    """Hostile text in text columns is still a valid package: the contract does not censor text."""
    package = load_files(hostile_files(), "hostile")
    assert package.ok, package.problems[:5]
    assert "<script>alert(1)</script>" in set(package.tables["events"]["summary"])


def test_hostile_urls_are_rejected_by_name() -> None:
    """javascript: and data: URLs are rejected, each named as not an http(s) URL."""
    found = [str(p) for p in load_files(hostile_files(urls=True), "hostile").problems]
    for url in HOSTILE_URLS:
        assert any(f"url: {url[:60]!r}" in p and "not an absolute http" in p for p in found), found


@pytest.mark.parametrize("page", PAGES, ids=[p.key for p in PAGES])
def test_every_page_renders_hostile_text_without_error(
    open_page: OpenPage, page: PageSpec, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every page renders a package of hostile strings with no exception."""
    monkeypatch.setenv("DASHBOARD_DATA", str(write_hostile(tmp_path / "hostile")))
    at = open_page(page)
    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.title] == [page.heading]
    assert not at.error, [e.value for e in at.error]


@pytest.mark.browser
def test_hostile_package_runs_nothing_in_the_browser(tmp_path: Path) -> None:
    """On every page: no dialog opens, no injected element exists, no javascript:/data: link, text shown literally."""
    require_browser()
    folder = write_hostile(tmp_path / "hostile")
    dialogs: list[str] = []
    with streamlit_server(env={"DASHBOARD_DATA": str(folder)}) as base, chromium() as page:
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for spec in PAGES:
            page.goto(f"{base}/{spec.url_path}")
            wait_ready(page, spec.heading)
            page.wait_for_function(
                "() => document.querySelectorAll('[data-testid^=\"stSkeleton\"]').length === 0",
                timeout=120_000,
            )
            assert page.locator('[data-testid="stException"]').count() == 0, spec.key
            assert page.locator('img[src="x"], svg[onload], script:text("alert(1)")').count() == 0, spec.key
            links = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
            assert not [h for h in links if h.strip().lower().startswith(("javascript:", "data:"))], spec.key
        page.goto(f"{base}/")
        wait_ready(page, PAGES[0].heading)
    assert dialogs == []


@pytest.mark.browser
def test_hostile_urls_show_the_problem_list_not_a_link(tmp_path: Path) -> None:
    """A package with javascript:/data: source URLs shows the problems as text and no such link."""
    require_browser()
    folder = write_hostile(tmp_path / "hostile", urls=True)
    with streamlit_server(env={"DASHBOARD_DATA": str(folder)}) as base, chromium() as page:
        page.goto(f"{base}/sources")
        wait_ready(page, "Sources & method")
        page.get_by_text("is not an absolute http:// or https:// URL").first.wait_for()
        links = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
        assert not [h for h in links if h.strip().lower().startswith(("javascript:", "data:"))]


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("**bold**", r"\*\*bold\*\*"),
        (":red[x]", r"\:red\[x\]"),
        ("$1.2bn to $3bn", r"\$1\.2bn to \$3bn"),
        ("# heading", r"\# heading"),
        ("[x](javascript:alert(1))", r"\[x\]\(javascript\:alert\(1\)\)"),
        ("<script>", r"\<script\>"),
        ("\u202eevil", r"⟨U\+202E⟩evil"),
    ],
)
def test_markdown_escape_shows_data_literally(value: str, shown: str) -> None:
    """Markdown, colour directives, LaTeX, links, tags and direction overrides are escaped."""
    from dashboard.present.text import md_escape

    assert md_escape(value) == shown


def test_long_text_is_shortened_with_its_length() -> None:
    """A 10,000-character value is cut for display and says how long it is."""
    from dashboard.present.text import md_escape

    assert md_escape("A" * 10_000, 600).endswith("… \\(10,000 characters in all\\)")


@pytest.mark.parametrize("page", PAGES, ids=[p.key for p in PAGES])
def test_missing_data_shows_the_problems_on_every_page(
    open_page: OpenPage, page: PageSpec, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the data folder missing, every page shows its heading and the list of problems, no traceback."""
    monkeypatch.setenv("DASHBOARD_DATA", str(tmp_path / "nowhere"))
    at = open_page(page)
    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.title] == [page.heading]
    assert any("problems" in e.value for e in at.error)
    assert "events.csv: the file is missing" in at.code[0].value
