"""Read a data package strictly: bytes in, validated tables and an account of every record out.

Nothing here guesses quietly. Only an empty cell is missing (`NA` is Namibia), a bad
header rejects the table, a bad cell rejects its row, and every rejection is a
`Problem` that names file, line, column and value. Records read = accepted + rejected.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from dashboard import schemas
from dashboard.derived import Derived, derive
from dashboard.metadata import META_FILE, check_coverage, read_meta
from dashboard.parse import Parsed, keep_listed, parse_table
from dashboard.problems import Problem, problem_order, show

__all__ = ["META_FILE", "Count", "Package", "Problem", "load_files", "load_folder", "problem_order", "show"]

CHANGELOG_FILE = "CHANGELOG.md"
MAX_CHANGELOG_BYTES = 1_000_000


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


def _check_references(parsed: Mapping[str, Parsed]) -> list[Problem]:
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


def _check_answer_scope(parsed: Mapping[str, Parsed]) -> list[Problem]:
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
    parsed: dict[str, Parsed] = {}
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
        listed, more = keep_listed([p for p in reference_problems if p.file == file])
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
