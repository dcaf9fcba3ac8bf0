"""Filters in the address: codes or names accepted, invalid values dropped with a notice."""

from __future__ import annotations

from datetime import date

from dashboard.urlstate import UrlVocabulary, normalise

VOCAB = UrlVocabulary(
    choices={
        "country": {
            "BGR": "Bulgaria",
            "CZE": "Czech Republic",
            "Bulgaria": "Bulgaria",
            "Czech Republic": "Czech Republic",
        }
    },
    dates=("from", "to"),
    span=(date(2022, 3, 2), date(2026, 1, 28)),
)


def test_codes_and_names_become_names() -> None:
    """?country=BGR&country=Czech+Republic selects Bulgaria and the Czech Republic."""
    clean, notices = normalise({"country": ["BGR", "Czech Republic"]}, VOCAB)
    assert clean == {"country": ["Bulgaria", "Czech Republic"]}
    assert notices == []


def test_unknown_code_and_script_are_dropped_with_a_notice() -> None:
    """An unknown code or markup is dropped, and the notice names it."""
    clean, notices = normalise({"country": ["BGR", "XXX", "<script>"]}, VOCAB)
    assert clean == {"country": ["Bulgaria"]}
    assert len(notices) == 2
    assert "'XXX'" in notices[0]
    assert "'<script>'" in notices[1]


def test_bad_dates_are_dropped() -> None:
    """A malformed date, year 99999 and a date outside the data are dropped with notices."""
    for value in ("2025-13-01", "99999-01-01", "1990-01-01"):
        clean, notices = normalise({"from": [value]}, VOCAB)
        assert clean == {}
        assert len(notices) == 1


def test_reversed_range_is_dropped() -> None:
    """A start after the end is dropped rather than showing nothing."""
    clean, notices = normalise({"from": ["2025-01-01"], "to": ["2024-01-01"]}, VOCAB)
    assert clean == {}
    assert notices


def test_ten_thousand_values_are_capped() -> None:
    """10,000 values give a bounded result and one notice about the excess."""
    clean, notices = normalise({"country": ["BGR"] * 10_000, **{f"p{i}": ["x"] for i in range(10)}}, VOCAB)
    assert clean == {"country": ["Bulgaria"]}
    assert any("further country values" in n for n in notices)


def test_ten_thousand_parameters_give_a_short_notice_list() -> None:
    """10,000 unknown parameters are dropped with a handful of notices, not 10,000."""
    clean, notices = normalise({f"p{i}": ["x"] for i in range(10_000)}, VOCAB)
    assert clean == {}
    assert len(notices) <= 9
    assert "9992 more" in notices[-1]
