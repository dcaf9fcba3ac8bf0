"""Every page says only what its sources say: corrections pinned, kinds that do not overstate,
answers beside their claims, notes for readers, and an honest coverage date."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from dashboard import overview, schemas
from dashboard.data import load_files, load_folder
from dashboard.map import evidence
from dashboard.present.formats import coverage, format_date, source_labels, title_shown
from dashboard.registry import PAGES, PageSpec
from tests.conftest import DATA, OpenPage, edit
from tests.test_cli import run

PACKAGE = load_folder(DATA)
TABLES = PACKAGE.tables
EVENTS = TABLES["events"].set_index("event_id")
FIGURES = TABLES["figures"].set_index("figure_id")
SOURCES = TABLES["sources"].set_index("source_id")
NAMES = {
    code: name for code, name in zip(TABLES["countries"]["code"], TABLES["countries"]["name"], strict=True)
}


def day(text: str) -> pd.Timestamp:
    return pd.Timestamp(text)


# --- The corrections of the fact-check (data version 1.1.0) ------------------------------------------


@pytest.mark.parametrize("event_id", ["E13", "E17", "E35"])
def test_statements_that_confirm_nothing_are_acknowledgements(event_id: str) -> None:
    """E13 (a possibility), E17 (a figure) and E35 (that talks took place) are not confirmations."""
    assert EVENTS.loc[event_id, "kind"] == "acknowledgement"


def test_no_statement_in_the_data_is_counted_as_a_confirmation() -> None:
    """Nothing in the sources confirms the claim itself, so the Overview's confirmation counter is 0."""
    counts = overview.kind_counts(TABLES["events"], overview.COUNTED_KINDS)
    assert counts["confirmation"] == 0
    assert counts["acknowledgement"] == 3


@pytest.mark.parametrize(
    ("row", "column", "expected"),
    [
        ("E39", "date", day("2025-10-30")),
        ("E40", "source_id", "S60"),
        ("E40", "date", day("2025-11-04")),
        ("E45", "date_precision", "approximate"),
        ("E46", "date_precision", "approximate"),
        ("E04", "date_precision", "month"),
        ("E37", "answers_routes", "R6"),
    ],
)
def test_event_corrections_are_pinned(row: str, column: str, expected: object) -> None:
    """Each correction of section A of the fact-check stays applied."""
    assert EVENTS.loc[row, column] == expected


def test_euronews_interview_and_state_secretary_are_named() -> None:
    """E40 is Euronews' 'The Europe Conversation', not a Brussels venue; E44 names a state secretary."""
    assert "The Europe Conversation" in EVENTS.loc["E40", "actor"]
    assert "Brussels" not in EVENTS.loc["E40", "actor"]
    assert SOURCES.loc["S60", "publisher"] == "Euronews"
    assert "state secretary" in EVENTS.loc["E44", "actor"]
    assert "deputy foreign minister" in EVENTS.loc["E44", "note"], "the conflicting title is recorded"


def test_the_halt_conflict_is_recorded_on_both_rows() -> None:
    """The June halt: 'followed two SVR statements' (Nov) conflicts with his 23 Jun denial; both rows say so."""
    for row in ("E30", "E40"):
        note = EVENTS.loc[row, "note"]
        assert "disputed" in note, row
        assert "SVR" in note, row


@pytest.mark.parametrize(
    ("figure", "start", "end"),
    [
        ("F01", "2022-01-01", "2024-06-22"),
        ("F02", "2022-01-01", "2024-06-22"),
        ("F03", "2022-02-24", "2024-06-22"),
        ("F04", "2022-02-24", None),
        ("F05", "2022-02-24", None),
        ("F13", "2020-01-01", "2024-12-31"),
    ],
)
def test_periods_follow_the_words_of_each_source(figure: str, start: str, end: str | None) -> None:
    """'Since 2022' starts on 1 Jan 2022; 'since the invasion' on 24 Feb 2022; F13 runs 2020 to 2024."""
    row = FIGURES.loc[figure]
    assert row["period_start"] == day(start)
    assert pd.isna(row["period_end"]) if end is None else row["period_end"] == day(end)


def test_jobs_figure_and_exchange_rate_corrections() -> None:
    """F15 cites Euronews; the 2020 rate is the Federal Reserve's 1.1410; F12 says 2018's $897m is licences."""
    assert FIGURES.loc["F15", "source_id"] == "S60"
    rates = TABLES["rates"].set_index("year")
    assert rates.loc["2020", "rate"] == 1.1410
    assert "licences issued" in FIGURES.loc["F12", "note"]


