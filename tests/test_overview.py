"""The Overview's numbers come from the data."""

from __future__ import annotations

from dashboard import overview
from dashboard.data import load_folder
from dashboard.present.formats import format_date, format_value
from tests.conftest import DATA

TABLES = load_folder(DATA).tables


def test_headline_is_the_estimate_with_its_conversions_and_answer() -> None:
    """The headline is the EUR 800m estimate, its four currency conversions, and the answer to it."""
    [headline] = overview.headlines(TABLES["figures"], TABLES["sources"], TABLES["events"])
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


def test_month_precision_dates_show_only_the_month() -> None:
    """An event known only to the month is shown as YYYY-MM."""
    row = TABLES["events"].set_index("event_id").loc["E04"]
    assert format_date(row["date"], row["date_precision"]) == "2023-02"


def test_kind_counts_and_latest() -> None:
    """Counts per kind include zeros; the latest event is the last dated one."""
    counts = overview.kind_counts(TABLES["events"].iloc[:0], ("allegation", "denial"))
    assert counts == {"allegation": 0, "denial": 0}
    latest = overview.latest(TABLES["events"])
    assert latest is not None
    assert latest["date"] == TABLES["events"]["date"].max()


def test_the_headline_card_lists_its_answers_in_one_caption() -> None:
    """On the page, the estimate's answers are one list under the card (one element, not one per answer)."""
    from dashboard.registry import PAGES
    from tests.test_app import open_page

    at = open_page(PAGES[0])
    assert not at.exception
    answers = [c.value for c in at.caption if c.value.startswith("- Answered —")]
    assert len(answers) == 1
    assert "broadly accurate" in answers[0]
    [headline] = overview.headlines(TABLES["figures"], TABLES["sources"], TABLES["events"])
    assert answers[0].count("- Answered —") == len(headline.responses)
