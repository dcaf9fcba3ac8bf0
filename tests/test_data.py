"""The loader and the contract: the bundled package is valid, and bad input is reported exactly."""

from __future__ import annotations

import pytest

from dashboard import schemas
from dashboard.data import load_files, load_folder
from tests.conftest import DATA, TABLE_FILES, cell, edit, rows, write_rows


def messages(files: dict[str, bytes]) -> list[str]:
    return [str(p) for p in load_files(files, "test").problems]


def test_bundled_package_is_valid() -> None:
    """The bundled data package passes every check, with no notices."""
    package = load_folder(DATA)
    assert package.ok, "\n".join(str(p) for p in package.problems)
    assert package.notices == ()
    assert package.counts["events"].accepted >= 46
    assert package.counts["routes"].accepted >= 12


def test_bundled_package_has_every_event_and_route_of_the_brief() -> None:
    """Every event E01–E46 and route R1–R12 of the data brief is in the data."""
    package = load_folder(DATA)
    assert {f"E{n:02d}" for n in range(1, 47)} <= set(package.tables["events"]["event_id"])
    assert {f"R{n}" for n in range(1, 13)} <= set(package.tables["routes"]["route_id"])


def test_na_is_namibia_not_missing(files: dict[str, bytes]) -> None:
    """Only an empty cell is missing: 'NA', 'N/A' and 'null' stay as the text they are."""
    for value in ("NA", "N/A", "null"):
        raw = edit(files["sources.csv"], 1, "original_publisher", value)
        package = load_files({**files, "sources.csv": raw}, "t")
        assert package.ok
        assert package.tables["sources"]["original_publisher"].iloc[0] == value


@pytest.mark.parametrize(
    ("file", "column", "value", "message"),
    [
        ("events.csv", "date", "2025-02-30", "date: '2025-02-30' is not a valid date (YYYY-MM-DD)"),
        ("events.csv", "date", "29/05/2025", "date: '29/05/2025' is not a valid date (YYYY-MM-DD)"),
        ("events.csv", "date", "45806", "date: '45806' is not a valid date (YYYY-MM-DD)"),
        ("events.csv", "kind", "Allegation", "kind: 'Allegation' is not one of: allegation, denial"),
        ("events.csv", "kind", " denial", "kind: ' denial' is not one of"),
        ("events.csv", "confidence", "", "confidence: a value is required; the cell is empty"),
        (
            "events.csv",
            "countries",
            "SRB,UKR",
            "countries: 'SRB,UKR' is not a list of three-letter country codes",
        ),
        ("routes.csv", "path", "SRB", "path: 'SRB' is not a path of at least 2 country codes"),
        (
            "routes.csv",
            "status",
            "confirmed",
            "status: 'confirmed' is not one of: alleged, reported, documented, denied",
        ),
        ("figures.csv", "value", "1,300,000", "value: '1,300,000' is not a plain number"),
        ("figures.csv", "value", "409,05", "value: '409,05' is not a plain number"),
        ("countries.csv", "lat", "91", "lat: '91' is not a plain number from -90 to 90"),
        ("countries.csv", "lon", "180.5", "lon: '180.5' is not a plain number from -180 to 180"),
        (
            "sources.csv",
            "url",
            "javascript:alert(1)",
            "url: 'javascript:alert(1)' is not an absolute http:// or https:// URL",
        ),
        ("sources.csv", "published", "2024-13-01", "published: '2024-13-01' is not a valid date"),
    ],
)
def test_bad_cell_is_reported_with_file_line_column_and_value(
    files: dict[str, bytes], file: str, column: str, value: str, message: str
) -> None:
    """A bad cell is reported as file:line: column: value and reason, and its row is rejected."""
    changed = {**files, file: edit(files[file], 2, column, value)}
    package = load_files(changed, "t")
    expected = f"{file}:3: {message}"
    assert any(str(p).startswith(expected) for p in package.problems), messages(changed)
    count = package.counts[file.removesuffix(".csv")]
    assert count.rejected >= 1
    assert count.read == count.accepted + count.rejected


def test_counts_add_up_and_every_problem_is_listed(files: dict[str, bytes]) -> None:
    """Three bad rows give three problems (all at once), and read = accepted + rejected."""
    raw = files["events.csv"]
    raw = edit(raw, 1, "date", "2024-02-30")
    raw = edit(raw, 5, "kind", "rumour")
    raw = edit(raw, 9, "confidence", "certain")
    package = load_files({**files, "events.csv": raw}, "t")
    lines = {p.line for p in package.problems if p.file == "events.csv"}
    assert {2, 6, 10} <= lines
    count = package.counts["events"]
    assert count.rejected == 3
    assert count.read == len(rows(files["events.csv"])) - 1 == count.accepted + count.rejected