@pytest.mark.parametrize(
    ("event_id", "when", "kind", "answers"),
    [
        ("E47", "2023-03-06", "denial", "E04"),
        ("E48", "2024-02-05", "report", None),
        ("E49", "2024-08-03", "report", None),
        ("E50", "2025-06-23", "official_statement", None),
    ],
)
def test_missing_events_are_added(event_id: str, when: str, kind: str, answers: str | None) -> None:
    """Krušik's denial, the FAZ and iDNES reports and Vučić's 23 Jun remarks on Israel are in the data."""
    row = EVENTS.loc[event_id]
    assert (row["date"], row["kind"]) == (day(when), kind)
    assert pd.isna(row["responds_to"]) if answers is None else row["responds_to"] == answers


@pytest.mark.parametrize(
    ("source", "headline", "published"),
    [
        ("S15", "FT: Around $855 million in Serbian ammunition reaches Ukraine", "2024-06-22"),
        ("S35", "Bulgarian Defense Firm Rejects Claims of Re-Exporting Arms to Ukraine", "2025-06-26"),
        (
            "S42",
            "Serbia 'Surprised' by Russian Foreign Ministry Spokeswoman's Remarks About Vucic",
            "2025-11-07",
        ),
        (
            "S13",
            "Vučić made a decision: We suspend arm export; All weapons to be delivered to the army",
            "2023-07-13",
        ),
    ],
)
def test_real_headlines_replace_guesses(source: str, headline: str, published: str) -> None:
    """A headline checked against the page is marked as such and carries its date."""
    row = SOURCES.loc[source]
    assert (row["title"], row["title_status"], row["published"]) == (headline, "headline", day(published))


def test_a_title_not_retrieved_says_so_wherever_it_is_shown() -> None:
    """A reconstructed title reads '[title not retrieved] …'; a checked headline reads as itself."""
    assert title_shown("Novinite news item 235334", "reconstructed").startswith("[title not retrieved]")
    assert title_shown("Novinite news item 235334", None).startswith("[title not retrieved]")
    assert title_shown("A headline", "headline") == "A headline"
    shown = evidence.sources_cited([("claim", "S41")], TABLES["sources"])
    assert shown["title"].iloc[0].startswith("[title not retrieved]")


def test_publishers_are_outlets_and_copies_name_who_wrote_them() -> None:
    """No publisher is a bare host name; the FT's estimate is credited to the FT, via its report."""
    assert not TABLES["sources"]["publisher"].str.fullmatch(schemas.BARE_HOST).any()
    labels = source_labels(TABLES["sources"])
    assert labels["S15"] == "Financial Times (as reported by Kyiv Independent)"
    assert labels["S45"] == "The Economist (mirror on an unnamed site)"
    assert labels["S22"] == "AP (copy on WTOP)"


# --- Notes are for readers ------------------------------------------------------------------------------

INTERNAL = re.compile(r"§|\bbrief\b|shared/|responds_to|event_id|rather than E\d|is editorial", re.IGNORECASE)


def test_no_cell_points_at_an_internal_document_or_convention() -> None:
    """No text a reader sees cites the editors' brief, its sections, column names or editing conventions."""
    found = []
    for name, frame in TABLES.items():
        for column in frame.columns:
            for line, value in frame[column].items():
                if isinstance(value, str) and INTERNAL.search(value):
                    found.append(f"{name}.csv:{line}: {column}: {value[:80]}")
    meta = json.dumps(PACKAGE.meta, ensure_ascii=False)
    assert not INTERNAL.search(meta), meta
    assert not found, "\n".join(found)


@pytest.mark.parametrize(
    ("text", "pointer"),
    [
        ("Date conflict (§4 item 2): 29 May per AP.", "§"),
        ("The brief does not say what prompted it.", "brief"),
        ("responds_to is editorial: linked to E04.", "responds_to"),
        ("Low-reliability aggregator (§4 items 11 and 18).", "§4 items"),
    ],
)
def test_checker_rejects_a_note_that_cites_an_internal_document(
    package_dir: Path, text: str, pointer: str
) -> None:
    """`python -m dashboard check` fails with file:line: column: and says what to do instead."""
    events = package_dir / "events.csv"
    events.write_bytes(edit(events.read_bytes(), 3, "note", text))
    result = run("check", str(package_dir))
    assert result.returncode == 1
    assert "events.csv:4: note: " in result.stdout
    assert "refers to an internal document or editing convention" in result.stdout
    assert "name its public source" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_checker_accepts_template_braces_and_long_item_numbers() -> None:
    """'{route_id}' (a template) and 'news item 116338' (an address) are not internal references."""
    assert schemas.internal_reference("{name} {route_id}") is None
    assert schemas.internal_reference("B92 politics news item 116338") is None


