"""Bring your own data: uploads are unpacked within limits, validated, and kept to one session."""

from __future__ import annotations

import io
import zipfile

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.registry import PAGES
from dashboard.upload import MAX_UNPACKED_BYTES, load_upload, unpack
from tests.conftest import ENTRYPOINT, ROOT, bundled, edit

SOURCES_PAGE = next(p for p in PAGES if p.key == "sources")


def zipped(files: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, raw in files.items():
            archive.writestr(name, raw)
    return buffer.getvalue()


def problems(uploads: list[tuple[str, bytes]]) -> list[str]:
    return [str(p) for p in load_upload(uploads, "t").problems]


def test_zip_of_the_bundled_package_is_valid() -> None:
    """A ZIP of the bundled files loads with the same rows as the bundled package."""
    package = load_upload([("package.zip", zipped(bundled()))], "t")
    assert package.ok, package.problems
    assert package.counts["events"].accepted >= 46


def test_bare_csvs_are_valid() -> None:
    """The CSV files uploaded one by one load like the ZIP."""
    package = load_upload(list(bundled().items()), "t")
    assert package.ok, package.problems


@pytest.mark.parametrize(
    ("uploads", "message"),
    [
        ([("package.zip", b"")], "package.zip: the uploaded file is empty"),
        ([("package.zip", b"PK\x03\x04garbage")], "package.zip: is not a readable ZIP archive"),
        ([("notes.txt", b"hello")], "notes.txt: is not a file of a data package"),
        (
            [("package.zip", zipped({f"a/b/{n}": r for n, r in bundled().items()}))],
            "package.zip: a/b/events.csv: is inside a folder; put the CSV files at the top level of the ZIP",
        ),
        (
            [("package.zip", zipped({**bundled(), "extra.xlsx": b"x"}))],
            "package.zip: extra.xlsx: is not a file of a data package",
        ),
        (
            [("package.zip", zipped({n: r for n, r in bundled().items() if n != "routes.csv"}))],
            "routes.csv: the file is missing",
        ),
        ([("events.csv", b"a"), ("events.csv", b"b")], "events.csv: was uploaded twice"),
    ],
    ids=["empty", "bad-zip", "unknown-file", "nested", "extra", "missing", "twice"],
)
def test_bad_upload_gets_a_clear_message(uploads: list[tuple[str, bytes]], message: str) -> None:
    """Empty, broken, nested, extra, missing and duplicated files are each named with the reason."""
    found = problems(uploads)
    assert any(p.startswith(message) for p in found), found


def test_zip_bomb_is_refused_without_unpacking_it() -> None:
    """A ZIP that would expand past the limit is refused, naming the limit."""
    bomb = zipped({"events.csv": b"0" * (MAX_UNPACKED_BYTES + 1)})
    assert len(bomb) < 100_000
    unpacked = unpack([("bomb.zip", bomb)])
    assert unpacked.files == {}
    assert "a ZIP bomb?" in str(unpacked.problems[0])


def test_highly_compressed_member_is_refused() -> None:
    """A member compressed far beyond what CSV text allows is refused even under the size limit."""
    unpacked = unpack([("p.zip", zipped({"events.csv": b"0" * 5_000_000}))])
    assert "events.csv" not in unpacked.files
    assert "compressed more than" in str(unpacked.problems[0])


def uploader(at: AppTest):  # type: ignore[no-untyped-def]
    return at.file_uploader[0]


def sources_app() -> AppTest:
    at = AppTest.from_file(ENTRYPOINT, default_timeout=60)
    at.run()
    at.switch_page(str(ROOT / SOURCES_PAGE.script))
    at.run()
    return at


def test_valid_upload_is_shown_on_every_page_and_can_be_undone() -> None:
    """A valid upload replaces the data for this session with a banner; the button returns to the bundled data."""
    files = bundled()
    files["events.csv"] = edit(files["events.csv"], 1, "actor", "Uploaded actor")
    at = sources_app()
    uploader(at).set_value(("mine.zip", zipped(files), "application/zip")).run()
    assert not at.exception
    assert any("uploaded data package" in i.value for i in at.info)
    at.switch_page(str(ROOT / PAGES[0].script)).run()
    assert any("uploaded data package" in i.value for i in at.info)
    at.button(key="back_to_bundled").click().run()
    assert not any("uploaded data package" in i.value for i in at.info)


def test_invalid_upload_reports_every_problem_and_keeps_the_data() -> None:
    """An invalid upload lists file:line: column problems and counts; the session keeps the bundled data."""
    files = bundled()
    files["events.csv"] = edit(edit(files["events.csv"], 1, "date", "2024-02-30"), 2, "kind", "rumour")
    at = sources_app()
    uploader(at).set_value(("bad.zip", zipped(files), "application/zip")).run()
    assert not at.exception
    assert any("was not loaded: 2 problems" in e.value for e in at.error)
    assert any("records read =" in e.value for e in at.error)
    report = at.code[-1].value
    assert "events.csv:2: date: '2024-02-30' is not a valid date (YYYY-MM-DD)" in report
    assert "events.csv:3: kind: 'rumour' is not one of" in report
    assert not any("uploaded data package" in i.value for i in at.info)


def test_upload_is_not_shared_with_other_sessions() -> None:
    """Another session opened after an upload sees the bundled data, with no banner."""
    at = sources_app()
    uploader(at).set_value(("mine.zip", zipped(bundled()), "application/zip")).run()
    assert any("uploaded data package" in i.value for i in at.info)
    other = sources_app()
    assert not any("uploaded data package" in i.value for i in other.info)


def test_upload_gets_its_own_country_names_in_the_filter() -> None:
    """What the frame works out once per package (names, dates) follows an upload and does not leak from it."""
    files = bundled()
    files["countries.csv"] = edit(files["countries.csv"], 1, "name", "Serbia (uploaded)")
    at = sources_app()
    uploader(at).set_value(("mine.zip", zipped(files), "application/zip")).run()
    assert not at.exception
    assert "Serbia (uploaded)" in at.sidebar.multiselect(key="country").options
    other = sources_app()
    assert "Serbia" in other.sidebar.multiselect(key="country").options
    assert "Serbia (uploaded)" not in other.sidebar.multiselect(key="country").options
