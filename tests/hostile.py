"""A data package whose every text cell is hostile, built from the bundled one (ids and codes stay valid)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import bundled, rows, write_rows

HOSTILE = (
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    '"><svg onload=alert(1)>',
    "[x](javascript:alert(1))",
    '=HYPERLINK("http://example.invalid","x")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "**bold**",
    "# heading",
    ":red[x]",
    "$1.2bn to $3bn",
    "{name} {tooltip_text} {route_id}",
    "\u202eevil\u202c override",
    "A" * 10_000,
)
TEXT_COLUMNS = {
    "sources.csv": ("publisher", "title", "original_publisher", "note"),
    "events.csv": ("actor", "summary", "note"),
    "routes.csv": ("claimant", "goods", "note"),
    "figures.csv": ("metric", "value_text", "note"),
    "countries.csv": ("name",),
    "rates.csv": ("method", "note"),
}
HOSTILE_URLS = ("JaVaScRiPt:alert(1)", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==")


def hostile_files(urls: bool = False) -> dict[str, bytes]:
    """The bundled files with hostile text in every text column (and hostile URLs when asked)."""
    files = bundled()
    turn = 0
    for name, columns in TEXT_COLUMNS.items():
        if name not in files:
            continue
        table = rows(files[name])
        header = table[0]
        for record in table[1:]:
            for column in columns:
                if column not in header:
                    continue
                value = HOSTILE[turn % len(HOSTILE)]
                if name == "countries.csv":
                    value = f"{value} {record[0]}"
                record[header.index(column)] = value
                turn += 1
        if urls and name == "sources.csv":
            for record, url in zip(table[1:], HOSTILE_URLS, strict=False):
                record[header.index("url")] = url
        files[name] = write_rows(table)
    return files


def write_hostile(folder: Path, urls: bool = False) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, raw in hostile_files(urls).items():
        (folder / name).write_bytes(raw)
    return folder