def test_checker_rejects_a_bare_host_name_as_publisher(files: dict[str, bytes]) -> None:
    """A publisher written as '340573.v8gtdo2tx.asia' is a problem with its line and column."""
    files["sources.csv"] = edit(files["sources.csv"], 45, "publisher", "340573.v8gtdo2tx.asia")
    problems = [str(p) for p in load_files(files, "x").problems]
    assert any(
        p.startswith("sources.csv:46: publisher: '340573.v8gtdo2tx.asia' is a bare host name")
        for p in problems
    )


def test_checker_rejects_an_internal_reference_in_the_package_metadata(files: dict[str, bytes]) -> None:
    """datapackage.json's texts reach readers too ('What is not covered')."""
    meta = json.loads(files["datapackage.json"])
    meta["not_covered"].append("See §4 item 9.")
    files["datapackage.json"] = json.dumps(meta).encode()
    problems = [str(p) for p in load_files(files, "x").problems]
    assert any(p.startswith("datapackage.json: not_covered: 'See §4 item 9.'") for p in problems), problems


# --- Coverage is honest --------------------------------------------------------------------------------


def test_the_package_says_when_it_was_checked_and_up_to_when_it_covers_events() -> None:
    """events_until is the latest event's date; checked is not before it; the version is stated."""
    meta = PACKAGE.meta
    assert meta["events_until"] == TABLES["events"]["date"].max().date().isoformat() == "2026-01-28"
    assert meta["checked"] >= meta["events_until"]
    assert meta["version"] == "1.1.0"
    assert "data_as_of" not in meta
    assert "brief" not in meta
    assert (
        coverage(meta, TABLES["events"])
        == "Events up to 28 Jan 2026 · checked 4 Dec 2026 · data version 1.1.0"
    )


def test_a_coverage_date_before_the_latest_event_is_a_problem(files: dict[str, bytes]) -> None:
    """A package cannot claim to cover less than it holds."""
    meta = json.loads(files["datapackage.json"])
    meta["events_until"] = "2025-12-31"
    files["datapackage.json"] = json.dumps(meta).encode()
    problems = [str(p) for p in load_files(files, "x").problems]
    assert (
        "datapackage.json: events_until: '2025-12-31' is before the latest event (2026-01-28)" in problems[0]
    )


def test_a_package_without_coverage_shows_its_latest_event() -> None:
    """An uploaded package that does not state its coverage is not given one."""
    assert coverage({}, TABLES["events"]).startswith(
        "Latest event in the data: 28 Jan 2026 (coverage not stated)"
    )


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.key)
def test_every_page_shows_the_coverage_date(open_page: OpenPage, page: PageSpec) -> None:
    """Each page says, under its heading, up to when events are covered and when the data was checked."""
    at = open_page(page)
    assert not at.exception
    captions = [c.value.replace("\\", "") for c in at.caption]
    assert "Events up to 28 Jan 2026 · checked 4 Dec 2026 · data version 1.1.0" in captions


def test_the_sources_page_shows_the_latest_corrections_and_the_full_log(open_page: OpenPage) -> None:
    """Sources & method lists the latest release's corrections by row id and holds the whole changelog."""
    at = open_page(next(p for p in PAGES if p.key == "sources"))
    text = "\n".join(m.value for m in at.markdown)
    for words in ("1.1.0", "**E13**", "**E39**"):
        assert words in text
    assert any(e.label == "The full changelog" for e in at.expander)
    assert "acknowledgement" in " ".join(at.table[0].value["kind"].tolist()), "the new kind is defined"


def test_changelog_names_every_changed_event_row() -> None:
    """Every event whose kind, date or precision differs from version 1.0.0 is listed by id."""
    log = (DATA / "CHANGELOG.md").read_text(encoding="utf-8")
    for row in (
        "E03",
        "E13",
        "E17",
        "E35",
        "E37",
        "E39",
        "E40",
        "E44",
        "E45",
        "E46",
        "E47",
        "E48",
        "E49",
        "E50",
    ):
        assert re.search(rf"\b{row}\b", log), row
    for row in ("F03", "F04", "F05", "F13", "F15", "F12"):
        assert re.search(rf"\b{row}\b", log), row


# --- Answers stand beside their claims -----------------------------------------------------------------


def evidence_of(route: str) -> str:
    [shown] = evidence.evidences([route], TABLES["routes"], TABLES["events"], TABLES["sources"], NAMES)
    return shown.markdown


