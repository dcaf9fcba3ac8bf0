"""`python -m dashboard check [FOLDER]`: validate a data package; `docs`: regenerate the data dictionary."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dashboard import docs
from dashboard.data import load_folder
from dashboard.parse import MAX_LISTED
from dashboard.paths import data_dir


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m dashboard", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate a data package folder")
    check.add_argument(
        "folder", nargs="?", type=Path, help="data package folder (default: $DASHBOARD_DATA or data/)"
    )
    commands.add_parser("docs", help="rewrite the column tables in data/README.md from the schemas")
    return parser


def check(folder: Path) -> int:
    """Print every problem (exit 1) or a one-line summary (exit 0)."""
    if not folder.is_dir():
        print(f"error: {folder} is not a folder", file=sys.stderr)
        return 2
    package = load_folder(folder)
    for notice in package.notices:
        print(f"notice: {notice}", file=sys.stderr)
    if package.ok:
        print(f"OK {folder}: {package.summary()}")
        return 0
    for problem in package.problems:
        print(problem)
    if package.omitted:
        print(f"… and {package.omitted:,} more problems not listed (at most {MAX_LISTED:,} are kept a file)")
    count = package.problem_count
    print(f"{count} problem{'s' if count != 1 else ''}; {package.accounting()}", file=sys.stderr)
    return 1


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "docs":
            docs.write_readme()
            return 0
        return check(args.folder or data_dir())
    except Exception as err:
        print(f"error: could not check the package: {type(err).__name__}: {err}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
