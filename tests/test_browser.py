"""The real app in headless Chromium: cold-start deep links, navigation, the URL selection."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from dashboard.registry import PAGES
from tests.browser import chromium, require_browser, streamlit_server, wait_ready

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parent / "screenshots"


@pytest.fixture(scope="module", autouse=True)
def _browser_available() -> None:
    require_browser()


def expect(locator):  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def countries_in(url: str) -> list[str]:
    return parse_qs(urlsplit(url).query).get("country", [])


def assert_clean(page) -> None:  # type: ignore[no-untyped-def]
    assert page.locator('[data-testid="stException"]').count() == 0, "an exception box is shown"
    assert page.get_by_text("Page not found").count() == 0, "a 'Page not found' dialog is shown"


def test_cold_deep_link_then_every_page_keeps_the_selection() -> None:
    """A shared link as the first request after start shows the full frame; the selection survives each move."""
    SHOTS.mkdir(exist_ok=True)
    timeline = next(p for p in PAGES if p.key == "timeline")
    with streamlit_server() as base, chromium() as page:
        page.goto(f"{base}/timeline?country=BGR")
        wait_ready(page, timeline.heading)
        assert_clean(page)
        expect(page.locator('[data-testid="stSidebarNav"]')).to_have_count(1)
        expect(page.get_by_role("button", name="Reset filters")).to_have_count(1)
        assert countries_in(page.url) == ["Bulgaria"], page.url
        page.screenshot(path=str(SHOTS / "cold-timeline.png"), full_page=True)
        for spec in PAGES:
            page.locator('[data-testid="stSidebarNav"] a', has_text=spec.title).first.click()
            try:
                wait_ready(page, spec.heading)
            except Exception:
                page.screenshot(path=str(SHOTS / f"failed-{spec.key}.png"), full_page=True)
                raise
            assert_clean(page)
            assert urlsplit(page.url).path == "/" + spec.url_path, page.url
            assert countries_in(page.url) == ["Bulgaria"], f"{spec.title}: {page.url}"
            page.screenshot(path=str(SHOTS / f"{spec.key}.png"), full_page=True)


def test_changing_a_filter_updates_the_address() -> None:
    """Choosing a country in the sidebar writes it into the URL."""
    overview = PAGES[0]
    with streamlit_server() as base, chromium() as page:
        page.goto(f"{base}/")
        wait_ready(page, overview.heading)
        page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first.click()
        page.keyboard.type("Poland")
        page.get_by_role("option", name="Poland", exact=True).click()
        page.keyboard.press("Escape")
        page.wait_for_function("() => window.location.search.includes('country=Poland')", timeout=120_000)
        wait_ready(page, overview.heading)
        assert_clean(page)
        assert countries_in(page.url) == ["Poland"]


def test_shared_link_with_dates_and_bad_values_then_reset() -> None:
    """Valid values of a link are applied, invalid ones dropped with a notice, Reset clears the address."""
    sources = next(p for p in PAGES if p.key == "sources")
    with streamlit_server() as base, chromium() as page:
        page.goto(f"{base}/sources?from=2025-01-01&to=2025-13-45&country=CZE&kind=denial&foo=1")
        wait_ready(page, sources.heading)
        expect(page.get_by_text("Ignored to='2025-13-45': not a date written YYYY-MM-DD.")).to_have_count(1)
        expect(page.get_by_text("Ignored the unknown parameter 'foo'.")).to_have_count(1)
        query = parse_qs(urlsplit(page.url).query)
        assert query == {"from": ["2025-01-01"], "country": ["Czech Republic"], "kind": ["Denial"]}, page.url
        page.get_by_role("button", name="Reset filters").click()
        page.wait_for_function("() => window.location.search === ''", timeout=120_000)
        wait_ready(page, sources.heading)
        assert_clean(page)


def test_download_gives_the_selection_as_a_zip(tmp_path: Path) -> None:
    """The ZIP is made on click and holds the selection: Bulgaria's rows and a README naming the filter."""
    import io
    import zipfile

    sources = next(p for p in PAGES if p.key == "sources")
    with streamlit_server() as base, chromium(height=1400) as page:
        page.goto(f"{base}/sources?country=BGR")
        wait_ready(page, sources.heading)
        with page.expect_download(timeout=60_000) as download:
            page.get_by_role("button", name="Download the selection (ZIP)").click()
        saved = tmp_path / "selection.zip"
        download.value.save_as(saved)
        assert download.value.suggested_filename == "serbian-ammunition-selection.zip"
        assert_clean(page)
    archive = zipfile.ZipFile(io.BytesIO(saved.read_bytes()))
    readme = archive.read("README.md").decode()
    assert "countries: Bulgaria" in readme
    routes = archive.read("routes.csv").decode().splitlines()
    assert len(routes) > 1, "the selection's routes are in the ZIP"
    assert all("BGR" in line for line in routes[1:]), "only routes touching Bulgaria"