def test_a_denial_about_one_transit_country_stands_under_its_route_only() -> None:
    """EMCO (Bulgaria) answered the SVR's second statement: under R6 (Bulgaria), not R5 (Czech Republic)."""
    assert "(E37)" in evidence_of("R6")
    assert "EMCO" not in evidence_of("R5")
    for route in ("R5", "R6"):
        assert "(E33)" in evidence_of(route), "an answer to the whole claim stands under each of its routes"


def test_an_answer_limited_to_routes_of_another_claim_is_a_problem(files: dict[str, bytes]) -> None:
    """answers_routes may only name routes put on the record by the claim the event answers."""
    table = files["events.csv"].decode().splitlines()
    line = next(i for i, text in enumerate(table) if text.startswith("E37,"))
    files["events.csv"] = edit(files["events.csv"], line, "answers_routes", "R3")
    problems = [str(p) for p in load_files(files, "x").problems]
    assert (
        f"events.csv:{line + 1}: answers_routes: 'R3' put on the record by another statement" in problems[0]
    )


def test_route_evidence_in_the_app_lists_emco_under_r6_not_r5(open_page: OpenPage) -> None:
    """In the app, choosing R5 shows no EMCO; choosing R6 shows EMCO's denial."""
    at = open_page(next(p for p in PAGES if p.key == "map"))
    at.selectbox(key="route_pick").select("R5").run()
    r5 = "\n".join(m.value for m in at.markdown)
    at.selectbox(key="route_pick").select("R6").run()
    r6 = "\n".join(m.value for m in at.markdown)
    assert "(E32)" in r5, "R5's claim is the SVR's second statement"
    assert "EMCO" not in r5
    assert "EMCO" in r6


def test_every_claim_in_key_dates_is_followed_by_its_answers_or_says_none() -> None:
    """Each allegation or leak the Overview lists carries the answers to it, or 'No answer found'."""
    items = overview.key_dates(TABLES["events"], TABLES["events"])
    claims = [i for i in items if i.is_claim]
    assert {i.event_id for i in claims} >= {"E04", "E09", "E23", "E32"}
    by_id = {i.event_id: i for i in claims}
    assert any("Krušik" in a for a in by_id["E04"].answers)
    assert any("EMCO" in a and "denial" in a for a in by_id["E32"].answers)
    assert by_id["E23"].answers
    assert by_id["E09"].answers


def test_overview_page_shows_an_answer_under_every_allegation(open_page: OpenPage) -> None:
    """In the app, every allegation or leak in Key dates is followed by an answer line or 'No answer found'."""
    at = open_page(next(p for p in PAGES if p.key == "overview"))
    block = next(m.value for m in at.markdown if "(allegation)" in m.value)
    lines = block.splitlines()
    claims = [
        n
        for n, text in enumerate(lines)
        if text.startswith("- ") and ("(allegation)" in text or "(leak)" in text)
    ]
    assert len(claims) >= 4, "the Mash, SVR (twice) and leak claims are listed"
    for n in claims:
        following = lines[n + 1] if n + 1 < len(lines) else ""
        assert following.startswith("    - Answered:") or "No answer found" in following, lines[n]


def test_headline_names_the_outlet_that_published_it_first() -> None:
    """The €800m estimate is the FT's, via Kyiv Independent's report, and keeps its 'about'."""
    [headline] = overview.headlines(TABLES["figures"], TABLES["sources"], TABLES["events"])
    assert headline.source.startswith("Financial Times (as reported by Kyiv Independent)")
    assert headline.value.startswith("about ")


def test_confirmation_counter_says_what_it_counts(open_page: OpenPage) -> None:
    """The counters' help texts tell an acknowledgement from a confirmation."""
    at = open_page(next(p for p in PAGES if p.key == "overview"))
    helps = {m.label: m.help for m in at.metric if m.help}
    assert "confirm the claim itself" in helps["Confirmations"]
    assert "not counted as confirmations" in helps["Acknowledgements"]


def test_approximate_dates_read_as_about_that_day() -> None:
    """E45's date is approximate and reads 'about 2025-12-23'."""
    row = EVENTS.loc["E45"]
    assert format_date(row["date"], row["date_precision"]) == "about 2025-12-23"


def test_exports_credits_the_estimate_to_the_outlet_that_wrote_it() -> None:
    """The Exports tables name the FT (via Kyiv Independent) for F01, as the Overview does."""
    from dashboard.exports.tables import figures_table

    table = figures_table(TABLES["figures"], TABLES["sources"], NAMES).set_index("figure")
    assert table.loc["F01", "publisher"] == "Financial Times (as reported by Kyiv Independent)"
    assert table.loc["F04", "publisher"] == "The Economist (mirror on an unnamed site)"
