"""The Overview's numbers come from the data."""

from __future__ import annotations

from dashboard import overview
from dashboard.data import Package
from dashboard.present.formats import format_date, format_value
from tests.conftest import OpenPage


def test_headline_is_the_estimate_with_its_conversions_and_answer(package: Package) -> None:
    """The headline is the EUR 800m estimate, its four currency conversions, and the answer to it."""
    [headline] = overview.headlines(
        package.tables["figures"], package.tables["sources"], package.tables["events"]
    )
    assert headline.value == "about EUR 800 million", "the published '~' is kept as 'about'"
    assert headline.basis == "estimate"
    assert headline.restatements == 4
    assert any("broadly accurate" in r for r in headline.responses)
    assert headline.url is not None
    assert headline.url.startswith("https://")


def test_values_keep_their_digits() -> None:
    """409.05 million stays 409.05, a count keeps every digit, words stay words."""
    assert format_value(409050000.0, "USD") == "USD 409.05 million"
    assert format_value(3500.0, "count") == "3,500"
    assert format_value(None, "count", "hundreds of thousands") == "hundreds of thousands"


def test_month_precision_dates_show_only_the_month(package: Package) -> None:
    """An event known only to the month is shown as YYYY-MM."""
    row = package.tables["events"].set_index("event_id").loc["E04"]
    assert format_date(row["date"], row["date_precision"]) == "2023-02"


def test_kind_counts_and_latest(package: Package) -> None:
    """Counts per kind include zeros; the latest event is the last dated one."""
    counts = overview.kind_counts(package.tables["events"].iloc[:0], ("allegation", "denial"))
    assert counts == {"allegation": 0, "denial": 0}
    latest = overview.latest(package.tables["events"])
    assert latest is not None
    assert latest["date"] == package.tables["events"]["date"].max()


def test_the_headline_card_lists_its_answers_in_one_caption(package: Package, open_page: OpenPage) -> None:
    """On the page, the estimate's answers are one list under the card (one element, not one per answer)."""
    from dashboard.registry import PAGES

    at = open_page(PAGES[0])
    assert not at.exception
    answers = [c.value for c in at.caption if c.value.startswith("- Answered —")]
    assert len(answers) == 1
    assert "broadly accurate" in answers[0]
    [headline] = overview.headlines(
        package.tables["figures"], package.tables["sources"], package.tables["events"]
    )
    assert answers[0].count("- Answered —") == len(headline.responses)
