"""Downloads: the current selection as a ZIP of the five CSVs and a README."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from dashboard import schemas
from dashboard.filters import Selection

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """A cell that a spreadsheet would run as a formula gets a leading apostrophe; numbers stay."""
    if not text.startswith(FORMULA_START):
        return text
    if schemas.NUMBER_RE.fullmatch(text):
        return text
    return "'" + text


def cell(value: Any) -> str:
    """A typed cell back to the contract's text: dates YYYY-MM-DD, numbers without exponent."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, float):
        # The shortest decimal that reads back as the same number, never an exponent: the contract
        # admits 15 significant digits, which a float keeps exactly (1e-07 would be refused on upload).
        return np.format_float_positional(value, unique=True, trim="-")
    return str(value)


def table_csv(table: str, frame: pd.DataFrame) -> bytes:
    """One table as UTF-8 CSV in the contract's column order, formula cells neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    columns = schemas.all_columns(table)
    writer.writerow(columns)
    for row in frame[columns].itertuples(index=False):
        writer.writerow([neutralise(cell(v)) for v in row])
    return buffer.getvalue().encode("utf-8")


def readme(
    selection: Selection,
    names: Mapping[str, str],
    meta: Mapping[str, Any],
    counts: Mapping[str, int],
    added: int = 0,
) -> str:
    """What the files are, the filters applied, the data-as-of date and how to cite."""
    title = str(meta.get("title", "Serbian ammunition and Ukraine: allegations tracker"))
    as_of = "; ".join(
        f"{label} {meta[key]}"
        for key, label in (("version", "version"), ("events_until", "events up to"), ("checked", "checked"))
        if isinstance(meta.get(key), str)
    ) or str(meta.get("data_as_of", "date not stated"))
    lines = [
        f"# {title}",
        "",
        "A filtered extract of the dashboard's data package. Each row cites a source in sources.csv.",
        "Allegations are claims, not findings: read each with its status, confidence and the",
        "statements that answer it (events.csv, column responds_to).",
        "",
        "## Files",
        *(
            f"- {schemas.FILES[t]}: {counts.get(t, 0)} rows. {schemas.SCHEMAS[t].description}"
            for t in schemas.SCHEMAS
        ),
        "",
        "## Filters applied",
        *(f"- {line}" for line in selection.describe(names)),
        *(
            [
                "",
                f"The files also hold {added} event, route or figure rows outside these filters that rows in",
                "them cite (the claim an answer answers, a route's claim, the figure a conversion converts),",
                "so that the extract is a complete data package.",
            ]
            if added
            else []
        ),
        "",
        f"Data package: {as_of}. Licence of the data: {meta.get('licence', 'see the project README')}.",
        "Cells that begin with = + - or @ and are not numbers start with an apostrophe so that",
        "no spreadsheet runs them as formulas.",
        "",
        "## Citation",
        f"{title} ({as_of}), filtered extract. Cite the original sources listed in sources.csv.",
        "",
    ]
    return "\n".join(lines)


def _ids(values: pd.Series, separator: str | None = None) -> set[str]:
    """The ids in a column, a list column split on `separator`."""
    out: set[str] = set()
    for value in values.dropna().tolist():
        out.update(str(value).split(separator) if separator else [str(value)])
    return out


def closed(
    selection_tables: Mapping[str, pd.DataFrame], everything: Mapping[str, pd.DataFrame]
) -> dict[str, pd.DataFrame]:
    """The selection plus every row its rows cite (the claim an answer answers, a route's claim, the
    figure a conversion converts, their sources), so the extract is a package the checker accepts."""
    keep = {t: _ids(selection_tables[t][schemas.ID_COLUMNS[t]]) for t in ("events", "routes", "figures")}
    while True:
        events = everything["events"].loc[everything["events"]["event_id"].isin(keep["events"])]
        routes = everything["routes"].loc[everything["routes"]["route_id"].isin(keep["routes"])]
        figures = everything["figures"].loc[everything["figures"]["figure_id"].isin(keep["figures"])]
        grown = {
            "events": keep["events"] | _ids(events["responds_to"]) | _ids(routes["event_id"]),
            "routes": keep["routes"] | _ids(events["answers_routes"], ";"),
            "figures": keep["figures"] | _ids(figures["derived_from"]),
        }
        if grown == keep:
            break
        keep = grown
    out = dict(selection_tables)
    out.update({"events": events, "routes": routes, "figures": figures})
    cited = _ids(events["source_id"]) | _ids(events["also_source_ids"], ";") | _ids(routes["source_id"])
    cited |= _ids(figures["source_id"]) | _ids(selection_tables["rates"]["source_id"])
    out["sources"] = everything["sources"].loc[everything["sources"]["source_id"].isin(cited)]
    return out


def package_zip(
    selection_tables: Mapping[str, pd.DataFrame],
    everything: Mapping[str, pd.DataFrame],
    selection: Selection,
    names: Mapping[str, str],
    meta: Mapping[str, Any],
) -> bytes:
    """The ZIP: README.md plus one CSV per table (an optional table only when it has rows), the
    selection closed over what its rows cite (`closed`)."""
    tables = closed(selection_tables, everything)
    added = sum(len(tables[t]) - len(selection_tables[t]) for t in ("events", "routes", "figures"))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        included = [t for t in schemas.SCHEMAS if t not in schemas.OPTIONAL_TABLES or len(tables[t])]
        counts = {t: len(tables[t]) for t in included}
        archive.writestr("README.md", readme(selection, names, meta, counts, added))
        for table in included:
            archive.writestr(schemas.FILES[table], table_csv(table, tables[table]))
    return buffer.getvalue()
