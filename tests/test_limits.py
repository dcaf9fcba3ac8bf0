"""The contract's declared limits: a span of dates, a size of numbers, bounded metadata, and checker
output that a terminal prints as text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dashboard import schemas
from dashboard.__main__ import main
from dashboard.data import load_files
from dashboard.registry import PAGES, PageSpec
from tests.conftest import OpenPage, bundled, edit, rows


def problems(files: dict[str, bytes]) -> list[str]:
    return [str(p) for p in load_files(files, "x").problems]


def line_of(raw: bytes, row_id: str) -> int:
    """The record number (1 = first data row) of the row whose id is `row_id`."""
    return next(n for n, row in enumerate(rows(raw)) if row and row[0] == row_id)


@pytest.mark.parametrize(
    ("file", "row_id", "column", "value"),
    [
        ("figures.csv", "F12", "period_end", "9024-12-31"),  # a typo for 2024
        ("figures.csv", "F12", "period_start", "0100-01-01"),
        ("events.csv", "E46", "date", "9999-12-31"),
        ("events.csv", "E00", "date", "0001-01-01"),
        ("routes.csv", "R1", "first_reported", "2101-01-01"),  # a variant the examples do not name
    ],
)
def test_a_date_outside_the_span_is_a_problem_with_its_place(
    files: dict[str, bytes], file: str, row_id: str, column: str, value: str
) -> None:
    """Dates before 1900 or after 2100 are refused with file:line: column: and the span."""
    record = line_of(files[file], row_id)
    files[file] = edit(files[file], record, column, value)
    expected = (
        f"{file}:{record + 1}: {column}: '{value}' is outside the dates this contract admits "
        f"({schemas.FIRST_DATE} to {schemas.LAST_DATE})"
    )
    assert any(p.startswith(expected) for p in problems(files)), problems(files)


@pytest.mark.parametrize(
    "value",
    ["1" + "0" * 400, "1" + "0" * 16, "-20000000000000000", "0.0000000000000000000000001"],
    ids=["400 zeros", "10^16", "minus 2x10^16", "25 digits"],
)
def test_a_number_beyond_the_contract_is_a_problem(files: dict[str, bytes], value: str) -> None:
    """A value with more digits or a larger magnitude than declared is refused, never shown as 'inf'."""
    record = line_of(files["figures.csv"], "F12")
    files["figures.csv"] = edit(files["figures.csv"], record, "value", value)
    found = problems(files)
    assert any(
        f"figures.csv:{record + 1}: value: " in p and "beyond what this contract admits" in p for p in found
    )


def edge_package(tmp_path: Path) -> Path:
    """The bundled package with dates on both edges of the span and a value at the largest magnitude."""
    files = bundled()
    events, figures = files["events.csv"], files["figures.csv"]
    events = edit(events, line_of(events, "E00"), "date", schemas.FIRST_DATE)
    events = edit(events, line_of(events, "E46"), "date", schemas.LAST_DATE)
    record = line_of(figures, "F12")
    figures = edit(
        edit(figures, record, "period_start", schemas.FIRST_DATE), record, "period_end", schemas.LAST_DATE
    )
    figures = edit(figures, line_of(figures, "F09"), "value", str(schemas.MAX_MAGNITUDE))
    meta = json.loads(files["datapackage.json"])
    meta["events_until"] = meta["checked"] = schemas.LAST_DATE
    files.update(
        {"events.csv": events, "figures.csv": figures, "datapackage.json": json.dumps(meta).encode()}
    )
    assert load_files(files, "edges").ok, problems(files)
    for name, raw in files.items():
        (tmp_path / name).write_bytes(raw)
    return tmp_path


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.key)
def test_every_page_draws_the_edges_of_the_span(
    open_page: OpenPage, page: PageSpec, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A package with events on 1900-01-01 and 2100-12-31 and a span across both renders every page."""
    monkeypatch.setenv("DASHBOARD_DATA", str(edge_package(tmp_path)))
    at = open_page(page)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert [t.value for t in at.title] == [page.heading]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b'{"a": ' + b"[" * 5000 + b"]" * 5000 + b"}", "nests arrays or objects 5001 deep; the limit is 20"),
        (b'{"a": ' + b"7" * 5000 + b"}", "holds a number of 5,000 characters (at most 30)"),
        (b'{"title": "\\ud800"}', "holds text that is not valid Unicode"),
        (b'{"a": NaN}', "holds NaN, which is not a JSON number"),  # a variant the examples do not name
        (b'{"a": 1e400}', "holds 1e400, which is too large for a number"),
        (b'{"a": "' + b"x" * 1_100_000 + b'"}', "is 1,100,009 bytes; the limit is 1,000,000"),
        (b'{"a": "\xff"}', "is not UTF-8 (byte 0xff"),
    ],
    ids=["deep", "long integer", "lone surrogate", "NaN", "1e400", "too big", "not utf-8"],
)
def test_hostile_metadata_is_a_problem_not_a_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], raw: bytes, message: str
) -> None:
    """The checker reports datapackage.json beyond its limits as a problem of that file, never 'could not check'."""
    for name, data in bundled().items():
        (tmp_path / name).write_bytes(raw if name == "datapackage.json" else data)
    assert main(["check", str(tmp_path)]) == 1
    out, err = capsys.readouterr()
    assert f"datapackage.json: {message}" in out, out + err
    assert "could not check" not in out + err


