"""Remake the README pictures: drive the real app in headless Chromium and save one PNG per page.

python docs/screenshots.py [--width 1280] [--dark] [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashboard.registry import PAGES
from tests.browser import chromium, streamlit_server, wait_ready


def settle(page: object) -> None:
    """Wait until no lazy element still shows its loading skeleton."""
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => document.querySelectorAll('[data-testid^=\"stSkeleton\"]').length === 0",
        timeout=30_000,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=1800)
    parser.add_argument("--dark", action="store_true")
    parser.add_argument("--query", default="", help="query string, e.g. country=BGR")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    suffix = ("-dark" if args.dark else "") + (f"-{args.width}" if args.width != 1280 else "")
    with streamlit_server() as base, chromium(width=args.width, height=args.height, dark=args.dark) as page:
        for spec in PAGES:
            page.goto(f"{base}/{spec.url_path}" + (f"?{args.query}" if args.query else ""))
            wait_ready(page, spec.heading)
            settle(page)
            path = args.out / f"{spec.key}{suffix}.png"
            page.screenshot(path=str(path), full_page=True)
            print(path)


if __name__ == "__main__":
    main()
