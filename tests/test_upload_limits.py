"""Uploads checked as a whole: duplicate members, archivers' junk, the app's own download, a total
cap, a cap per table, bounded parsing and listing, exact numbers and readable encodings."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date
from pathlib import Path

import pytest

from dashboard.data import SHOWN_PROBLEMS, load_files, load_folder, problem_list
from dashboard.download import package_zip, table_csv
from dashboard.filters import Selection
from dashboard.parse import MAX_REJECTED_ROWS
from dashboard.upload import MAX_TABLE_BYTES, MAX_UPLOAD_BYTES, load_upload
from tests.conftest import DATA, bundled, edit, rows


def zipped(members: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, raw in members:
            archive.writestr(name, raw)
    return buffer.getvalue()


def messages(uploads: list[tuple[str, bytes]]) -> list[str]:
    return [str(p) for p in load_upload(uploads, "t").problems]


@pytest.mark.parametrize("name", ["events.csv", "datapackage.json"])
def test_a_zip_with_two_members_of_one_name_is_refused(name: str) -> None:
    """Two events.csv (or two datapackage.json) in one ZIP: neither is read, and the reader is told."""
    members = [*bundled().items(), (name, b"{}" if name.endswith(".json") else b"event_id\n")]
    with pytest.warns(UserWarning, match="Duplicate name"):
        raw = zipped(members)
    found = messages([("two.zip", raw)])
    assert any(
        m.startswith(f"two.zip: {name}: appears 2 times in the ZIP; none of them was read") for m in found
    )


def test_a_finder_zip_of_a_folder_loads_with_a_notice() -> None:
    """macOS Finder's __MACOSX/ and .DS_Store are ignored, and the one folder it zipped is read."""
    members = [(f"data/{n}", raw) for n, raw in bundled().items()]
    members += [("__MACOSX/data/._events.csv", b"\x00\x05"), ("data/.DS_Store", b"\x00"), ("Thumbs.db", b"x")]
    package = load_upload([("data.zip", zipped(members))], "t")
    assert package.ok, package.problems
    assert any("ignored 3 files an archiver adds" in n for n in package.notices)
    assert any("read the files inside its folder data/" in n for n in package.notices)


@pytest.mark.parametrize(
    "selection",
    [
        Selection(countries=frozenset({"BGR"})),
        Selection(countries=frozenset({"CZE"})),
        Selection(start=date(2025, 6, 1)),
        Selection(kinds=frozenset({"denial"})),
        Selection(statuses=frozenset({"reported"}), end=date(2024, 12, 31)),
    ],
    ids=["Bulgaria", "Czech Republic", "from June 2025", "denials", "reported routes to 2024"],
)
def test_the_apps_own_download_loads_back(selection: Selection) -> None:
    """The ZIP from Sources & method, README and all, loads back as a package for any selection: it
    holds the rows the selection's rows cite, and says how many."""
    from dashboard.filters import apply, lookup

    package = load_folder(DATA)
    kept = apply(package.tables, selection, lookup(package.tables))
    raw = package_zip(kept, package.tables, selection, {}, package.meta)
    loaded = load_upload([("serbian-ammunition-selection.zip", raw)], "t")
    assert loaded.ok, loaded.problems[:3]
    assert any("README.md: ignored" in n for n in loaded.notices)
    assert set(kept["events"]["event_id"]) <= set(loaded.tables["events"]["event_id"])
    added = len(loaded.tables["events"]) - len(kept["events"])
    readme = zipfile.ZipFile(io.BytesIO(raw)).read("README.md").decode()
    if added or len(loaded.tables["routes"]) > len(kept["routes"]):
        assert "rows outside these filters that rows in" in readme


