"""The benchmark: every page against a reference page with the same elements, and data at scale.

    python bench/run.py            # full run, writes bench/RESULTS.md
    python bench/run.py --quick    # fewer repetitions, scale up to 100x (a smoke run)
    python bench/run.py --quick --only first_render,rerun --out /tmp/before.md   # a before/after pair

Every timing is a ratio to a baseline measured in the same run (machines here are noisy).
Needs Debian's Chromium (/usr/bin/chromium) and the dev requirements.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any, NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.generate import generate
from dashboard.data import load_folder
from dashboard.paths import DATA_DIR
from dashboard.registry import PAGES, PageSpec
from tests.browser import READY, chromium, streamlit_server, wait_ready

HERE = Path(__file__).resolve().parent
REFERENCE = str(HERE / "reference_app.py")
ELEMENTS = {
    "plotly": '[data-testid="stPlotlyChart"]',
    "deck": '[data-testid="stDeckGlJsonChart"]',
    "tables": '[data-testid="stDataFrame"], [data-testid="stTable"]',
}
DRAWN = {
    "plotly": '[data-testid="stPlotlyChart"] .main-svg',
    "deck": '[data-testid="stDeckGlJsonChart"] canvas',
    "tables": '[data-testid="stDataFrame"] canvas, [data-testid="stTable"] table',
}
# First render is also timed to "charts drawn": a table below the fold adds the same seconds to the
# page and its reference, which pulls the ratio toward 1. The target is set on that ratio.
CHARTS = ("plotly", "deck")
TARGET = 1.5
NO_SKELETONS = "() => document.querySelectorAll('[data-testid^=\"stSkeleton\"]').length === 0"


@dataclass
class Counts:
    plotly: int
    deck: int
    tables: int

    def query(self, widget: bool = False) -> str:
        return f"plotly={self.plotly}&deck={self.deck}&tables={self.tables}" + ("&widget=1" if widget else "")


def settled(page: Any, counts: Counts, timeout: float = 120_000, kinds: Iterable[str] = tuple(DRAWN)) -> None:
    """Script finished, no skeletons, and the page's elements of `kinds` (all by default) drawn."""
    page.wait_for_selector(READY, timeout=timeout)
    for name in kinds:
        needed = getattr(counts, name)
        if needed:
            page.wait_for_function(
                f"() => document.querySelectorAll('{DRAWN[name]}').length >= {needed}", timeout=timeout
            )
    page.wait_for_function(NO_SKELETONS, timeout=timeout)


def count_elements(page: Any) -> Counts:
    return Counts(*(page.locator(sel).count() for sel in ELEMENTS.values()))


# Each element and layout block in the page's main area, by kind (what `bench/reference_app.py` draws
# for `els=`): charts, maps and tables are counted by `count_elements`, and the page's title is left
# out because the reference draws one too.
INVENTORY = """() => {
    const main = document.querySelector('[data-testid="stMain"]');
    const kinds = {};
    const add = (kind) => { kinds[kind] = (kinds[kind] || 0) + 1; };
    const skip = new Set(['stPlotlyChart', 'stDeckGlJsonChart', 'stDataFrame', 'stTable', 'stFullScreenFrame']);
    let title = true;
    for (const box of main.querySelectorAll('[data-testid="stElementContainer"]')) {
        const el = box.firstElementChild;
        if (!el) continue;
        let kind = el.getAttribute('data-testid') || 'other';
        if (kind === 'stFullScreenFrame') {  // a chart, map, table or image under its toolbar
            const inner = el.querySelector('[data-testid="stPlotlyChart"], [data-testid="stDeckGlJsonChart"], [data-testid="stDataFrame"], [data-testid="stTable"]');
            kind = inner ? inner.getAttribute('data-testid') : el.querySelector('img') ? 'stImage' : kind;
        }
        if (skip.has(kind)) continue;
        if (kind === 'stHeading' && title && el.querySelector('h1')) { title = false; continue; }
        if (kind === 'stMarkdown' && el.querySelector('[data-testid="stCaptionContainer"]')) kind = 'stCaption';
        if (kind === 'stMarkdown' && el.querySelector('hr')) kind = 'stDivider';
        add(kind);
    }
    main.querySelectorAll('[data-testid="stExpander"]').forEach(() => add('stExpander'));
    main.querySelectorAll('[data-testid="stHorizontalBlock"]').forEach(() => add('stHorizontalBlock'));
    // Every vertical block but the main one and those a column or an expander holds.
    main.querySelectorAll('[data-testid="stVerticalBlock"]').forEach((b) => {
        const parent = b.parentElement && b.parentElement.closest('[data-testid]');
        const holder = parent ? parent.getAttribute('data-testid') : '';
        if (b.closest('[data-testid="stMain"]') && !['stMainBlockContainer', 'stColumn', 'stExpanderDetails'].includes(holder)
            && !(b.parentElement && b.parentElement.getAttribute('data-testid') === 'stMainBlockContainer')) add('stVerticalBlock');
    });
    return kinds;
}"""