def test_checker_output_escapes_terminal_controls(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A header name with escape codes is printed as escapes, so it cannot clear the screen or forge 'OK'."""
    for name, data in bundled().items():
        (tmp_path / name).write_bytes(data)
    header = "x\x1b[2J\x1b[1AOK data: sources 1\x07"
    (tmp_path / "countries.csv").write_text(f"code,name,lat,lon,kind,{header}\nSRB,Serbia,,,country,\n")
    assert main(["check", str(tmp_path)]) == 1
    out, err = capsys.readouterr()
    assert "\x1b" not in out + err
    assert "\x07" not in out + err
    assert "countries.csv:1: x\\x1b[2J\\x1b[1AOK data: sources 1\\x07: unknown column" in out


@pytest.mark.parametrize(
    ("text", "pattern"),
    [
        ("https://phish.example/login", "://"),
        ("see www.phish.example", "www."),
        ("write to a.b@phish.example", "b@p"),
        (":material/home: here", ":material"),
        ("ftp://files.example/x", "://"),  # a variant the examples do not name
        ("_https://phish.example/login", "://"),  # GFM links an address right after '_' or a letter
        ("x_www.phish.example", "www."),
    ],
)
def test_markdown_text_breaks_addresses_and_icon_codes(text: str, pattern: str) -> None:
    """md_escape leaves no address, e-mail or icon pattern whole; removing the joiners gives the text back."""
    from dashboard.present.text import inert, md_escape

    assert pattern not in inert(text)
    assert inert(text).replace("\u2060", "") == text
    assert "\u2060" in md_escape(text), "the escaped text carries the joiners"


def test_plain_words_with_colons_are_left_alone() -> None:
    """Ordinary prose ('He said: no.') gets no joiners."""
    from dashboard.present.text import inert

    assert inert("Vučić said: no. See E24 (29 May).") == "Vučić said: no. See E24 (29 May)."


@pytest.mark.parametrize("urls", [False, True], ids=["hostile text", "hostile text and addresses"])
def test_checker_prints_the_hostile_corpus_as_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], urls: bool
) -> None:
    """Over the hostile corpus the checker prints no raw control character and never 'could not check'."""
    import re

    from tests.hostile import write_hostile

    code = main(["check", str(write_hostile(tmp_path / "hostile", urls))])
    out, err = capsys.readouterr()
    assert code == (1 if urls else 0), out + err
    assert "could not check" not in out + err
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", out + err), "a raw control character was printed"


def test_the_benchmarks_scaled_package_is_valid(tmp_path: Path) -> None:
    """bench/generate.py's copies keep their answers' routes and coverage date consistent (the checker passes)."""
    from bench.generate import generate
    from dashboard.data import load_folder

    package = load_folder(generate(3, tmp_path / "x3"))
    assert package.ok, package.problems[:3]
    from tests.conftest import DATA

    assert package.counts["events"].accepted == 3 * load_folder(DATA).counts["events"].accepted


def test_internal_references_are_found_in_nested_metadata(files: dict[str, bytes]) -> None:
    """A citation of the editors' brief inside an object inside a list of datapackage.json is a problem too."""
    meta = json.loads(files["datapackage.json"])
    meta["not_covered"].append({"detail": "see §4 item 2"})
    files["datapackage.json"] = json.dumps(meta).encode()
    assert any("refers to an internal document" in p for p in problems(files))


def test_coverage_dates_must_lie_in_the_span(files: dict[str, bytes]) -> None:
    """events_until in 9026 is refused once, with the span, not also compared with checked."""
    meta = json.loads(files["datapackage.json"])
    meta["events_until"] = "9026-01-28"
    files["datapackage.json"] = json.dumps(meta).encode()
    found = [p for p in problems(files) if p.startswith("datapackage.json")]
    assert found == [
        "datapackage.json: events_until: '9026-01-28' is not a date from 1900-01-01 to 2100-12-31 (YYYY-MM-DD)"
    ]


def test_the_latest_release_skips_an_unreleased_section() -> None:
    """Keep a Changelog's '## [Unreleased]' is not shown as the latest release; a first-line heading is read."""
    from dashboard.sources import latest_changes

    log = "## [Unreleased]\n- nothing yet\n\n## 1.2.0 — 2027-01-01\n- **E01** fixed.\n"
    assert latest_changes(log) == ("1.2.0 — 2027-01-01", "- **E01** fixed.")


def test_a_copy_without_its_original_outlet_still_says_it_is_a_copy() -> None:
    """A copy whose original outlet is not recorded reads as a copy, never as the outlet's own text."""
    from dashboard.present.formats import source_label

    assert (
        source_label("Naslovi.net", "copy", None) == "Naslovi.net (copy; the original outlet is not recorded)"
    )
    assert source_label("N1", "original", None) == "N1"
