"""A problem with a file, a line or a cell: the one shape every check reports in."""

from __future__ import annotations

import re
from dataclasses import dataclass

_SHOW_CHARS = 60
# C0 and C1 controls and DEL: a terminal would act on them (colours, cursor moves, a forged line).
_TERMINAL_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True, order=True)
class Problem:
    """One reason a record, a header or a file was rejected."""

    file: str
    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        """'file:line: column: message', with control characters shown as escapes (safe in a terminal)."""
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        text = f"{where}: {self.column}: {self.message}" if self.column else f"{where}: {self.message}"
        return _TERMINAL_CONTROLS.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), text)


def show(value: object) -> str:
    """A value quoted for a message: control characters escaped, long text shortened."""
    text = str(value)
    if len(text) > _SHOW_CHARS:
        text = text[:_SHOW_CHARS] + f"… ({len(str(value)):,} characters)"
    return repr(text)


def problem_order(problem: Problem) -> tuple[str, int, str]:
    """Problems by file, line (a whole-file problem first) and column."""
    return (problem.file, problem.line or 0, problem.column or "")
