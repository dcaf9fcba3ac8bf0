"""One table's bytes to checked rows: the text encoding, the header, each CSV record, and the schema.

Read in chunks, so junk after many good rows is found early, and stopped after MAX_REJECTED_ROWS
rejected records (saying where); at most MAX_LISTED problems are kept per file, the rest counted.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa

from dashboard import schemas
from dashboard.problems import Problem, problem_order, show

MAX_FIELD_CHARS = 1_000_000
csv.field_size_limit(2**31 - 1)
# Byte-order marks, UTF-32's first: its little-endian mark begins with UTF-16's.
_MARKED_ENCODINGS = (
    ("utf-32", (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")),
    ("utf-16", (b"\xff\xfe", b"\xfe\xff")),
)


_NOT_CSV = (  # a file's first bytes, and what they say it is instead of CSV text
    (b"\x1f\x8b", "is gzip-compressed, not CSV text; decompress it first"),
    (b"\xd0\xcf\x11\xe0", "is an old Excel/Office file, not CSV text; export it as CSV (UTF-8)"),
)
Decoded = tuple[str | None, list[Problem], list[str]]


def _refused(file: str, line: int | None, message: str) -> Decoded:
    return None, [Problem(file, line, None, message)], []


def decode(file: str, raw: bytes) -> Decoded:
    """Turn bytes into text, or say clearly why they are not a CSV text file."""
    if not raw.strip():
        return _refused(file, None, "the file is empty")
    if raw.startswith(b"PK\x03\x04"):
        kind = "an Excel .xlsx workbook" if b"xl/" in raw[:2000] else "a ZIP archive"
        return _refused(file, None, f"is {kind}, not CSV text; export it as CSV (UTF-8)")
    for start, message in _NOT_CSV:
        if raw.startswith(start):
            return _refused(file, None, message)
    # UTF-32's little-endian mark begins with UTF-16's, so it is tried first.
    for encoding, marks in _MARKED_ENCODINGS:
        if raw.startswith(marks):
            name = encoding.upper()
            try:
                return raw.decode(encoding), [], [f"{file}: read as {name} (it has a {name} byte-order mark)"]
            except UnicodeDecodeError as err:
                return _refused(
                    file, None, f"has a {name} byte-order mark but is not valid {name} ({err.reason})"
                )
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if b"\x00" in raw:
        return _refused(
            file,
            raw[: raw.index(b"\x00")].count(b"\n") + 1,
            "contains NUL bytes: a binary file, or UTF-16 or UTF-32 without a byte-order mark; save it as UTF-8 CSV",
        )
    try:
        return raw.decode("utf-8"), [], []
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            return _refused(
                file,
                line,
                f"is not UTF-8 (byte 0x{raw[err.start]:02x}) and not Windows-1252 either; save it as UTF-8",
            )
        notice = f"{file}: not valid UTF-8 (line {line}), read as Windows-1252; check accented names and save it as UTF-8"
        return text, [], [notice]


@dataclass
class Parsed:
    frame: pd.DataFrame | None
    read: int
    rejected: set[int]
    problems: list[Problem]
    all_ids: set[str]
    complete: bool = True
    unchecked: int = 0  # records read after checking stopped: counted as rejected, not kept
    omitted: int = 0  # problems found but not kept (more than MAX_LISTED)


def _check_header(file: str, table: str, header: list[str]) -> list[Problem]:
    problems: list[Problem] = []
    known = schemas.all_columns(table)
    if len(header) == 1 and (";" in header[0] or "\t" in header[0]):
        sep = "';'" if ";" in header[0] else "a tab"
        return [Problem(file, 1, None, f"uses {sep} between columns; this contract expects ',' (comma)")]
    seen: dict[str, int] = {}
    for position, name in enumerate(header, start=1):
        if not name.strip():
            problems.append(Problem(file, 1, f"(column {position})", "the column name is blank"))
        elif name in seen:
            problems.append(
                Problem(file, 1, name, f"the column name appears twice (columns {seen[name]} and {position})")
            )
        elif name not in known:
            hint = " (it has surrounding spaces)" if name.strip() in known else ""
            problems.append(
                Problem(file, 1, name, f"unknown column{hint}; the columns are: {', '.join(known)}")
            )
        seen.setdefault(name, position)
    for name in schemas.required_columns(table):
        if name not in header:
            problems.append(Problem(file, 1, name, "required column is missing"))
    return problems


def _records(file: str, text: str) -> Iterable[tuple[int, int, list[str]] | Problem]:
    """Yield (first line, last line, fields) per record, or a Problem where parsing must stop."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    last = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            yield Problem(
                file,
                last + 1,
                None,
                f"cannot be parsed as CSV ({err}); reading stopped here, likely an unterminated or stray quote",
            )
            return
        first, last = last + 1, reader.line_num
        if row:
            yield first, last, row