def element_kinds(page: Any) -> dict[str, int]:
    """The page's other elements by kind (text, metrics, buttons, containers, …), for the matched reference."""
    kinds: dict[str, int] = page.evaluate(INVENTORY)
    return dict(sorted(kinds.items()))


def kinds_query(kinds: dict[str, int]) -> str:
    return ",".join(f"{kind}.{n}" for kind, n in kinds.items())


def kinds_text(kinds: dict[str, int]) -> str:
    return ", ".join(f"{n} {kind.removeprefix('st')}" for kind, n in kinds.items()) or "none"


def forward_message(payload: bytes | str) -> ForwardMsg | None:
    """A WebSocket frame from the server as Streamlit's ForwardMsg; None if it is not one."""
    if isinstance(payload, str):
        return None
    message = ForwardMsg()
    try:
        message.ParseFromString(payload)
    except Exception:
        return None
    return message


class DeckLayers:
    """The kinds of layers of the maps the server sends a tab, as `bench/reference_app.py` reads them:
    the deck.gl layer type, then `.dash` (dashed paths) or `.background` (text on a box).

    Not whether a layer is pickable: in the reference, pickable layers made a rerun take 0.85-1.09 s
    against 0.47-0.48 s without, while the app's pickable map took 0.48-0.51 s (bench/RESULTS.md,
    session 7); counting that would flatter the app."""

    def __init__(self, tab: Any) -> None:
        self.kinds: list[str] = []
        tab.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload: bytes | str) -> None:
        message = forward_message(payload)
        if message is None or message.WhichOneof("type") != "delta":
            return
        if message.delta.WhichOneof("type") != "new_element":
            return
        element = message.delta.new_element
        if element.WhichOneof("type") == "deck_gl_json_chart":
            self.kinds = [
                layer_kind(layer) for layer in json.loads(element.deck_gl_json_chart.json)["layers"]
            ]


def layer_kind(layer: dict[str, Any]) -> str:
    flags = [
        "dash" * any(e.get("dash") for e in layer.get("extensions", [])),
        "background" * bool(layer.get("background")),
    ]
    return ".".join([layer["@@type"], *(flag for flag in flags if flag)])


class Render(NamedTuple):
    """Median seconds of a first render until its charts and map are drawn, and until all is drawn."""

    charts: float
    settled: float


def first_render(base: str, path: str, counts: Counts, runs: int) -> Render:
    """Median seconds from navigation start until the charts are drawn and until the page is settled,
    both in the same loads (the second wait goes on from the first), each in a fresh context."""
    charts, times = [], []
    with chromium() as page:
        browser = page.context.browser
        for i in range(runs + 1):
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            tab = context.new_page()
            start = time.perf_counter()
            tab.goto(base + path)
            settled(tab, counts, kinds=CHARTS)
            drawn = time.perf_counter() - start
            settled(tab, counts)
            if i:  # the first run warms the server's caches and is not counted
                charts.append(drawn)
                times.append(time.perf_counter() - start)
            context.close()
    return Render(statistics.median(charts), statistics.median(times))


class ScriptRuns:
    """Times at which the server told this tab a script run finished (ForwardMsg script_finished)."""

    def __init__(self, tab: Any) -> None:
        self.finished: list[float] = []
        tab.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload: bytes | str) -> None:
        message = forward_message(payload)
        if message is not None and message.WhichOneof("type") == "script_finished":
            self.finished.append(time.perf_counter())

    def wait_after(self, tab: Any, start: float, timeout: float = 120.0) -> None:
        while not any(t > start for t in self.finished):
            if time.perf_counter() - start > timeout:
                raise TimeoutError("no script run finished")
            tab.wait_for_timeout(5)


