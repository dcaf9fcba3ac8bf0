"""Read a data package strictly: bytes in, validated tables and an account of every record out.

Nothing here guesses quietly. Only an empty cell is missing (`NA` is Namibia), a bad
header rejects the table, a bad cell rejects its row, and every rejection is a
`Problem` that names file, line, column and value. Records read = accepted + rejected.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pandera.pandas as pa

from dashboard import schemas
from dashboard.derived import Derived, derive
from dashboard.metadata import META_FILE, check_coverage, read_meta
from dashboard.problems import Problem, problem_order, show

__all__ = ["META_FILE", "Count", "Package", "Problem", "load_files", "load_folder", "problem_order", "show"]

MAX_FIELD_CHARS = 1_000_000
CHANGELOG_FILE = "CHANGELOG.md"
MAX_CHANGELOG_BYTES = 1_000_000

csv.field_size_limit(2**31 - 1)
# Byte-order marks, UTF-32's first: its little-endian mark begins with UTF-16's.
_MARKED_ENCODINGS = (
    ("utf-32", (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")),
    ("utf-16", (b"\xff\xfe", b"\xfe\xff")),
)


@dataclass(frozen=True)
class Count:
    """Records of one table: read = accepted + rejected."""

    read: int
    accepted: int
    rejected: int


@dataclass(frozen=True)
class Package:
    """A loaded data package: accepted rows per table, and everything that was not accepted."""

    label: str
    tables: Mapping[str, pd.DataFrame]
    counts: Mapping[str, Count]
    problems: tuple[Problem, ...]
    notices: tuple[str, ...] = ()
    meta: Mapping[str, Any] = field(default_factory=dict)
    changelog: str = ""
    omitted: int = 0  # problems found but not listed (at most MAX_LISTED are kept per file)
    derived: Derived = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "derived", derive(self.tables))

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def problem_count(self) -> int:
        """Every problem found, listed or not."""
        return len(self.problems) + self.omitted

    def summary(self) -> str:
        """One line: rows per table."""
        return ", ".join(f"{name} {count.accepted}" for name, count in self.counts.items())

    def accounting(self) -> str:
        """One line: records read, accepted and rejected over all tables."""
        read = sum(c.read for c in self.counts.values())
        accepted = sum(c.accepted for c in self.counts.values())
        rejected = sum(c.rejected for c in self.counts.values())
        return f"{read} records read = {accepted} accepted + {rejected} rejected"


SHOWN_PROBLEMS = 200


def problem_list(package: Package, limit: int = SHOWN_PROBLEMS) -> str:
    """The first `limit` problems, a line each, and one line that counts the rest."""
    lines = [str(p) for p in package.problems[:limit]]
    if (more := package.problem_count - len(lines)) > 0:
        lines.append(f"… and {more:,} more problems")
    return "\n".join(lines)


def decode(file: str, raw: bytes) -> tuple[str | None, list[Problem], list[str]]:
    """Turn bytes into text, or say clearly why they are not a CSV text file."""
    notices: list[str] = []
    if not raw.strip():
        return None, [Problem(file, None, None, "the file is empty")], notices
    if raw.startswith(b"PK\x03\x04"):
        kind = "an Excel .xlsx workbook" if b"xl/" in raw[:2000] else "a ZIP archive"
        return (
            None,
            [Problem(file, None, None, f"is {kind}, not CSV text; export it as CSV (UTF-8)")],
            notices,
        )
    if raw.startswith(b"\x1f\x8b"):
        return (
            None,
            [Problem(file, None, None, "is gzip-compressed, not CSV text; decompress it first")],
            notices,
        )
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        return (
            None,
            [
                Problem(
                    file, None, None, "is an old Excel/Office file, not CSV text; export it as CSV (UTF-8)"
                )
            ],
            notices,
        )
    # UTF-32's little-endian mark begins with UTF-16's, so it is tried first.
    for encoding, marks in _MARKED_ENCODINGS:
        if raw.startswith(marks):
            name = encoding.upper()
            try:
                return raw.decode(encoding), [], [f"{file}: read as {name} (it has a {name} byte-order mark)"]
            except UnicodeDecodeError as err:
                message = f"has a {name} byte-order mark but is not valid {name} ({err.reason})"
                return None, [Problem(file, None, None, message)], notices
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        return (
            None,
            [
                Problem(
                    file,
                    line,
                    None,
                    "contains NUL bytes: a binary file, or UTF-16 or UTF-32 without a byte-order mark; "
                    "save it as UTF-8 CSV",
                )
            ],
            notices,
        )
    try:
        return raw.decode("utf-8"), [], notices
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            return (
                None,
                [
                    Problem(
                        file,
                        line,
                        None,
                        f"is not UTF-8 (byte 0x{raw[err.start]:02x}) and not Windows-1252 either; save it as UTF-8",
                    )
                ],
                notices,
            )
        notices.append(
            f"{file}: not valid UTF-8 (line {line}), read as Windows-1252; check accented names and save it as UTF-8"
        )
        return text, [], notices


@dataclass
class _Parsed:
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


def parse_table(table: str, raw: bytes | None) -> tuple[_Parsed, list[str]]:
    """Parse and validate one table's bytes against its schema."""
    file = schemas.FILES[table]
    if raw is None:
        missing = (
            [] if table in schemas.OPTIONAL_TABLES else [Problem(file, None, None, "the file is missing")]
        )
        return _Parsed(None, 0, set(), missing, set()), []
    text, problems, notices = decode(file, raw)
    if text is None:
        return _Parsed(None, 0, set(), problems, set()), notices
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
        return _Parsed(None, read, rejected, problems, set()), notices
    if header_problems:
        problems.extend(header_problems)
        return _Parsed(None, read, rejected, problems, set(), unchecked=unchecked), notices
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
    listed, omitted = _listed(cell_problems)
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
    return _Parsed(frame, read, rejected, problems, all_ids, complete, unchecked, omitted), notices


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