def parse_table(table: str, raw: bytes | None) -> tuple[Parsed, list[str]]:
    """Parse and validate one table's bytes against its schema."""
    file = schemas.FILES[table]
    if raw is None:
        missing = (
            [] if table in schemas.OPTIONAL_TABLES else [Problem(file, None, None, "the file is missing")]
        )
        return Parsed(None, 0, set(), missing, set()), []
    text, problems, notices = decode(file, raw)
    if text is None:
        return Parsed(None, 0, set(), problems, set()), notices
    header: list[str] | None = None
    header_problems: list[Problem] = []
    rows: list[list[str | None]] = []
    lines: list[int] = []
    read = unchecked = 0
    stopped_at: int | None = None
    rejected: set[int] = set()
    complete = True
    for item in _records(file, text):
        if isinstance(item, Problem):
            problems.append(item)
            complete = False
            break
        first, last, fields = item
        if header is None:
            header = fields
            header_problems = _check_header(file, table, header)
            continue
        read += 1
        if header_problems or stopped_at is not None:
            unchecked += 1  # counted, not kept: the table is rejected anyway
            continue
        row_problems = _row_shape(file, header, first, last, fields)
        if row_problems:
            problems.extend(row_problems)
            rejected.add(first)
            if len(rejected) >= MAX_REJECTED_ROWS:
                stopped_at = first
            continue
        rows.append([value if value != "" else None for value in fields])
        lines.append(first)
    if header is None:
        problems.append(Problem(file, None, None, "the file is empty"))
        return Parsed(None, read, rejected, problems, set()), notices
    if header_problems:
        problems.extend(header_problems)
        return Parsed(None, read, rejected, problems, set(), unchecked=unchecked), notices
    if read == 0 and not problems:
        # Not a problem: a download of a narrow selection has empty tables, and loads back.
        notices.append(f"{file}: has a header but no data rows; the pages show nothing from it")
    frame = pd.DataFrame(rows, columns=header, index=pd.Index(lines, name="line"), dtype=object)
    id_column = schemas.ID_COLUMNS[table]
    all_ids = {str(v) for v in frame[id_column].dropna()}
    # Validated a chunk at a time, so a file of junk stops early and its problems stay few.
    cell_problems: list[Problem] = []
    bad: set[int] = set()
    checked = 0
    size = CHUNK_ROWS
    while checked < len(frame) and stopped_at is None:
        found = validate_frame(table, frame.iloc[checked : checked + size])
        checked = min(checked + size, len(frame))
        size = min(2 * size, MAX_CHUNK_ROWS)  # chunks double: few calls for a large clean file
        cell_problems.extend(found)
        bad.update(p.line for p in found if p.line is not None)
        if len(rejected) + len(bad) >= MAX_REJECTED_ROWS and checked < len(frame):
            stopped_at = int(frame.index[checked])
    not_checked = unchecked + len(frame) - checked  # records from the stop on, read but never checked
    frame = frame.iloc[:checked]
    cell_problems += _repeated_ids(table, frame, cell_problems)
    bad.update(p.line for p in cell_problems if p.line is not None)
    rejected.update(bad)
    frame = frame.loc[~frame.index.isin(bad)]
    listed, omitted = keep_listed(cell_problems)
    problems.extend(listed)
    if stopped_at is not None:
        bad_records = len(rejected)
        rejected.update(lines)  # the table is rejected: no row it kept is accepted
        frame = frame.iloc[:0]
        complete = False
        problems.append(  # about the whole file (no line), so it is listed first
            Problem(
                file,
                None,
                None,
                f"checking stopped at line {stopped_at:,} after {bad_records:,} rejected records: the table "
                f"is rejected, and the {not_checked:,} records from there on were not checked (is it the right "
                "file?)",
            )
        )
    return Parsed(frame, read, rejected, problems, all_ids, complete, unchecked, omitted), notices