def choose_country(tab: Any, runs: ScriptRuns, name: str, counts: Counts) -> float:
    """Seconds from picking `name` in the sidebar multiselect until the rerun finished and drew."""
    tab.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first.click()
    tab.keyboard.type(name)
    option = tab.get_by_role("option", name=name, exact=True)
    option.wait_for()
    start = time.perf_counter()
    option.click()
    runs.wait_after(tab, start)
    settled(tab, counts)
    return time.perf_counter() - start


# Countries of the bundled data (all in the reference page's list). A page is timed only with those
# picks after which it still draws all its charts, maps and tables (see `same_elements`). The app
# caches only the loaded package, not the views of a selection, so a repeated pick is no cache hit.
RERUN_COUNTRIES = (
    "Ukraine",
    "Serbia",
    "Czech Republic",
    "Bosnia and Herzegovina",
    "Bulgaria",
    "Turkey",
    "Poland",
)


def same_elements(base: str, spec: PageSpec, counts: Counts, codes: dict[str, str]) -> tuple[str, ...]:
    """The countries whose selection leaves the page with the same number of charts, maps and tables."""
    kept = []
    with chromium() as tab:
        for name in RERUN_COUNTRIES:
            tab.goto(f"{base}/{spec.url_path}?country={codes[name]}")
            wait_ready(tab, spec.heading)
            tab.wait_for_function(NO_SKELETONS)
            if count_elements(tab) == counts:
                kept.append(name)
    return tuple(kept)


def reruns(targets: list[str], counts: Counts, runs: int, names: tuple[str, ...]) -> list[float]:
    """Median seconds for a country pick to finish on each of `targets` (page URLs), each run from
    the page's default state. The targets take turns, one pick each per round, in one browser: a
    slow spell of a noisy machine then hits the app and its references alike."""
    times: list[list[float]] = [[] for _ in targets]
    with chromium() as first:
        tabs = [first] + [
            first.context.browser.new_context(viewport=first.viewport_size).new_page() for _ in targets[1:]
        ]
        finished = [ScriptRuns(tab) for tab in tabs]
        for i in range(runs + 1):
            for k, (tab, url) in enumerate(zip(tabs, targets, strict=True)):
                tab.goto(url)
                settled(tab, counts)
                seconds = choose_country(tab, finished[k], names[i % len(names)], counts)
                tab.goto("about:blank")  # an idle page (a map's render loop) must not run during the others
                if i:  # the first round warms the servers and is not counted
                    times[k].append(seconds)
    return [statistics.median(t) for t in times]


def rerun(base: str, path: str, counts: Counts, runs: int, names: tuple[str, ...]) -> float:
    """Median seconds for a country pick to finish on one page (see `reruns`)."""
    return reruns([base + path], counts, runs, names)[0]


def cold_start(entry: str, path: str, counts: Counts, env: dict[str, str] | None = None) -> float:
    """Seconds from launching the server until the first page is settled."""
    start = time.perf_counter()
    with streamlit_server(env=env, entrypoint=entry) as base, chromium() as tab:
        tab.goto(base + path)
        settled(tab, counts)
        return time.perf_counter() - start


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def page_bytes(base: str, spec: PageSpec) -> int:
    """Bytes the browser receives over the WebSocket for one page load, until its script finished."""
    received = [0]
    with chromium() as tab:
        tab.on(
            "websocket",
            lambda ws: ws.on("framereceived", lambda f: received.__setitem__(0, received[0] + len(f))),
        )
        tab.goto(f"{base}/{spec.url_path}")
        wait_ready(tab, spec.heading, timeout=600_000)
        return received[0]


def timed_child(code: str, env: dict[str, str]) -> tuple[float, float, str]:
    """Wall seconds and peak memory (MB) of a child Python process running `code`, and what it printed."""
    wrapped = (
        "import resource, sys\n"
        "try:\n" + "".join(f"    {line}\n" for line in code.splitlines()) + "finally:\n"
        "    print('PEAK', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
    )
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", wrapped], capture_output=True, text=True, env=env, check=False
    )
    seconds = time.perf_counter() - start
    peak = next((int(line.split()[1]) for line in result.stderr.splitlines() if line.startswith("PEAK ")), 0)
    printed = [line for line in (result.stdout + result.stderr).splitlines() if not line.startswith("PEAK ")]
    return seconds, peak / 1024, " ".join(printed).strip()


