"""Downloads: the selection as a ZIP a reader can open safely and a checker accepts."""

from __future__ import annotations

import io
import zipfile

import pytest

from dashboard import download, filters
from dashboard.data import Package, load_files


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://example.invalid","x")', '\'=HYPERLINK("http://example.invalid","x")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("@SUM(1+1)", "'@SUM(1+1)"),
        ("-2+3", "'-2+3"),
        ("-42", "-42"),
        ("-3.5", "-3.5"),
        ("plain text", "plain text"),
    ],
)
def test_formula_cells_are_neutralised_and_negative_numbers_stay(value: str, expected: str) -> None:
    """A cell a spreadsheet would run gets an apostrophe; a real negative number stays a number."""
    assert download.neutralise(value) == expected


def test_zip_of_everything_is_a_valid_package_with_a_readme(package: Package) -> None:
    """The unfiltered download holds the five CSVs and a README, and passes the checker unchanged."""
    archive = zipfile.ZipFile(
        io.BytesIO(
            download.package_zip(package.tables, package.tables, filters.Selection(), {}, package.meta)
        )
    )
    names = set(archive.namelist())
    expected = {"README.md", "sources.csv", "events.csv", "routes.csv", "figures.csv", "countries.csv"}
    assert names == expected | ({"rates.csv"} if len(package.tables["rates"]) else set())
    reloaded = load_files({n: archive.read(n) for n in names if n.endswith(".csv")}, "zip")
    assert reloaded.ok, reloaded.problems
    for table, frame in package.tables.items():
        assert reloaded.tables[table].reset_index(drop=True).equals(frame.reset_index(drop=True)), table


def test_zip_readme_names_the_filters_and_the_date(package: Package) -> None:
    """The README in the ZIP states the filters applied, the data-as-of date and a citation."""
    selection = filters.Selection(countries=frozenset({"BGR"}))
    kept = filters.apply(package.tables, selection, package.derived.lookup)
    archive = zipfile.ZipFile(
        io.BytesIO(download.package_zip(kept, package.tables, selection, {"BGR": "Bulgaria"}, package.meta))
    )
    readme = archive.read("README.md").decode()
    assert "countries: Bulgaria" in readme
    assert "version 1.1.0; events up to 2026-01-28; checked 2026-12-04" in readme
    assert "## Citation" in readme
    assert f"events.csv: {len(kept['events'])} rows" in readme
