"""datapackage.json: read within limits, and its coverage dates checked against the events."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from dashboard import schemas
from dashboard.problems import Problem, show

META_FILE = "datapackage.json"
MAX_META_BYTES = 1_000_000
MAX_META_DEPTH = 20
MAX_META_NUMBER_CHARS = 30


class _MetaLimit(ValueError):
    """datapackage.json goes beyond what the loader reads (a number too long)."""


def _number(text: str) -> float | int:
    if len(text) > MAX_META_NUMBER_CHARS:
        raise _MetaLimit(f"a number of {len(text):,} characters (at most {MAX_META_NUMBER_CHARS})")
    if not any(c in text for c in ".eE"):
        return int(text)
    number = float(text)
    if not math.isfinite(number):
        raise _MetaLimit(f"{text}, which is too large for a number")
    return number


def _depth(raw: str) -> int:
    """How deeply arrays and objects nest, counted outside strings, without parsing."""
    deepest = depth = 0
    in_string = escaped = False
    for char in raw:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def _bad_text(value: Any) -> str | None:
    """The first string in `value` that is not valid Unicode (a lone surrogate such as \\ud800)."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return value
        return None
    items = value.items() if isinstance(value, dict) else value if isinstance(value, list) else ()
    for item in items:
        for part in item if isinstance(value, dict) else (item,):
            if (found := _bad_text(part)) is not None:
                return found
    return None


def read_meta(raw: bytes | None) -> tuple[dict[str, Any], list[Problem]]:
    """datapackage.json read within limits: size, nesting, number length and valid Unicode."""
    if raw is None:
        return {}, []

    def problem(message: str) -> tuple[dict[str, Any], list[Problem]]:
        return {}, [Problem(META_FILE, None, None, message)]

    if len(raw) > MAX_META_BYTES:
        return problem(f"is {len(raw):,} bytes; the limit is {MAX_META_BYTES:,}")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        return problem(f"is not UTF-8 (byte 0x{raw[err.start]:02x} at offset {err.start}); save it as UTF-8")
    if (depth := _depth(text)) > MAX_META_DEPTH:
        return problem(f"nests arrays or objects {depth} deep; the limit is {MAX_META_DEPTH}")
    try:
        meta = json.loads(text, parse_int=_number, parse_float=_number, parse_constant=_constant)
    except _MetaLimit as err:
        return problem(f"holds {err}")
    except json.JSONDecodeError as err:
        return problem(f"is not valid JSON ({err})")
    if not isinstance(meta, dict):
        return problem("must hold a JSON object")
    if (bad := _bad_text(meta)) is not None:
        shown = bad.encode("utf-8", "backslashreplace").decode("ascii", "backslashreplace")
        return problem(f"holds text that is not valid Unicode ({show(shown)}: a lone surrogate escape)")
    return {str(k): v for k, v in meta.items() if isinstance(v, str | int | float | list)}, []


def _constant(name: str) -> float:
    raise _MetaLimit(f"{name}, which is not a JSON number")


COVERAGE_KEYS = ("checked", "events_until")


def _meta_strings(value: Any) -> Iterable[str]:
    """Every string in a JSON value, keys and nested values included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _meta_strings(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _meta_strings(item)


def check_coverage(meta: Mapping[str, Any], events: pd.DataFrame) -> list[Problem]:
    """The package's dates are real dates and its coverage date is not before its latest event."""
    problems: list[Problem] = []
    dates: dict[str, str] = {}
    for key in COVERAGE_KEYS:
        value = meta.get(key)
        if value is None:
            continue
        if not (isinstance(value, str) and schemas.is_iso_date(value) and schemas.in_span(value)):
            problems.append(
                Problem(
                    META_FILE,
                    None,
                    key,
                    f"{show(value)} is not a date from {schemas.FIRST_DATE} to {schemas.LAST_DATE} (YYYY-MM-DD)",
                )
            )
        else:
            dates[key] = value
    until, checked = dates.get("events_until"), dates.get("checked")
    if until is not None and not events.empty:
        last = events["date"].max()
        if pd.notna(last) and last.date().isoformat() > until:
            problems.append(
                Problem(
                    META_FILE,
                    None,
                    "events_until",
                    f"{show(until)} is before the latest event ({last.date().isoformat()}); "
                    "say up to when the data covers events",
                )
            )
    if checked is not None and until is not None and checked < until:
        problems.append(Problem(META_FILE, None, "checked", f"{show(checked)} is before events_until"))
    for key, value in meta.items():
        for text in _meta_strings(value):
            if found := schemas.internal_reference(text):
                problems.append(
                    Problem(
                        META_FILE,
                        None,
                        key,
                        f"{show(text)} refers to an internal document or editing convention "
                        f"({show(found)}); readers see this text, so state the fact and name its public source",
                    )
                )
    return problems
