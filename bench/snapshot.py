"""Every page's element tree for 20 selections, to show a refactor left the pages' output unchanged.

    python bench/snapshot.py OUT.json.gz                 # the bundled package
    DASHBOARD_DATA=/tmp/x100 python bench/snapshot.py OUT.json.gz
    python bench/snapshot.py --compare BEFORE.json.gz AFTER.json.gz

Each page runs through the entrypoint in AppTest with the selection in its address, then with the
reader's picks (a route, a statement card, a currency) where the page has them. Every element and
block is recorded as its protobuf message; widget ids (hashes of the code location) and a download's
random file id are left out.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from google.protobuf.json_format import MessageToDict
from streamlit.testing.v1 import AppTest

from dashboard.registry import PAGES, PageSpec
from tests.conftest import open_app

SELECTIONS: tuple[dict[str, list[str]], ...] = (
    {},
    {"country": ["BGR"]},
    {"country": ["SRB"]},
    {"country": ["UKR"]},
    {"country": ["USA"]},
    {"country": ["CZE", "POL"]},
    {"country": ["TUR", "SVK", "ROU"]},
    {"from": ["2023-01-01"]},
    {"to": ["2022-12-31"]},
    {"from": ["2024-06-01"], "to": ["2025-06-30"]},
    {"status": ["alleged"]},
    {"status": ["documented"]},
    {"kind": ["allegation"]},
    {"kind": ["denial", "acknowledgement"]},
    {"kind": ["leak"], "country": ["BGR"]},
    {"country": ["BGR"], "from": ["2024-01-01"]},
    {"country": ["XAF"]},
    {"from": ["2026-01-01"], "to": ["2026-01-28"]},
    {"country": ["SRB", "UKR"], "kind": ["official_statement"]},
    {"country": ["DEU", "ISR"]},
)


VOLATILE = ("id", "formId", "deferredFileId")  # code-location hashes, and a download's random file id


def _strip(value: Any) -> Any:
    if isinstance(value, dict):
        # A table's column settings are a JSON text: compared as a mapping, since their order shows nowhere.
        return {
            k: json.loads(v) if k == "columns" and isinstance(v, str) else _strip(v)
            for k, v in value.items()
            if k not in VOLATILE
        }
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def tree(at: AppTest) -> list[Any]:
    """The main area's and sidebar's nodes in order, as plain data."""
    nodes = []
    for node in at._tree:
        proto = getattr(node, "proto", None)
        if proto is None or not hasattr(proto, "DESCRIPTOR"):
            continue
        nodes.append([type(node).__name__, _strip(MessageToDict(proto))])
    return nodes


def picks(page: PageSpec, at: AppTest) -> list[tuple[str, list[Any]]]:
    """The page after each reader's pick it offers (the first route, the first card, each currency)."""
    done: list[tuple[str, list[Any]]] = []  # each tree recorded at once: `at` changes with the next pick
    try:
        if page.key == "map":
            box = at.selectbox(key="route_pick")
            if box.options:
                route = box.options[0].split(" ")[0]  # labels start with the id: 'R1 · Serbia → …'
                done.append((f"route {route}", tree(box.set_value(route).run())))
        elif page.key == "timeline":
            box = at.selectbox(key="timeline_event")
            if box.options:
                event = box.options[-1].rsplit("(", 1)[1].rstrip(")")  # labels end with "(E24)"
                done.append((f"card {event}", tree(box.set_value(event).run())))
        elif page.key == "exports":
            control = at.get("button_group")
            if control:
                for option in ("EUR", "USD"):
                    done.append(
                        (f"currency {option}", tree(at.button_group(key="currency").set_value(option).run()))
                    )
    except KeyError:
        pass
    return done


def snapshot(out: Path) -> None:
    shots: dict[str, Any] = {}
    for number, params in enumerate(SELECTIONS):
        for page in PAGES:
            at = open_app(page, **params)
            name = f"{number:02d} {page.key} {json.dumps(params, sort_keys=True)}"
            shots[name] = tree(at)
            for what, picked in picks(page, at):
                shots[f"{name} + {what}"] = picked
            print(name, len(shots[name]), flush=True)
    with gzip.open(out, "wt", encoding="utf-8") as handle:
        json.dump(shots, handle, sort_keys=True)


def digest(nodes: Any) -> str:
    return hashlib.sha256(json.dumps(nodes, sort_keys=True).encode()).hexdigest()[:12]


def _difference(a: Any, b: Any, path: str = "") -> str:
    """Where two recorded nodes first differ, and how."""
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(a.keys() | b.keys()):
            if a.get(key) != b.get(key):
                return _difference(a.get(key), b.get(key), f"{path}.{key}")
    text = f"{path}: {json.dumps(a)[:200]} != {json.dumps(b)[:200]}"
    return text if len(json.dumps(a)) < 2000 else f"{path}: differs ({digest(a)} != {digest(b)})"


def compare(before: Path, after: Path) -> int:
    with gzip.open(before, "rt", encoding="utf-8") as handle:
        old = _strip(json.load(handle))
    with gzip.open(after, "rt", encoding="utf-8") as handle:
        new = _strip(json.load(handle))
    differ = 0
    for name in sorted(old.keys() | new.keys()):
        if name not in old or name not in new:
            print(f"only in {'after' if name in new else 'before'}: {name}")
            differ += 1
            continue
        if old[name] != new[name]:
            differ += 1
            print(f"DIFFERS: {name}")
            if len(old[name]) != len(new[name]):
                print(f"  node counts {len(old[name])} != {len(new[name])}")
            for index, (a, b) in enumerate(zip(old[name], new[name], strict=False)):
                if a != b:
                    print(f"  node {index}, a {a[0]}: {_difference(a[1], b[1])}")
    print(f"{len(old)} views before, {len(new)} after, {differ} differ")
    return 1 if differ else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--compare", action="store_true")
    args = parser.parse_args()
    if args.compare:
        sys.exit(compare(*args.files))
    snapshot(args.files[0])


if __name__ == "__main__":
    main()