def test_one_upload_is_capped_as_a_whole() -> None:
    """Six files of 0.9 MB each pass the per-file cap but not the upload's: nothing is read."""
    files = [(f"part{i}.csv", b"x" * (MAX_UPLOAD_BYTES // 6 + 1024)) for i in range(6)]
    found = messages(files)
    assert len(found) == 1
    assert found[0].startswith("the upload: holds 6 files of ")
    assert "one upload may hold at most 5 MB. Nothing was read." in found[0]


def test_one_table_is_capped_when_unpacked() -> None:
    """A zipped table that unpacks past the per-table limit is refused with its size."""
    big = b"event_id,date\n" + b"E1,2025-01-01\n" * (MAX_TABLE_BYTES // 14 + 10)
    found = messages([("big.zip", zipped([("events.csv", big)]))])
    assert any(
        "big.zip: events.csv: would unpack to 5.0 MB; one table may be at most 5 MB" in m for m in found
    ), found


@pytest.mark.parametrize(
    ("junk", "expected"),
    [
        (b"junk line\n" * 500_000, "events.csv:1: junk line: unknown column"),
        (b"HEADER\n" + b"x,y\n" * 500_000, None),  # a header that is wrong, then junk
        (
            None,
            "after 1,000 rejected records: the table is rejected",
        ),  # the right header, then junk rows
    ],
    ids=["junk lines", "bad header", "junk rows"],
)
def test_a_file_of_junk_is_read_within_bounds_and_counts_add_up(
    junk: bytes | None, expected: str | None
) -> None:
    """Millions of junk lines give a short, bounded list of problems, and read = accepted + rejected."""
    files = bundled()
    header = files["events.csv"].split(b"\n")[0] + b"\n"
    files["events.csv"] = junk if junk is not None else header + b"x,y\n" * 500_000
    package = load_files(files, "junk")
    count = package.counts["events"]
    assert count.read == count.accepted + count.rejected
    assert count.read >= 499_999
    assert len(package.problems) <= MAX_REJECTED_ROWS + 20
    if expected:
        assert any(expected in str(p) for p in package.problems)


def test_cell_junk_is_checked_a_chunk_at_a_time_and_counted() -> None:
    """150,000 rows of the right shape and wrong values: checking stops after the first chunk, 2,000
    problems are kept, the rest are counted, and every record is accounted for."""
    files = bundled()
    header = files["events.csv"].split(b"\n")[0] + b"\n"
    files["events.csv"] = header + (b"a," * 14 + b"b\n") * 150_000
    package = load_files(files, "junk")
    assert len(package.problems) <= 2_001
    assert package.omitted > 0
    assert package.problem_count == len(package.problems) + package.omitted
    assert any("after 1,000 rejected records: the table" in str(p) for p in package.problems)
    count = package.counts["events"]
    assert (count.read, count.accepted, count.rejected) == (150_000, 0, 150_000)


def good_rows(count: int) -> bytes:
    """`count` valid copies of the first event, each with its own id."""
    files = bundled()
    good = files["events.csv"].split(b"\n")[1] + b"\n"
    return b"".join(good.replace(b"E00,", f"G{i},".encode(), 1) for i in range(count))


@pytest.mark.parametrize(
    "tail",
    [b"a," * 14 + b"b\n", b"x,y\n"],
    ids=["cell junk after good rows", "shape junk after good rows"],
)
def test_junk_after_thousands_of_good_rows_stops_within_bounds(tail: bytes) -> None:
    """5,001 valid rows, then junk to 4.9 MB: checking stops soon after the junk starts, memory stays small."""
    import tracemalloc

    files = bundled()
    header = files["events.csv"].split(b"\n")[0] + b"\n"
    body = good_rows(5_001)
    files["events.csv"] = header + body + tail * ((4_900_000 - len(body)) // len(tail))
    tracemalloc.start()
    package = load_files(files, "late junk")
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    assert peak < 300, f"{peak:.0f} MB at the peak"
    stop = next(p for p in package.problems if p.message.startswith("checking stopped at line"))
    line = int(stop.message.split()[4].rstrip(":").replace(",", ""))
    assert line < 5_001 + 2 + 2 * 1_000, "checking stopped within two chunks of the junk"
    count = package.counts["events"]
    assert count.read == count.accepted + count.rejected


def test_reference_problems_are_capped_per_file_and_counted() -> None:
    """50,000 valid rows answering an event that does not exist: 2,000 problems kept, the rest counted."""
    files = bundled()
    table = rows(files["events.csv"])
    column = table[0].index("responds_to")
    template = table[1]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(table[0])
    for i in range(50_000):
        writer.writerow([f"G{i}", *template[1:column], "NOPE", *template[column + 1 :]])
    files["events.csv"] = buffer.getvalue().encode()
    package = load_files(files, "refs")
    events = [p for p in package.problems if p.file == "events.csv"]
    assert len(events) == 2_000
    assert package.problem_count == 50_000 + len(package.problems) - len(events)


def test_the_page_lists_the_first_problems_and_counts_the_rest() -> None:
    """The problem list a page shows has SHOWN_PROBLEMS lines and one that says how many more."""
    files = bundled()
    header = files["events.csv"].split(b"\n")[0] + b"\n"
    files["events.csv"] = header + b"x,y\n" * 5_000
    package = load_files(files, "junk")
    shown = problem_list(package).splitlines()
    assert len(shown) == SHOWN_PROBLEMS + 1
    assert shown[-1] == f"… and {package.problem_count - SHOWN_PROBLEMS:,} more problems"


@pytest.mark.parametrize(
    "value",
    ["0.0000001", "123456789012345", "0.1", "409050000", "999999999999999", "-0.000000000000123"],
)
def test_a_number_written_in_a_download_reads_back_identical(value: str, tmp_path: Path) -> None:
    """A figure's value goes into the ZIP as a plain decimal that the checker accepts and reads as the same number."""
    files = bundled()
    record = next(n for n, row in enumerate(rows(files["figures.csv"])) if row and row[0] == "F12")
    files["figures.csv"] = edit(files["figures.csv"], record, "value", value)
    package = load_files(files, "t")
    assert package.ok, package.problems
    written = table_csv("figures", package.tables["figures"])
    again = load_files({**files, "figures.csv": written}, "again")
    assert again.ok, again.problems
    before = package.tables["figures"].set_index("figure_id").loc["F12", "value"]
    after = again.tables["figures"].set_index("figure_id").loc["F12", "value"]
    assert after == before == float(value)
    cell = next(row for row in rows(written) if row and row[0] == "F12")[2]
    assert "e" not in cell.lower(), cell


def test_a_value_with_more_significant_digits_than_a_float_keeps_is_refused() -> None:
    """16 significant digits cannot come back exactly, so the contract refuses them."""
    files = bundled()
    record = next(n for n, row in enumerate(rows(files["figures.csv"])) if row and row[0] == "F12")
    files["figures.csv"] = edit(files["figures.csv"], record, "value", "1234567890.123456")
    assert any("15 of them significant" in str(p) for p in load_files(files, "t").problems)


def test_utf32_is_read_and_said() -> None:
    """A UTF-32 file with its byte-order mark is read, with a notice, not called UTF-16."""
    files = bundled()
    files["countries.csv"] = files["countries.csv"].decode().encode("utf-32")
    package = load_files(files, "t")
    assert package.ok, package.problems
    assert "countries.csv: read as UTF-32 (it has a UTF-32 byte-order mark)" in package.notices
