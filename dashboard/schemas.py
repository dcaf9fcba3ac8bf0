"""The data contract: one declared pandera schema per table, plus the cross-table rules.

Every cell arrives as text (an empty cell is missing, nothing else is), so the
schemas check text; `data.py` converts dates and numbers only after they pass.
The data dictionary in `data/README.md` is generated from these declarations.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

import pandas as pd
import pandera.pandas as pa

SOURCE_KINDS = ("original", "copy", "mirror", "translation", "secondary")
TITLE_STATUSES = ("headline", "reconstructed")
PRECISIONS = ("day", "approximate", "month", "year")
EVENT_KINDS = (
    "allegation",
    "denial",
    "confirmation",
    "acknowledgement",
    "report",
    "official_statement",
    "leak",
    "policy",
)
CONFIDENCE = ("high", "medium", "low")
ROUTE_STATUSES = ("alleged", "reported", "documented", "denied")
UNITS = ("EUR", "USD", "count", "ratio", "people")
BASES = (
    "estimate",
    "licence",
    "realized",
    "projection",
    "conversion",
    "allegation",
    "statement",
)
COUNTRY_KINDS = ("country", "region")

STATUS_MEANINGS = {
    "alleged": "claimed by one party (e.g. the SVR) with no independent evidence published",
    "reported": "reported by independent media on the basis of sources or documents they describe",
    "documented": "shown by published primary documents (permits, customs or trade records)",
    "denied": "the claim has been denied and no source in the data supports it",
}
KIND_MEANINGS = {
    "allegation": "a claim that ammunition went where it should not, made by a party to the story (e.g. the SVR)",
    "denial": "a statement that rejects a claim, in whole or in part",
    "confirmation": "a statement by someone in a position to know that confirms the claim itself: "
    "that Serbian ammunition reached Ukraine through the route or intermediaries named",
    "acknowledgement": "a statement that accepts part of a claim without confirming it: a figure, a "
    "possibility, or that talks took place",
    "report": "a report by media or researchers on the basis of sources or documents they describe",
    "official_statement": "another statement by an official or an organisation",
    "leak": "a leaked document, as reported",
    "policy": "a government decision or act",
}
SOURCE_KIND_MEANINGS = {
    "original": "the outlet's own text",
    "copy": "a syndicated copy of another outlet's or agency's text",
    "mirror": "a copy of another outlet's text on a site that republishes it",
    "translation": "a translation of another outlet's text",
    "secondary": "the outlet's own report of what another outlet published",
}
ANSWER_RULE = (
    "An answer is shown under a route when it answers the statement that put the route on the "
    "record. When it answers only some of that statement's routes (e.g. a firm in one transit "
    "country denying its part), the data lists those routes and the answer is shown under them "
    "alone; otherwise it concerns the whole statement and is shown under every route the "
    "statement named."
)
CONFIDENCE_MEANINGS = {
    "high": "several independent reports agree",
    "medium": "one good report, or a small conflict between reports",
    "low": "a single weak source; shown only with its confidence visible",
}

VOCABULARY_PREFIX = "is not one of: "
CODE_RE = re.compile(r"[A-Z]{3}")
ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,31}")
NUMBER_RE = re.compile(r"-?\d+(\.\d+)?")
DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Text a reader cannot follow: an editor's document, its sections and items, or the data's own column
# names and editing conventions (a name in braces is a template, not a reference). Notes state the fact and
# name the public source instead.
INTERNAL_REFERENCE = re.compile(
    r"§\s*\d+\s+items?\b|\bthe brief\b|\bbrief's\b|data-brief|shared/|(?<![{\w])(?:responds_to|event_id|"
    r"source_id|also_source_ids|actor_country|derived_from|date_precision|answers_routes|route_id|figure_id)(?![}\w])",
    re.IGNORECASE,
)
# Every match of INTERNAL_REFERENCE contains one of these (case-folded).
_INTERNAL_TOKENS = (
    "§",
    "brief",
    "shared/",
    "responds_to",
    "event_id",
    "source_id",
    "actor_country",
    "derived_from",
    "date_precision",
    "answers_routes",
    "route_id",
    "figure_id",
)
BARE_HOST = re.compile(r"[a-z0-9-]+(\.[a-z0-9-]+)+")


def is_iso_date(text: str) -> bool:
    """Whether `text` is a real calendar date written YYYY-MM-DD."""
    if not DATE_RE.fullmatch(text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


_SPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f]")


def is_http_url(text: str) -> bool:
    """Whether `text` is an absolute http(s) URL with a host and no spaces or controls."""
    if _SPACE_OR_CONTROL.search(text):
        return False
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc) and text.startswith(parts.scheme)


def internal_reference(text: str) -> str | None:
    """The first words of `text` that point at an internal document or convention, if any."""
    found = INTERNAL_REFERENCE.search(text)
    return found.group(0) if found else None


def _elementwise(predicate: Callable[[str], bool], error: str) -> pa.Check:
    """A check applied to every non-empty cell; `error` follows the quoted value."""

    def run(series: pd.Series) -> pd.Series:
        return series.map(predicate).astype(bool)

    return pa.Check(run, error=error)


# The span of dates and the size of numbers the contract admits: every page can draw anything inside
# them (a date in 9024, a typo for 2024, overflowed the charts' date arithmetic).
FIRST_DATE, LAST_DATE = "1900-01-01", "2100-12-31"
MAX_MAGNITUDE = 10**15
MAX_DIGITS = 24


def in_span(text: str) -> bool:
    """Whether a valid date lies between FIRST_DATE and LAST_DATE."""
    return FIRST_DATE <= text <= LAST_DATE


def date_check() -> list[pa.Check]:
    return [
        _elementwise(is_iso_date, "is not a valid date (YYYY-MM-DD)"),
        _elementwise(
            lambda v: not is_iso_date(v) or in_span(v),
            f"is outside the dates this contract admits ({FIRST_DATE} to {LAST_DATE}); check the year",
        ),
    ]


def vocabulary(values: tuple[str, ...]) -> pa.Check:
    allowed = frozenset(values)
    return _elementwise(lambda v: v in allowed, VOCABULARY_PREFIX + ", ".join(values))


def id_check() -> pa.Check:
    return _elementwise(
        lambda v: ID_RE.fullmatch(v) is not None,
        "is not a valid id (letters, digits, '_', '.', '-'; at most 32 characters)",
    )


REPEATED_ID = "repeats an id used on an earlier line"


def unique_check() -> pa.Check:
    def run(series: pd.Series) -> pd.Series:
        return ~series.duplicated(keep="first")

    return pa.Check(run, error=REPEATED_ID)


def code_check() -> pa.Check:
    return _elementwise(
        lambda v: CODE_RE.fullmatch(v) is not None,
        "is not a three-letter upper-case code (ISO 3166-1 alpha-3, or X.. for a region)",
    )


def code_list_check(separator: str, minimum: int) -> pa.Check:
    def ok(value: str) -> bool:
        parts = value.split(separator)
        return len(parts) >= minimum and all(CODE_RE.fullmatch(p) for p in parts)

    if minimum > 1:
        error = (
            f"is not a path of at least {minimum} country codes joined by '{separator}' (e.g. SRB>CZE>UKR)"
        )
    else:
        error = f"is not a list of three-letter country codes separated by '{separator}'"
    return _elementwise(ok, error)


MAX_SIGNIFICANT = 15  # any decimal of 15 significant digits survives a float exactly (DBL_DIG)


def _digits(value: str) -> int:
    return sum(c.isdigit() for c in value)


def _significant(value: str) -> int:
    """Digits from the first non-zero one to the last: '0.000120' has 2, '409050000' has 5."""
    return len("".join(c for c in value if c.isdigit()).strip("0"))


def number_check(low: float | None = None, high: float | None = None) -> list[pa.Check]:
    def ok(value: str) -> bool:
        if NUMBER_RE.fullmatch(value) is None or _digits(value) > MAX_DIGITS:
            return True  # reported by the next check
        number = float(value)
        return (low is None or number >= low) and (high is None or number <= high)

    def plain(value: str) -> bool:
        return NUMBER_RE.fullmatch(value) is not None

    def sized(value: str) -> bool:
        return not plain(value) or (
            _digits(value) <= MAX_DIGITS
            and _significant(value) <= MAX_SIGNIFICANT
            and abs(float(value)) <= MAX_MAGNITUDE
        )

    checks = [
        _elementwise(plain, "is not a plain number (digits, '.' for decimals, no thousands separators)"),
        _elementwise(
            sized,
            f"is beyond what this contract admits (at most {MAX_DIGITS} digits, {MAX_SIGNIFICANT} of them "
            f"significant, and a magnitude of {MAX_MAGNITUDE:,}); check for a typo",
        ),
    ]
    if low is not None:
        checks.append(_elementwise(ok, f"is not a plain number from {low:g} to {high:g}"))
    return checks


def readers_text() -> pa.Check:
    """Text shown to readers: no pointer to an internal document, section or editing convention."""

    def run(series: pd.Series) -> pd.Series:
        cells = series.tolist()
        # A plain substring scan of the whole column finds whether any cell needs the full pattern
        # (almost never); the pattern itself takes seconds over a large column.
        text = "\n".join(v for v in cells if isinstance(v, str)).casefold()
        if not any(token in text for token in _INTERNAL_TOKENS):
            return pd.Series(True, index=series.index)
        return series.map(lambda v: internal_reference(v) is None).astype(bool)

    return pa.Check(
        run,
        error="refers to an internal document or editing convention (e.g. '§4 item 2', 'the brief', a column "
        "name); state the fact or conflict in plain words and name its public source",
    )


def outlet_check() -> pa.Check:
    return _elementwise(
        lambda v: BARE_HOST.fullmatch(v) is None,
        "is a bare host name, not an outlet; name the outlet, or describe the site "
        "(e.g. 'an unnamed mirror site') and keep the address in url",
    )


def url_check() -> pa.Check:
    return _elementwise(is_http_url, "is not an absolute http:// or https:// URL")


def _col(
    description: str,
    *checks: pa.Check | list[pa.Check],
    required: bool = True,
    nullable: bool = False,
    unique: bool = False,
) -> pa.Column:
    """A text column. `required`: the header must have it; `nullable`: cells may be empty."""
    flat = [c for item in checks for c in (item if isinstance(item, list) else [item])]
    all_checks = flat + ([unique_check()] if unique else [])
    return pa.Column(
        object,
        checks=all_checks,
        nullable=nullable,
        required=required,
        description=description,
    )


SOURCES = pa.DataFrameSchema(
    {
        "source_id": _col("Unique id of the source, e.g. S01.", id_check(), unique=True),
        "publisher": _col(
            "The outlet that published the page at `url` (never a bare host name).",
            outlet_check(),
            readers_text(),
        ),
        "title": _col(
            "Title of the page: its own headline, or a reconstruction (see `title_status`).", readers_text()
        ),
        "title_status": _col(
            "headline: the page's own headline, checked against a copy of the page; reconstructed: "
            "the headline was not retrieved and the title is made from the address or a description "
            "(the pages say 'title not retrieved'). Empty counts as reconstructed.",
            vocabulary(TITLE_STATUSES),
            required=False,
            nullable=True,
        ),
        "url": _col("Absolute http(s) address of the page, as found.", url_check()),
        "published": _col(
            "Publication date, YYYY-MM-DD; empty when not recorded.",
            date_check(),
            nullable=True,
        ),
        "published_precision": _col(
            "How much of `published` is known: day, approximate (about that day), month or year.",
            vocabulary(PRECISIONS),
            required=False,
            nullable=True,
        ),
        "kind": _col(
            "original; a syndicated copy, a mirror or a translation of another outlet's text; or "
            "secondary, the outlet's own report of what another outlet published.",
            vocabulary(SOURCE_KINDS),
        ),
        "original_publisher": _col(
            "Who wrote the text (or first published the story, for secondary) when this is not an original.",
            outlet_check(),
            readers_text(),
            nullable=True,
        ),
        "note": _col("Caveats about the source, for readers.", readers_text(), required=False, nullable=True),
    },
    strict=True,
    name="sources",
    description="Every public source a row cites.",
)

EVENTS = pa.DataFrameSchema(
    {
        "event_id": _col("Unique id of the event, e.g. E23.", id_check(), unique=True),
        "date": _col("Date of the statement or event, YYYY-MM-DD.", date_check()),
        "date_precision": _col(
            "How much of `date` is known: day, approximate (about that day), month (day set to 01) or year.",
            vocabulary(PRECISIONS),
        ),
        "actor": _col("Who made the statement or did the act.", readers_text()),
        "actor_country": _col(
            "Country of the actor (a code of countries.csv).",
            code_check(),
        ),
        "kind": _col("What kind of statement or event.", vocabulary(EVENT_KINDS)),
        "summary": _col("Neutral summary in the project's own words.", readers_text()),
        "countries": _col(
            "Codes of the countries the event concerns, separated by ';'.",
            code_list_check(";", 1),
        ),
        "confidence": _col("How well the event is sourced.", vocabulary(CONFIDENCE)),
        "source_id": _col("The primary source (sources.csv).", id_check()),
        "also_source_ids": _col(
            "Other sources that carry the event, ids separated by ';'.",
            required=False,
            nullable=True,
        ),
        "responds_to": _col(
            "The event this one answers (events.csv); empty when it answers none.",
            id_check(),
            nullable=True,
        ),
        "answers_routes": _col(
            "When the event answers only some routes of the claim in `responds_to` (e.g. a firm in one "
            "transit country): those routes (routes.csv), separated by ';'. Empty: it concerns the whole "
            "claim, and is shown under every route the claim named.",
            required=False,
            nullable=True,
        ),
        "note": _col(
            "Conflicts between sources (dates, translations) and caveats, in plain words, naming the source.",
            readers_text(),
            required=False,
            nullable=True,
        ),
        "key_moment": _col(
            "A short label when the event is a key moment of the story, drawn as a reference mark "
            "on the timeline; empty otherwise.",
            readers_text(),
            required=False,
            nullable=True,
        ),
    },
    strict=True,
    name="events",
    description="The statement timeline: one row per statement, report, leak or policy act.",
)

ROUTES = pa.DataFrameSchema(
    {
        "route_id": _col("Unique id of the route claim, e.g. R1.", id_check(), unique=True),
        "path": _col(
            "Country codes from origin through transit to destination, joined by '>'.",
            code_list_check(">", 2),
        ),
        "status": _col("How far the route is evidenced.", vocabulary(ROUTE_STATUSES)),
        "claimant": _col("Who put the route on the record.", readers_text()),
        "event_id": _col("The claim that put it on the record (events.csv).", id_check()),
        "first_reported": _col("When the route was first reported, YYYY-MM-DD.", date_check()),
        "first_reported_precision": _col(
            "How much of `first_reported` is known: day, approximate, month or year.",
            vocabulary(PRECISIONS),
            required=False,
            nullable=True,
        ),
        "source_id": _col("The source of the claim (sources.csv).", id_check()),
        "goods": _col("What allegedly moved along the route.", readers_text(), required=False, nullable=True),
        "note": _col("Denials, caveats and inferences, for readers.", readers_text(), nullable=True),
    },
    strict=True,
    name="routes",
    description="Alleged and reported transit routes, one row per claim.",
)

FIGURES = pa.DataFrameSchema(
    {
        "figure_id": _col("Unique id of the figure, e.g. F01.", id_check(), unique=True),
        "metric": _col("What the number measures.", readers_text()),
        "value": _col(
            "The number in full units (EUR 800 million is 800000000); empty when the source "
            "gives only words.",
            number_check(),
            nullable=True,
        ),
        "value_text": _col(
            "The figure as published, with its wording ('~' about, '>' more than).",
            readers_text(),
            required=False,
            nullable=True,
        ),
        "unit": _col("Unit of `value`.", vocabulary(UNITS)),
        "period_start": _col(
            "First day the figure covers, YYYY-MM-DD; empty when unspecified.",
            date_check(),
            nullable=True,
        ),
        "period_end": _col(
            "Last day the figure covers, YYYY-MM-DD; empty when unspecified.",
            date_check(),
            nullable=True,
        ),
        "exporter": _col("Exporting country (countries.csv).", code_check()),
        "destination": _col(
            "Destination country; empty means all destinations.", code_check(), nullable=True
        ),
        "basis": _col("What kind of number this is.", vocabulary(BASES)),
        "derived_from": _col(
            "The figure this one converts or restates (figures.csv).",
            id_check(),
            nullable=True,
        ),
        "source_id": _col("The source of the figure (sources.csv).", id_check()),
        "published": _col(
            "When the source published the figure, YYYY-MM-DD.",
            date_check(),
            required=False,
            nullable=True,
        ),
        "note": _col("Caveats, lineage and conflicts, for readers.", readers_text(), nullable=True),
    },
    strict=True,
    name="figures",
    description="Export values, volumes and other numbers, each with its basis.",
)

COUNTRIES = pa.DataFrameSchema(
    {
        "code": _col(
            "ISO 3166-1 alpha-3 code, or an X-prefixed code for a place that is not one country.",
            code_check(),
            unique=True,
        ),
        "name": _col("Name as shown to readers."),
        "lat": _col(
            "Latitude of the capital; empty when the place has no location.",
            number_check(-90, 90),
            nullable=True,
        ),
        "lon": _col(
            "Longitude of the capital; empty when the place has no location.",
            number_check(-180, 180),
            nullable=True,
        ),
        "kind": _col("country, or region for a place that is not one country.", vocabulary(COUNTRY_KINDS)),
    },
    strict=True,
    name="countries",
    description="Every country or region code used in the other tables.",
)

RATES = pa.DataFrameSchema(
    {
        "year": _col(
            "Calendar year the rate averages, YYYY.",
            _elementwise(lambda v: re.fullmatch(r"(19|20)\d\d", v) is not None, "is not a year (YYYY)"),
        ),
        "base": _col("Currency converted from.", vocabulary(("EUR", "USD"))),
        "quote": _col("Currency converted to.", vocabulary(("EUR", "USD"))),
        "rate": _col("Units of `quote` for one unit of `base`.", number_check(0, 1000)),
        "method": _col("How the rate was computed, e.g. annual average of daily reference rates."),
        "source_id": _col("The publication of the rate (sources.csv).", id_check()),
        "note": _col("Caveats, for readers.", readers_text(), required=False, nullable=True),
    },
    strict=True,
    name="rates",
    description=(
        "Optional: annual exchange rates the Exports page uses to show a figure in another currency. "
        "A converted value is always labelled as converted."
    ),
)

SCHEMAS: dict[str, pa.DataFrameSchema] = {
    "sources": SOURCES,
    "events": EVENTS,
    "routes": ROUTES,
    "figures": FIGURES,
    "countries": COUNTRIES,
    "rates": RATES,
}
OPTIONAL_TABLES = frozenset({"rates"})
UNIQUE_COLUMNS = {
    table: frozenset(
        name for name, column in schema.columns.items() if any(c.error == REPEATED_ID for c in column.checks)
    )
    for table, schema in SCHEMAS.items()
}
FILES = {name: f"{name}.csv" for name in SCHEMAS}
ID_COLUMNS = {
    "sources": "source_id",
    "events": "event_id",
    "routes": "route_id",
    "figures": "figure_id",
    "countries": "code",
    "rates": "year",
}
DATE_COLUMNS = {
    "sources": ("published",),
    "events": ("date",),
    "routes": ("first_reported",),
    "figures": ("period_start", "period_end", "published"),
    "countries": (),
    "rates": (),
}
NUMBER_COLUMNS = {"figures": ("value",), "countries": ("lat", "lon"), "rates": ("rate",)}


@dataclass(frozen=True)
class Reference:
    """`table.column` must name ids of `target`; `separator` splits a list of them."""

    table: str
    column: str
    target: str
    separator: str | None = None


REFERENCES = (
    Reference("events", "source_id", "sources"),
    Reference("events", "also_source_ids", "sources", ";"),
    Reference("events", "responds_to", "events"),
    Reference("events", "actor_country", "countries"),
    Reference("events", "countries", "countries", ";"),
    Reference("events", "answers_routes", "routes", ";"),
    Reference("routes", "path", "countries", ">"),
    Reference("routes", "event_id", "events"),
    Reference("routes", "source_id", "sources"),
    Reference("figures", "derived_from", "figures"),
    Reference("figures", "source_id", "sources"),
    Reference("figures", "exporter", "countries"),
    Reference("figures", "destination", "countries"),
    Reference("rates", "source_id", "sources"),
)


@dataclass(frozen=True)
class RowRule:
    """A rule across the columns of one row; `ok` gets the row as a dict of text or None."""

    table: str
    column: str
    ok: Callable[[dict[str, str | None]], bool]
    message: str


def _not_before(start: str, end: str) -> Callable[[dict[str, str | None]], bool]:
    def ok(row: dict[str, str | None]) -> bool:
        first, last = row.get(start), row.get(end)
        return first is None or last is None or first <= last

    return ok


def _no_repeated_stop(path: str) -> bool:
    stops = path.split(">")
    return all(a != b for a, b in itertools.pairwise(stops))


ROW_RULES = (
    RowRule(
        "figures",
        "derived_from",
        lambda r: r.get("basis") != "conversion" or r.get("derived_from") is not None,
        "a conversion must name the figure it converts",
    ),
    RowRule(
        "figures",
        "value",
        lambda r: r.get("value") is not None or r.get("value_text") is not None,
        "is empty and so is value_text: a figure needs a number or its published wording",
    ),
    RowRule(
        "figures",
        "period_end",
        _not_before("period_start", "period_end"),
        "is before period_start",
    ),
    RowRule(
        "events",
        "responds_to",
        lambda r: r.get("responds_to") != r.get("event_id"),
        "an event cannot answer itself",
    ),
    RowRule(
        "events",
        "answers_routes",
        lambda r: r.get("answers_routes") is None or r.get("responds_to") is not None,
        "names routes but responds_to is empty: an answer to some routes must name the claim it answers",
    ),
    RowRule(
        "rates",
        "quote",
        lambda r: r.get("base") != r.get("quote"),
        "must differ from base",
    ),
    RowRule(
        "countries",
        "lat",
        lambda r: (r.get("lat") is None) == (r.get("lon") is None),
        "lat and lon must both be given or both be empty",
    ),
    RowRule(
        "routes",
        "path",
        lambda r: _no_repeated_stop(r.get("path") or ""),
        "names the same country twice in a row",
    ),
)


def required_columns(table: str) -> list[str]:
    """The columns a file of `table` must have, in declared order."""
    return [name for name, col in SCHEMAS[table].columns.items() if col.required]


def all_columns(table: str) -> list[str]:
    """Every column the contract knows for `table`, in declared order."""
    return list(SCHEMAS[table].columns)
