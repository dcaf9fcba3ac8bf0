"""Write a valid synthetic data package at N times the bundled rows, keeping referential integrity.

    python bench/generate.py 100 /tmp/pkg-100

Each copy k of the events, routes, figures, sources (and rates) gets ids suffixed `_k`, and its
references point inside the same copy; countries stay as they are (the world does not grow).
Copy k shifts dates by k days modulo a year so the date filter still has something to do.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
ID_COLUMNS = {
    "sources.csv": ("source_id",),
    "events.csv": ("event_id", "source_id", "responds_to"),
    "routes.csv": ("route_id", "event_id", "source_id"),
    "figures.csv": ("figure_id", "derived_from", "source_id"),
    "rates.csv": ("source_id",),
}
LIST_COLUMNS = {"events.csv": ("also_source_ids", "answers_routes")}
DATE_COLUMNS = {
    "sources.csv": ("published",),
    "events.csv": ("date",),
    "routes.csv": ("first_reported",),
    "figures.csv": ("period_start", "period_end", "published"),
}


def _shift(value: str, days: int) -> str:
    if not value:
        return value
    shifted = date.fromisoformat(value) + timedelta(days=days)
    return shifted.isoformat()


def scale_table(name: str, raw: str, factor: int) -> str:
    """The rows of one table repeated `factor` times with suffixed ids."""
    reader = csv.reader(io.StringIO(raw, newline=""))
    header = next(reader)
    rows = list(reader)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    ids = [header.index(c) for c in ID_COLUMNS.get(name, ()) if c in header]
    lists = [header.index(c) for c in LIST_COLUMNS.get(name, ()) if c in header]
    dates = [header.index(c) for c in DATE_COLUMNS.get(name, ()) if c in header]
    year = header.index("year") if name == "rates.csv" else None
    for copy in range(factor):
        suffix = "" if copy == 0 else f"_{copy}"
        days = 0 if copy == 0 else (copy % 365) - 182
        for row in rows:
            new = list(row)
            for i in ids:
                if new[i]:
                    new[i] += suffix
            for i in lists:
                if new[i]:
                    new[i] = ";".join(part + suffix for part in new[i].split(";"))
            if days:
                for i in dates:
                    new[i] = _shift(new[i], days)
            if year is not None and copy:
                continue  # one rate per year: rates do not multiply
            writer.writerow(new)
    return out.getvalue()


def generate(factor: int, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for path in DATA.glob("*.csv"):
        text = path.read_text(encoding="utf-8")
        if path.name == "countries.csv":
            (folder / path.name).write_text(text, encoding="utf-8")
        else:
            (folder / path.name).write_text(scale_table(path.name, text, factor), encoding="utf-8")
    meta = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    if factor > 1 and "events_until" in meta:
        # Copies are shifted by up to 182 days either way: the coverage moves with them.
        latest = date.fromisoformat(meta["events_until"]) + timedelta(days=182)
        meta["events_until"] = latest.isoformat()
        meta["checked"] = max(str(meta.get("checked", "")), latest.isoformat())
    (folder / "datapackage.json").write_text(
        json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("factor", type=int)
    parser.add_argument("folder", type=Path)
    args = parser.parse_args()
    print(generate(args.factor, args.folder))


if __name__ == "__main__":
    main()
