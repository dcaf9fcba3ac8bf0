"""The checker's corpus: each case is input bytes for one file -> exit code and the expected message."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from dashboard.__main__ import main
from tests.conftest import bundled, edit

Transform = Callable[[bytes], bytes]


def text(fn: Callable[[str], str]) -> Transform:
    return lambda raw: fn(raw.decode("utf-8")).encode("utf-8")


def line(n: int, fn: Callable[[str], str]) -> Transform:
    def change(source: str) -> str:
        lines = source.split("\n")
        lines[n - 1] = fn(lines[n - 1])
        return "\n".join(lines)

    return text(change)


CASES: list[tuple[str, str, Transform, int, str]] = [
    ("valid", "events.csv", lambda raw: raw, 0, "OK"),
    ("empty file", "events.csv", lambda raw: b"", 1, "events.csv: the file is empty"),
    (
        "header only",
        "events.csv",
        lambda raw: raw.split(b"\n")[0] + b"\n",
        1,
        "routes.csv:2: event_id: 'E23' not found in events.csv",
    ),
    ("utf-8 bom", "events.csv", lambda raw: b"\xef\xbb\xbf" + raw, 0, "OK"),
    ("utf-16 with bom", "events.csv", lambda raw: raw.decode().encode("utf-16"), 0, "OK"),
    (
        "utf-16 without bom",
        "events.csv",
        lambda raw: raw.decode().encode("utf-16-le"),
        1,
        "events.csv:1: contains NUL bytes",
    ),
    (
        "xlsx renamed",
        "events.csv",
        lambda raw: b"PK\x03\x04\x14\x00" + b"[Content_Types].xml xl/workbook.xml",
        1,
        "events.csv: is an Excel .xlsx workbook",
    ),
    (
        "gzip renamed",
        "events.csv",
        lambda raw: b"\x1f\x8b\x08\x00\x00\x00",
        1,
        "events.csv: is gzip-compressed",
    ),
    ("nul bytes", "events.csv", line(3, lambda s: s + "\x00"), 1, "events.csv:3: contains NUL bytes"),
    (
        "semicolons",
        "countries.csv",
        text(lambda s: s.replace(",", ";")),
        1,
        "countries.csv:1: uses ';' between columns",
    ),
    (
        "tabs",
        "countries.csv",
        text(lambda s: s.replace(",", "\t")),
        1,
        "countries.csv:1: uses a tab between columns",
    ),
    ("crlf", "events.csv", text(lambda s: s.replace("\n", "\r\n")), 0, "OK"),
    ("cr only", "events.csv", text(lambda s: s.replace("\n", "\r")), 0, "OK"),
    (
        "mixed endings",
        "events.csv",
        text(lambda s: s.replace("\n", "\r\n", 5).replace("\n", "\r", 3)),
        0,
        "OK",
    ),
    (
        "duplicate column",
        "countries.csv",
        line(1, lambda s: s.replace("lat", "lon")),
        1,
        "countries.csv:1: lon: the column name appears twice",
    ),
    (
        "blank column",
        "countries.csv",
        line(1, lambda s: s.replace("lat", "")),
        1,
        "countries.csv:1: (column 3): the column name is blank",
    ),
    (
        "missing column",
        "countries.csv",
        line(1, lambda s: s.replace(",kind", "")),
        1,
        "countries.csv:1: kind: required column is missing",
    ),
    (
        "extra column",
        "countries.csv",
        text(lambda s: s.replace("\n", ",x\n")),
        1,
        "countries.csv:1: x: unknown column",
    ),
    (
        "short row",
        "countries.csv",
        line(3, lambda s: s.rsplit(",", 1)[0]),
        1,
        "countries.csv:3: has 4 fields but the header has 5",
    ),
    (
        "ragged row",
        "countries.csv",
        line(3, lambda s: s + ",1"),
        1,
        "countries.csv:3: has 6 fields but the header has 5",
    ),
    (
        "stray quote to the end",
        "countries.csv",
        line(3, lambda s: s.replace(",", ',"', 1)),
        1,
        "countries.csv:3: cannot be parsed as CSV (unexpected end of data); reading stopped here",
    ),
    (
        "stray quotes merging lines",
        "countries.csv",
        text(lambda s: s.replace("\nUKR,", '\nUKR,"', 1).replace("\nRUS,Russia,", '\nRUS,Russia",', 1)),
        1,
        "countries.csv:3: name: 'Ukraine,50.450,30.523,country\\nRUS,Russia' contains a line break (lines 3-4)",
    ),
    (
        "unterminated quote",
        "countries.csv",
        text(lambda s: s + '"XXX,never closed\n'),
        1,
        "cannot be parsed as CSV",
    ),
    (
        "field over 1 MB",
        "events.csv",
        lambda raw: edit(raw, 1, "summary", "x" * 1_000_001),
        1,
        "events.csv:2: summary: the value is 1,000,001 characters long",
    ),
    (
        "duplicate id",
        "countries.csv",
        line(3, lambda s: "SRB" + s[3:]),
        1,
        "countries.csv:3: code: 'SRB' repeats an id used on an earlier line",
    ),
    ("NA is a value", "countries.csv", text(lambda s: s + "NAM,NA,-22.57,17.08,country\n"), 0, "OK"),
    (
        "N/A is not a code",
        "events.csv",
        lambda raw: edit(raw, 1, "actor_country", "N/A"),
        1,
        "events.csv:2: actor_country: 'N/A' is not a three-letter",
    ),
    (
        "null is not a date",
        "events.csv",
        lambda raw: edit(raw, 1, "date", "null"),
        1,
        "events.csv:2: date: 'null' is not a valid date",
    ),
    (
        "thousands separator",
        "figures.csv",
        lambda raw: edit(raw, 1, "value", "800,000,000"),
        1,
        "figures.csv:2: value: '800,000,000' is not a plain number",
    ),
    (
        "decimal comma",
        "figures.csv",
        lambda raw: edit(raw, 1, "value", "409,05"),
        1,
        "figures.csv:2: value: '409,05' is not a plain number",
    ),
    (
        "impossible date",
        "events.csv",
        lambda raw: edit(raw, 1, "date", "2024-02-30"),
        1,
        "events.csv:2: date: '2024-02-30' is not a valid date (YYYY-MM-DD)",
    ),
    (
        "other date format",
        "events.csv",
        lambda raw: edit(raw, 1, "date", "02/03/2022"),
        1,
        "events.csv:2: date: '02/03/2022' is not a valid date",
    ),
    (
        "excel serial",
        "events.csv",
        lambda raw: edit(raw, 1, "date", "44622"),
        1,
        "events.csv:2: date: '44622' is not a valid date",
    ),
    (
        "latitude over 90",
        "countries.csv",
        lambda raw: edit(raw, 1, "lat", "95.1"),
        1,
        "countries.csv:2: lat: '95.1' is not a plain number from -90 to 90",
    ),
    (
        "longitude over 180",
        "countries.csv",
        lambda raw: edit(raw, 1, "lon", "-181"),
        1,
        "countries.csv:2: lon: '-181' is not a plain number from -180 to 180",
    ),
    (
        "unknown country",
        "routes.csv",
        lambda raw: edit(raw, 1, "path", "SRB>ATL>UKR"),
        1,
        "routes.csv:2: path: 'ATL' not found in countries.csv (code)",
    ),
    (
        "one-country path",
        "routes.csv",
        lambda raw: edit(raw, 1, "path", "SRB"),
        1,
        "routes.csv:2: path: 'SRB' is not a path of at least 2 country codes",
    ),
    (
        "vocabulary case",
        "routes.csv",
        lambda raw: edit(raw, 1, "status", "Alleged"),
        1,
        "routes.csv:2: status: 'Alleged' is not one of",
    ),
    (
        "vocabulary spaces",
        "routes.csv",
        lambda raw: edit(raw, 1, "status", "alleged "),
        1,
        "routes.csv:2: status: 'alleged ' is not one of",
    ),
    (
        "dangling source",
        "figures.csv",
        lambda raw: edit(raw, 1, "source_id", "S404"),
        1,
        "figures.csv:2: source_id: 'S404' not found in sources.csv",
    ),
]


@pytest.mark.parametrize(
    ("file", "transform", "code", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_checker_case(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    file: str,
    transform: Transform,
    code: int,
    message: str,
) -> None:
    """The checker gives the expected exit code and message, and never a traceback."""
    for name, raw in bundled().items():
        (tmp_path / name).write_bytes(transform(raw) if name == file else raw)
    assert main(["check", str(tmp_path)]) == code
    out, err = capsys.readouterr()
    assert message in out, out + err
    assert "Traceback" not in out + err
    assert "could not check" not in out + err, "bad input is a problem with a place, not a failure to check"
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", out + err), "a raw control character was printed"
    if code == 1:
        read, accepted, rejected = map(
            int,
            err.split(";")[-1]
            .replace("records read =", "")
            .replace("accepted +", "")
            .replace("rejected", "")
            .split(),
        )
        assert read == accepted + rejected