@pytest.mark.parametrize(
    ("file", "column", "value", "message"),
    [
        ("events.csv", "source_id", "S999", "source_id: 'S999' not found in sources.csv (source_id)"),
        ("events.csv", "countries", "SRB;ZZZ", "countries: 'ZZZ' not found in countries.csv (code)"),
        ("routes.csv", "path", "SRB>QQQ>UKR", "path: 'QQQ' not found in countries.csv (code)"),
        ("events.csv", "responds_to", "E999", "responds_to: 'E999' not found in events.csv (event_id)"),
        ("figures.csv", "derived_from", "F999", "derived_from: 'F999' not found in figures.csv (figure_id)"),
    ],
)
def test_dangling_reference_is_caught(
    files: dict[str, bytes], file: str, column: str, value: str, message: str
) -> None:
    """A reference to an id or code that does not exist rejects the row, naming the missing value."""
    changed = {**files, file: edit(files[file], 2, column, value)}
    assert f"{file}:3: {message}" in messages(changed)


def test_duplicate_id_is_caught(files: dict[str, bytes]) -> None:
    """A repeated id rejects the later row only."""
    first = cell(files["sources.csv"], 1, "source_id")
    changed = {**files, "sources.csv": edit(files["sources.csv"], 4, "source_id", first)}
    package = load_files(changed, "t")
    assert f"sources.csv:5: source_id: {first!r} repeats an id used on an earlier line" in map(
        str, package.problems
    )
    assert package.counts["sources"].rejected == 1


def test_conversion_without_origin_is_caught(files: dict[str, bytes]) -> None:
    """A figure with basis 'conversion' must say which figure it converts."""
    table = rows(files["figures.csv"])
    basis, derived = table[0].index("basis"), table[0].index("derived_from")
    record = next(i for i, r in enumerate(table) if r[basis] == "conversion")
    table[record][derived] = ""
    problems = messages({**files, "figures.csv": write_rows(table)})
    assert (
        f"figures.csv:{record + 1}: derived_from: a conversion must name the figure it converts" in problems
    )


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "events.csv: the file is empty"),
        (b"\n\n", "events.csv: the file is empty"),
        (
            b"PK\x03\x04" + b"\x00" * 40 + b"xl/workbook.xml",
            "events.csv: is an Excel .xlsx workbook, not CSV text",
        ),
        (b"PK\x03\x04" + b"\x00" * 40, "events.csv: is a ZIP archive, not CSV text"),
        (b"\x1f\x8b\x08\x00", "events.csv: is gzip-compressed, not CSV text"),
        (b"event_id,date\x00,x\n", "events.csv:1: contains NUL bytes"),
        (b"\x81\x8d\x8f,\x90\n", "events.csv:1: is not UTF-8 (byte 0x81) and not Windows-1252 either"),
    ],
)
def test_unreadable_file_gets_a_clear_message(files: dict[str, bytes], raw: bytes, message: str) -> None:
    """An empty, binary or undecodable file is named with what it is, not read as an empty table."""
    problems = messages({**files, "events.csv": raw})
    assert any(p.startswith(message) for p in problems), problems


def test_header_only_is_reported(files: dict[str, bytes]) -> None:
    """A table with a header and no rows is said in a notice, not silently empty; it is valid on its own
    (a download of a narrow selection has empty tables), and what cites its rows is still a problem."""
    header = files["figures.csv"].split(b"\n", 1)[0] + b"\n"
    package = load_files({**files, "figures.csv": header}, "x")
    assert "figures.csv: has a header but no data rows; the pages show nothing from it" in package.notices
    assert package.ok
    events = files["events.csv"].split(b"\n", 1)[0] + b"\n"
    assert any("not found in events.csv" in m for m in messages({**files, "events.csv": events}))