def machine() -> list[str]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor(),
    )
    memory = next(
        line.split(":", 1)[1].strip()
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    versions = ", ".join(
        f"{p} {metadata.version(p)}"
        for p in ("streamlit", "pandas", "plotly", "pydeck", "pandera", "playwright")
    )
    chromium_version = subprocess.run(
        ["/usr/bin/chromium", "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    return [
        f"- CPU: {cpu} ({os.cpu_count()} cores)",
        f"- Memory: {memory}",
        f"- Python {platform.python_version()} on {platform.platform()}",
        f"- {versions}",
        f"- {chromium_version}",
    ]


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def say(line: str) -> None:
    print(line, flush=True)


@dataclass
class Page:
    """What one of the app's pages draws, and the addresses of its references that draw the same."""

    spec: PageSpec
    counts: Counts
    others: dict[str, int]
    layers: list[str]

    @property
    def path(self) -> str:
        return "/" + self.spec.url_path

    @property
    def framed(self) -> str:
        return f"/?{self.counts.query()}&frame=1"

    @property
    def matched(self) -> str:
        return f"{self.framed}&els={kinds_query(self.others)}&layers={','.join(self.layers)}"

    def other_text(self) -> str:
        return kinds_text(self.others) + (f"; map layers {', '.join(self.layers)}" if self.layers else "")


def read_page(app: str, spec: PageSpec) -> Page:
    """The page's charts, maps and tables, its other elements and its map's layers, read from the app."""
    with chromium() as tab:
        layers = DeckLayers(tab)
        tab.goto(f"{app}/{spec.url_path}")
        wait_ready(tab, spec.heading)
        tab.wait_for_function(NO_SKELETONS)
        return Page(spec, count_elements(tab), element_kinds(tab), layers.kinds)


def study_first_render(app: str, ref: str, pages: list[Page], runs: int) -> list[str]:
    """Section 1: each page's first render against its plain, framed and matched references."""
    rows, missed = [], []
    for page in pages:
        counts = page.counts
        ours = first_render(app, page.path, counts, runs)
        theirs = first_render(ref, "/?" + counts.query(), counts, runs)
        framed = first_render(ref, page.framed, counts, runs).settled
        matched = first_render(ref, page.matched, counts, runs).settled
        ratio = ours.charts / theirs.charts
        if ratio > TARGET:
            missed.append(f"{page.spec.title} ({ratio:.2f}×)")
        rows.append(
            [
                page.spec.title,
                f"{counts.plotly}/{counts.deck}/{counts.tables}",
                f"{ours.settled:.2f}",
                f"{theirs.settled:.2f}",
                f"{ours.settled / theirs.settled:.2f}×",
                f"{framed:.2f}",
                f"{matched:.2f}",
                f"{ours.settled / matched:.2f}×",
                f"{ours.charts:.2f}",
                f"{theirs.charts:.2f}",
                f"**{ratio:.2f}×**",
            ]
        )
        say(
            f"first render {page.spec.key}: charts drawn {ours.charts:.2f}s vs {theirs.charts:.2f}s = "
            f"{ratio:.2f}x (target {TARGET}x: {'missed' if ratio > TARGET else 'met'}); all drawn "
            f"{ours.settled:.2f}s vs {theirs.settled:.2f}s = {ours.settled / theirs.settled:.2f}x; "
            f"with frame {framed:.2f}s; matched {matched:.2f}s = {ours.settled / matched:.2f}x"
        )
    header = ["page", "plotly/maps/tables", "app s", "reference s", "ratio", "reference + frame s"]
    header += ["matched reference s", "ratio to matched", "app s, charts drawn"]
    header += ["reference s, charts drawn", f"ratio, charts drawn (target {TARGET}×)"]
    verdict = "missed by " + ", ".join(missed) if missed else "met by every page"
    return [
        f"## 1. First render (median of {runs}, fresh browser context each)",
        "",
        FIRST_RENDER_TEXT,
        "",
        *table(header, rows),
        "",
        f"Target {TARGET}× (charts drawn, against the plain reference): {verdict}.",
        "",
    ]


FIRST_RENDER_TEXT = (
    "The first three times stop when the script has finished and every chart, map and table is drawn; "
    "the last three when the page's plotly charts and map are drawn (a page without them: the script "
    "finished and no skeletons), without waiting for the tables' canvases: a table below the fold adds "
    "the same seconds to the page and its reference and pulls the ratio toward 1. Both are timed in "
    "the same loads. The reference + frame is the reference page plus the dashboard's frame (navigation "
    "and the sidebar's filters). The matched reference adds the page's other elements, kind by kind "
    "(headings, text, captions, metrics, buttons, notices, containers, …; listed under 2), and "
    "draws a map with the app's kinds of deck.gl layers, all with trivial content that changes "
    "with the country picked: Streamlit's own cost for the same elements. The target is set on the "
    "charts-drawn ratio against the plain reference; the other two references show how much of the "
    "rest is Streamlit's."
)


def study_rerun(app: str, ref: str, pages: list[Page], runs: int) -> list[str]:
    """Section 2: each page's rerun after a country pick, in turns with its three references."""
    codes = {name: code for code, name in load_folder(DATA_DIR).derived.names.items()}
    rows = []
    for page in pages:
        picks = same_elements(app, page.spec, page.counts, codes)
        targets = [app + page.path, f"{ref}/?{page.counts.query(widget=True)}"]
        targets += [ref + page.framed, ref + page.matched]
        ours, theirs, framed, matched = reruns(targets, page.counts, runs, picks)
        rows.append(
            [
                page.spec.title,
                ", ".join(picks),
                f"{ours:.2f}",
                f"{theirs:.2f}",
                f"**{ours / theirs:.2f}×**",
                f"{framed:.2f}",
                page.other_text(),
                f"{matched:.2f}",
                f"{ours / matched:.2f}×",
            ]
        )
        say(
            f"rerun {page.spec.key}: {ours:.2f}s vs {theirs:.2f}s = {ours / theirs:.2f}x; with frame "
            f"{framed:.2f}s; matched ({kinds_text(page.others)}) {matched:.2f}s = {ours / matched:.2f}x"
        )
    header = ["page", "countries picked in turn", "app s", "reference s", "ratio", "reference + frame s"]
    header += ["other elements (matched reference)", "matched reference s", "ratio to matched"]
    return ["## 2. Rerun after changing the country filter", "", *table(header, rows), ""]


def study_cold_start() -> list[str]:
    """Section 3: server start to the Overview drawn, against the reference's server."""
    overview = Counts(0, 0, 0)
    app = str(HERE.parent / "streamlit_app.py")
    ours = statistics.median(cold_start(app, "/", overview) for _ in range(3))
    theirs = statistics.median(cold_start(REFERENCE, "/?" + overview.query(), overview) for _ in range(3))
    say(f"cold start: {ours:.2f}s vs {theirs:.2f}s = {ours / theirs:.2f}x")
    row = ["Overview", f"{ours:.2f}", f"{theirs:.2f}", f"**{ours / theirs:.2f}×**"]
    return [
        "## 3. Cold start (server start to first page drawn, median of 3)",
        "",
        *table(["page", "app s", "reference s", "ratio"], [row]),
        "",
    ]


SCALE_TEXT = [
    "## 4. Scale",
    "",
    "Synthetic packages by `bench/generate.py` (every table but countries repeated).",
    "",
]


def study_scale(folders: dict[int, Path]) -> list[str]:
    """Section 4, first table: the checker's time and peak memory, and the app's work without a browser."""
    rows = []
    for factor, folder in folders.items():
        env = {**os.environ, "DASHBOARD_DATA": str(folder), "PYTHONPATH": str(HERE.parent)}
        check_s, check_mb, out = timed_child(
            "import sys; from dashboard.__main__ import main; sys.exit(main(['check']))", env
        )
        _, _, pipe_out = timed_child("from bench.pipeline import report; report()", env)
        rows.append(
            [f"{factor:,}×", out.split(": ", 1)[-1][:80], f"{check_s:.1f}", f"{check_mb:,.0f}", pipe_out]
        )
        say(f"scale {factor}: check {check_s:.1f}s {check_mb:.0f}MB; {pipe_out}")
    header = ["data", "rows", "check s", "check peak MB", "load + validate + filter + build (s)"]
    return [*table(header, rows), ""]


def study_bytes(folders: dict[int, Path]) -> list[str]:
    """Section 4, second table: bytes each page sends, and the server's memory after all pages."""
    rows = []
    for factor, folder in folders.items():
        started: list[subprocess.Popen[str]] = []
        with streamlit_server(env={"DASHBOARD_DATA": str(folder)}, started=started) as app:
            row = [f"{factor:,}×"]
            for spec in PAGES:
                size = page_bytes(app, spec)
                row.append(f"{size / 1024:,.0f} KB")
                say(f"bytes {factor} {spec.key}: {size}")
            row.append(f"{rss_mb(started[0].pid):,.0f} MB")
            rows.append(row)
    return [*table(["data", *[p.title for p in PAGES], "server RSS"], rows), ""]


def study_load(sessions: int) -> list[str]:
    """Section 5: `sessions` browser sessions open every page at once; errors shown and server memory."""
    started: list[subprocess.Popen[str]] = []
    with streamlit_server(started=started) as app, chromium() as first:
        browser = first.context.browser
        before = rss_mb(started[0].pid)
        tabs = [browser.new_context().new_page() for _ in range(sessions)]
        errors = 0
        for spec in PAGES:
            for tab in tabs:
                tab.goto(f"{app}/{spec.url_path}", wait_until="commit")
            for tab in tabs:
                tab.get_by_role("heading", name=spec.heading, exact=True).first.wait_for(timeout=120_000)
                tab.wait_for_selector(READY, timeout=120_000)
                errors += tab.locator('[data-testid="stException"]').count()
        after = rss_mb(started[0].pid)
    per_session = (after - before) / sessions
    say(
        f"load: {sessions} sessions, {errors} errors, RSS {before:.0f} -> {after:.0f} MB ({per_session:.1f} MB/session)"
    )
    return [
        f"## 5. Load: {sessions} browser sessions at once on every page",
        "",
        f"- exceptions shown: {errors}",
        f"- server memory: {before:,.0f} MB before, {after:,.0f} MB after ({per_session:,.1f} MB per session)",
        "",
    ]


STUDIES = ("first_render", "rerun", "cold_start", "scale", "bytes", "load")


def studies(text: str) -> set[str]:
    """The --only argument: study names, comma-separated."""
    names = {name.strip() for name in text.split(",") if name.strip()}
    if unknown := names - set(STUDIES):
        raise argparse.ArgumentTypeError(
            f"unknown studies {sorted(unknown)}; choose from {', '.join(STUDIES)}"
        )
    return names


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="3 runs, scale to 100x, 3 sessions")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--only", type=studies, default=set(STUDIES), help=f"some of {','.join(STUDIES)}")
    return parser.parse_args()


def header(args: argparse.Namespace) -> list[str]:
    options = " --quick" * args.quick + (
        f" --only {','.join(s for s in STUDIES if s in args.only)}" if args.only != set(STUDIES) else ""
    )
    return [
        "# Benchmark results",
        "",
        f"Run: `python bench/run.py{options}` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.",
        "",
        *machine(),
        "",
    ]


def main() -> None:
    args = arguments()
    runs = 3 if args.quick else args.runs
    factors = (1, 100) if args.quick else (1, 100, 10_000)
    only: set[str] = args.only
    report = header(args)
    if only & {"first_render", "rerun"}:
        with streamlit_server() as app, streamlit_server(entrypoint=REFERENCE) as ref:
            pages = [read_page(app, spec) for spec in PAGES]
            if "first_render" in only:
                report += study_first_render(app, ref, pages, runs)
            if "rerun" in only:
                report += study_rerun(app, ref, pages, runs)
    if "cold_start" in only:
        report += study_cold_start()
    if only & {"scale", "bytes"}:
        report += SCALE_TEXT
        with tempfile.TemporaryDirectory() as tmp:
            folders = {factor: generate(factor, Path(tmp) / f"x{factor}") for factor in factors}
            if "scale" in only:
                report += study_scale(folders)
            if "bytes" in only:
                report += study_bytes(folders)
    if "load" in only:
        report += study_load(3 if args.quick else 10)
    args.out.write_text("\n".join(report) + "\n", encoding="utf-8")
    print(args.out)


if __name__ == "__main__":
    main()