def test_text_from_the_address_and_the_data_never_becomes_a_link_or_an_icon(tmp_path: Path) -> None:
    """A shared link with an address, an e-mail and an icon code as a country, and a data value with a
    bare www address, show as plain text: no link to another site and no icon appear in the page."""
    from tests.conftest import bundled, edit, rows

    files = bundled()
    record = next(n for n, row in enumerate(rows(files["events.csv"])) if row and row[0] == "E46")
    files["events.csv"] = edit(
        files["events.csv"], record, "summary", "Write to a.b@phish.example or see www.phish.example"
    )
    for name, raw in files.items():
        (tmp_path / name).write_bytes(raw)
    overview = next(p for p in PAGES if p.key == "overview")
    query = (
        "country=https://phish.example/login&country=x@phish.example&country=:material/home:"
        "&country=_https://phish.example/underscore"
    )
    with streamlit_server(env={"DASHBOARD_DATA": str(tmp_path)}) as base, chromium() as page:
        page.goto(f"{base}/?{query}")
        wait_ready(page, overview.heading)
        main = page.locator('[data-testid="stMain"]')
        expect(main.get_by_text("phish", exact=False).first).to_be_visible()
        hrefs = main.locator("a").evaluate_all("links => links.map(a => a.href)")
        assert not [h for h in hrefs if "phish" in h], hrefs
        icons = main.locator('[data-testid="stAlert"] [data-testid="stIconMaterial"]').all_inner_texts()
        assert "home" not in icons, icons
        assert "www.phish.example" in main.inner_text().replace("\u2060", ""), (
            "the value still reads as written"
        )


def rss_mb(pid: int, field: str = "VmRSS") -> float:
    """A process's resident memory in MB from /proc: now (VmRSS) or its highest so far (VmHWM)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    raise AssertionError(f"no {field} for process {pid}")


def test_an_upload_of_junk_gets_its_report_quickly_and_memory_comes_back() -> None:
    """A 5 MB file of junk rows is reported within 10 s; the report survives a rerun and goes when the
    file is removed; the server grows by less than 300 MB and is back within 100 MB after the session ends."""
    import time

    sources = next(p for p in PAGES if p.key == "sources")
    from tests.conftest import DATA

    header = (DATA / "events.csv").read_bytes().split(b"\n")[0] + b"\n"
    junk = header + b"x,y\n" * 1_200_000  # 4.8 MB: 1.2 million rows of the wrong shape
    started: list = []  # type: ignore[type-arg]
    with streamlit_server(started=started) as base:
        pid = started[0].pid
        with chromium() as page:
            page.goto(f"{base}/sources")
            wait_ready(page, sources.heading)
            before = rss_mb(pid)
            high_before = rss_mb(pid, "VmHWM")
            clock = time.monotonic()
            page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
                files=[{"name": "events.csv", "mimeType": "text/csv", "buffer": junk}]
            )
            report = page.get_by_text("was not loaded", exact=False)
            report.wait_for(timeout=120_000)
            took = time.monotonic() - clock
            peak = rss_mb(pid, "VmHWM")
            assert took < 10, f"the report took {took:.1f} s"
            assert peak - max(before, high_before) < 300, (
                f"the server peaked at {peak:.0f} MB from {before:.0f} MB"
            )
            expect(page.get_by_text("after 1,000 rejected records: the table", exact=False)).to_be_visible()
            page.get_by_role("button", name="Reset filters").click()  # any rerun
            wait_ready(page, sources.heading)
            expect(report).to_be_visible()
            page.locator('[data-testid="stFileChipDeleteBtn"]').first.click()
            expect(report).to_have_count(0)
        deadline = time.monotonic() + 60
        while rss_mb(pid) - before >= 100 and time.monotonic() < deadline:
            time.sleep(0.5)
        after = rss_mb(pid)
        assert after - before < 100, f"after the session: {after:.0f} MB, {before:.0f} MB at the start"


def test_an_address_with_too_many_parameters_says_so() -> None:
    """A link with 1,001 parameters, which Streamlit drops as a whole, shows a notice and the full data."""
    overview = next(p for p in PAGES if p.key == "overview")
    query = "&".join(f"country=X{i}" for i in range(1_001))
    with streamlit_server() as base, chromium() as page:
        page.goto(f"{base}/?{query}")
        wait_ready(page, overview.heading)
        expect(page.get_by_text("The address has 1,001 parameters", exact=False)).to_be_visible()
        assert_clean(page)
        page.goto(f"{base}/?country=BGR")
        wait_ready(page, overview.heading)
        expect(page.get_by_text("The address has", exact=False)).to_have_count(0)