@pytest.mark.parametrize(
    ("transform", "message"),
    [
        (
            lambda h: h.replace(",", ";"),
            "events.csv:1: uses ';' between columns; this contract expects ',' (comma)",
        ),
        (lambda h: h.replace(",", "\t"), "events.csv:1: uses a tab between columns"),
        (
            lambda h: h.replace("summary", "actor"),
            "events.csv:1: actor: the column name appears twice (columns 4 and 7)",
        ),
        (lambda h: h.replace("summary", ""), "events.csv:1: (column 7): the column name is blank"),
        (lambda h: h.replace("summary", "summery"), "events.csv:1: summery: unknown column"),
        (
            lambda h: h.replace("summary", " summary"),
            "events.csv:1:  summary: unknown column (it has surrounding spaces)",
        ),
        (lambda h: h.replace(",summary", ""), "events.csv:1: summary: required column is missing"),
    ],
)
def test_bad_header_rejects_the_table_with_a_reason(files: dict[str, bytes], transform, message: str) -> None:  # type: ignore[no-untyped-def]
    """A delimiter, duplicate, blank, unknown or missing column name is named; every record is rejected."""
    head, rest = files["events.csv"].decode().split("\n", 1)
    changed = {**files, "events.csv": (transform(head) + "\n" + rest).encode()}
    package = load_files(changed, "t")
    assert any(str(p).startswith(message) for p in package.problems), messages(changed)
    count = package.counts["events"]
    assert count.accepted == 0
    assert count.read == count.rejected


def test_bom_crlf_cr_and_utf16_are_read(files: dict[str, bytes]) -> None:
    """UTF-8 with BOM, CRLF, CR-only and UTF-16 with BOM give the same rows as the original."""
    text = files["events.csv"].decode()
    expected = load_files(files, "t").tables["events"]
    for raw in (
        b"\xef\xbb\xbf" + files["events.csv"],
        text.replace("\n", "\r\n").encode(),
        text.replace("\n", "\r").encode(),
        text.encode("utf-16"),
    ):
        package = load_files({**files, "events.csv": raw}, "t")
        assert package.ok, messages({**files, "events.csv": raw})
        assert package.tables["events"]["summary"].tolist() == expected["summary"].tolist()


def test_cp1252_is_read_with_a_notice(files: dict[str, bytes]) -> None:
    """A Windows-1252 file is read, and a notice says so (it is not silently re-encoded)."""
    raw = edit(files["countries.csv"], 1, "name", "Côte d'Ivoire")
    package = load_files({**files, "countries.csv": raw.decode().encode("cp1252")}, "t")
    assert package.ok
    assert package.tables["countries"]["name"].iloc[0] == "Côte d'Ivoire"
    assert any("read as Windows-1252" in n for n in package.notices)


def test_ragged_rows_and_stray_quotes_are_rejected(files: dict[str, bytes]) -> None:
    """A short row, a long row and a quote that swallows lines are each named with their line."""
    lines = files["countries.csv"].decode().split("\n")
    lines[2] = lines[2] + ",extra"
    lines[3] = lines[3].split(",")[0]
    lines[4] = lines[4].replace(",", ',"', 1)
    package = load_files({**files, "countries.csv": "\n".join(lines).encode()}, "t")
    problems = list(map(str, package.problems))
    assert any(p.startswith("countries.csv:3: has 6 fields but the header has 5") for p in problems), problems
    assert any(p.startswith("countries.csv:4: has 1 fields but the header has 5") for p in problems), problems
    assert any(p.startswith("countries.csv:5:") and "quote" in p for p in problems), problems
    count = package.counts["countries"]
    assert count.read == count.accepted + count.rejected


def test_field_over_one_megabyte_is_rejected(files: dict[str, bytes]) -> None:
    """A single cell over 1,000,000 characters is rejected with its size."""
    raw = edit(files["events.csv"], 1, "summary", "x" * 1_000_001)
    assert (
        "events.csv:2: summary: the value is 1,000,001 characters long; the limit is 1,000,000"
        in messages({**files, "events.csv": raw})
    )


def test_missing_table_is_reported(files: dict[str, bytes]) -> None:
    """A package without one of its five tables names the missing file."""
    del files["routes.csv"]
    assert "routes.csv: the file is missing" in messages(files)


def test_every_table_has_a_schema_and_a_file() -> None:
    """The five required tables of the contract are files of the bundled package."""
    required = tuple(f for t, f in schemas.FILES.items() if t not in schemas.OPTIONAL_TABLES)
    assert required == TABLE_FILES
    assert all((DATA / name).is_file() for name in TABLE_FILES)


def test_optional_rates_table_may_be_absent(files: dict[str, bytes]) -> None:
    """A package without rates.csv is valid; the rates table is then empty."""
    files.pop("rates.csv", None)
    package = load_files(files, "t")
    assert package.ok, messages(files)
    assert package.tables["rates"].empty
