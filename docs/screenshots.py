"""Remake the README pictures: drive the real app in headless Chromium and save one PNG per page.

python docs/screenshots.py                               # light, 1280 px: docs/screenshots/<page>.png
python docs/screenshots.py --dark --pages map            # docs/screenshots/map-dark.png
python docs/screenshots.py --width 390 --pages timeline  # a phone: docs/screenshots/timeline-390.png
python docs/screenshots.py --query country=BGR --out /tmp/shots   # a filtered view, kept out of the repo

Each picture is the page from its top to its end, cut at --max-height pixels so a README
picture stays under ~400 KB. Colours are kept exactly (no palette reduction): they carry meaning.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PIL import Image

from dashboard.registry import BY_KEY, PAGES
from tests.browser import chromium, streamlit_server, wait_ready

SETTLED = """() => document.querySelectorAll('[data-testid^="stSkeleton"]').length === 0
    && [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].every(c => c.querySelector('.main-svg'))
    && [...document.querySelectorAll('[data-testid="stDeckGlJsonChart"]')].every(c => c.querySelector('canvas'))"""
# The page scrolls inside stMain, not the document, so a "full page" screenshot needs its height.
PAGE_HEIGHT = """() => Math.max(
    document.querySelector('[data-testid="stMain"]').scrollHeight,
    document.querySelector('[data-testid="stSidebar"][aria-expanded="true"] [data-testid="stSidebarContent"]')
        ?.scrollHeight ?? 0)"""
TWO_FRAMES = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


def settle(page: Any) -> None:
    """Wait until no lazy element shows its loading skeleton and every chart and map has drawn."""
    page.wait_for_function(SETTLED, timeout=30_000)


def shoot(page: Any, path: Path, width: int, height: int, max_height: int) -> None:
    """Grow the window to the page's height (capped), take the picture, store it compressed."""
    full = min(max(int(page.evaluate(PAGE_HEIGHT)), height), max_height)
    page.set_viewport_size({"width": width, "height": full})
    page.evaluate(TWO_FRAMES)
    settle(page)
    page.screenshot(path=str(path))
    page.set_viewport_size({"width": width, "height": height})
    with Image.open(path) as picture:
        picture.load()
    picture.convert("RGB").save(path, optimize=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--width", type=int, default=1280, help="window width in CSS pixels")
    parser.add_argument("--height", type=int, default=900, help="window height while the page loads")
    parser.add_argument("--max-height", type=int, default=1600, help="cut longer pages at this height")
    parser.add_argument("--dark", action="store_true", help="the browser asks for the dark theme")
    parser.add_argument("--query", default="", help="query string, e.g. country=BGR")
    parser.add_argument("--pages", nargs="+", choices=list(BY_KEY), default=[p.key for p in PAGES])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    suffix = ("-dark" if args.dark else "") + (f"-{args.width}" if args.width != 1280 else "")
    with (
        streamlit_server() as base,
        chromium(width=args.width, height=args.height, dark=args.dark) as page,
    ):
        for key in args.pages:
            spec = BY_KEY[key]
            page.goto(f"{base}/{spec.url_path}" + (f"?{args.query}" if args.query else ""))
            wait_ready(page, spec.heading)
            settle(page)
            path = args.out / f"{spec.key}{suffix}.png"
            shoot(page, path, args.width, args.height, args.max_height)
            print(f"{path} ({path.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