MAX_REJECTED_ROWS = 1_000  # a table stops being checked after this many rejected records
MAX_LISTED = 2_000  # problems kept per file; the rest are counted
CHUNK_ROWS = 1_000  # the first chunk; junk after N good rows is found within about 2N more
MAX_CHUNK_ROWS = 64_000


def _repeated_ids(table: str, frame: pd.DataFrame, found: list[Problem]) -> list[Problem]:
    """Ids repeated across chunks (each chunk's schema check sees only its own rows)."""
    if len(frame) <= CHUNK_ROWS:
        return []
    file, column = schemas.FILES[table], schemas.ID_COLUMNS[table]
    if column not in schemas.UNIQUE_COLUMNS[table]:
        return []
    known = {p.line for p in found if p.column == column and p.message.endswith(schemas.REPEATED_ID)}
    values = frame[column]
    repeated = values.notna() & values.duplicated(keep="first")
    lines: list[int] = values.index[repeated.to_numpy()].tolist()
    return [
        Problem(file, line, column, f"{show(value)} {schemas.REPEATED_ID}")
        for line, value in zip(lines, values[repeated].tolist(), strict=True)
        if line not in known
    ]


def keep_listed(problems: list[Problem]) -> tuple[list[Problem], int]:
    """At most MAX_LISTED problems, first by line, and how many more there were."""
    if len(problems) <= MAX_LISTED:
        return problems, 0
    return sorted(problems, key=problem_order)[:MAX_LISTED], len(problems) - MAX_LISTED


def _row_shape(file: str, header: list[str], first: int, last: int, fields: list[str]) -> list[Problem]:
    if len(fields) != len(header):
        return [Problem(file, first, None, f"has {len(fields)} fields but the header has {len(header)}")]
    problems = []
    for name, value in zip(header, fields, strict=True):
        if len(value) > MAX_FIELD_CHARS:
            problems.append(
                Problem(
                    file,
                    first,
                    name,
                    f"the value is {len(value):,} characters long; the limit is {MAX_FIELD_CHARS:,}",
                )
            )
        elif "\n" in value or "\r" in value:
            problems.append(
                Problem(
                    file,
                    first,
                    name,
                    f"{show(value)} contains a line break (lines {first}-{last}); a stray quote may have merged lines",
                )
            )
    return problems


def validate_frame(table: str, frame: pd.DataFrame) -> list[Problem]:
    """Cell and row problems of a frame of text cells whose index holds line numbers."""
    file = schemas.FILES[table]
    problems: list[Problem] = []
    try:
        schemas.SCHEMAS[table].validate(frame, lazy=True)
    except pa.errors.SchemaErrors as err:
        for case in err.failure_cases.itertuples(index=False):
            line = int(case.index) if pd.notna(case.index) else None
            column = None if pd.isna(case.column) else str(case.column)
            if case.check == "not_nullable":
                message = "a value is required; the cell is empty"
            else:
                message = f"{show(case.failure_case)} {case.check}"
            problems.append(Problem(file, line, column, message))
    rules = [r for r in schemas.ROW_RULES if r.table == table and r.column in frame.columns]
    records: list[dict[str, str | None]] = frame.to_dict("records") if rules else []  # type: ignore[assignment]
    for rule in rules:
        for line, row in zip(frame.index, records, strict=True):
            if not rule.ok(row):
                value = row.get(rule.column)
                prefix = "" if value is None else f"{show(value)} "
                problems.append(Problem(file, int(line), rule.column, prefix + rule.message))
    return problems