def _listed(problems: list[Problem]) -> tuple[list[Problem], int]:
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


def _check_references(parsed: Mapping[str, _Parsed]) -> list[Problem]:
    problems: list[Problem] = []
    for ref in schemas.REFERENCES:
        source, target = parsed[ref.table], parsed[ref.target]
        if source.frame is None or ref.column not in source.frame.columns:
            continue
        if target.frame is None or not target.complete:
            continue  # the target table could not be read in full: its ids are unknown
        known = target.all_ids
        file = schemas.FILES[ref.table]
        target_file = schemas.FILES[ref.target]
        target_column = schemas.ID_COLUMNS[ref.target]
        for line, value in source.frame[ref.column].dropna().items():
            parts = str(value).split(ref.separator) if ref.separator else [str(value)]
            missing = [p for p in parts if p not in known]
            if missing:
                names = ", ".join(show(m) for m in missing)
                problems.append(
                    Problem(
                        file,
                        int(str(line)),
                        ref.column,
                        f"{names} not found in {target_file} ({target_column})",
                    )
                )
    return problems


def _check_answer_scope(parsed: Mapping[str, _Parsed]) -> list[Problem]:
    """An answer limited to some routes must name routes of the claim it answers."""
    events, routes = parsed["events"].frame, parsed["routes"].frame
    if events is None or routes is None or "answers_routes" not in events.columns:
        return []
    claim_of = dict(zip(routes["route_id"].tolist(), routes["event_id"].tolist(), strict=True))
    problems: list[Problem] = []
    for line, listed, answered in zip(
        events.index, events["answers_routes"].tolist(), events["responds_to"].tolist(), strict=True
    ):
        if not isinstance(listed, str) or not isinstance(answered, str):
            continue
        wrong = [r for r in listed.split(";") if r in claim_of and claim_of[r] != answered]
        if wrong:
            problems.append(
                Problem(
                    schemas.FILES["events"],
                    int(line),
                    "answers_routes",
                    f"{', '.join(show(r) for r in wrong)} put on the record by another statement than "
                    f"the one this event answers ({show(answered)}); list only that statement's routes",
                )
            )
    return problems


def _typed(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Convert validated text to dates and numbers; the index keeps the line numbers."""
    out = frame.copy()
    for column in schemas.all_columns(table):
        if column not in out.columns:
            out[column] = None
    out = out[schemas.all_columns(table)]
    for column in schemas.DATE_COLUMNS[table]:
        out[column] = pd.to_datetime(out[column], format="%Y-%m-%d")
    for column in schemas.NUMBER_COLUMNS.get(table, ()):
        out[column] = pd.to_numeric(out[column]).astype(float)
    return out


def load_files(files: Mapping[str, bytes | None], label: str) -> Package:
    """Load a package from the bytes of its files, keyed by file name (missing = None)."""
    parsed: dict[str, _Parsed] = {}
    notices: list[str] = []
    for table, file in schemas.FILES.items():
        parsed[table], table_notices = parse_table(table, files.get(file))
        notices.extend(table_notices)
    reference_problems = _check_references(parsed) + _check_answer_scope(parsed)
    for problem in reference_problems:
        table = problem.file.removesuffix(".csv")
        if problem.line is not None:
            parsed[table].rejected.add(problem.line)
    problems: list[Problem] = [p for t in parsed.values() for p in t.problems]
    omitted = sum(t.omitted for t in parsed.values())
    for file in schemas.FILES.values():
        listed, more = _listed([p for p in reference_problems if p.file == file])
        problems.extend(listed)
        omitted += more
    tables: dict[str, pd.DataFrame] = {}
    counts: dict[str, Count] = {}
    for table, result in parsed.items():
        if result.frame is None:
            frame = pd.DataFrame(columns=schemas.all_columns(table), dtype=object)
        else:
            frame = result.frame.loc[~result.frame.index.isin(result.rejected)]
        tables[table] = _typed(table, frame)
        counts[table] = Count(result.read, len(tables[table]), len(result.rejected) + result.unchecked)
    meta, meta_problems = read_meta(files.get(META_FILE))
    problems.extend(meta_problems + check_coverage(meta, tables["events"]))
    return Package(
        label,
        tables,
        counts,
        tuple(sorted(problems, key=problem_order)),
        tuple(notices),
        meta,
        omitted=omitted,
    )


def load_folder(folder: Path) -> Package:
    """Load the package in `folder` (missing files are reported, not raised)."""
    files: dict[str, bytes | None] = {}
    for name in [*schemas.FILES.values(), META_FILE]:
        path = folder / name
        try:
            files[name] = path.read_bytes() if path.is_file() else None
        except OSError as err:
            files[name] = None if name == META_FILE else b""
            if name != META_FILE:
                return _unreadable(folder, name, err)
    package = load_files(files, label=str(folder))
    return dataclasses.replace(package, changelog=_changelog(folder))


def _changelog(folder: Path) -> str:
    """The package's CHANGELOG.md as text ('' when there is none or it cannot be read as UTF-8)."""
    path = folder / CHANGELOG_FILE
    try:
        if not path.is_file() or path.stat().st_size > MAX_CHANGELOG_BYTES:
            return ""
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def _unreadable(folder: Path, name: str, err: OSError) -> Package:
    problem = Problem(name, None, None, f"cannot be read ({err.strerror or err})")
    empty = {t: _typed(t, pd.DataFrame(columns=schemas.all_columns(t), dtype=object)) for t in schemas.FILES}
    return Package(str(folder), empty, {t: Count(0, 0, 0) for t in schemas.FILES}, (problem,))
