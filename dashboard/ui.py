"""The Streamlit glue: the shared frame (navigation, filters in the URL) and the page gate."""

from __future__ import annotations

import gc
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from dashboard import download, filters, schemas, upload, urlstate
from dashboard.cache import load_package
from dashboard.data import Package, problem_list
from dashboard.paths import ROOT
from dashboard.present.formats import coverage, pretty
from dashboard.present.tables import LINK_HELP, Table
from dashboard.present.text import md_escape, readable
from dashboard.registry import BY_KEY, PAGES
from dashboard.timeline.figure import selected_event

FILTER_KEYS = ("country", "from", "to", "status", "kind")
_CONTEXT = "_frame_context"
_NOTICES = "_url_notices"
_URL_CHECKED = "_url_checked"
_QUERY_IN_BROWSER = "_query_in_browser"
# Streamlit's frontend drops a whole query string past 1,000 parameters or 512Ki characters before the
# server sees it, so only the browser can tell. A fixed script (no data in it) shows the notice then.
DROPPED_QUERY_NOTICE = """<div class="dropped-query" role="status"></div><script>
(() => {
  const query = window.location.search.replace(/^\\?/, "");
  const fields = query ? query.split("&").length : 0;
  if (fields <= 1000 && query.length <= 512 * 1024) return;
  const what = fields > 1000 ? fields.toLocaleString("en") + " parameters"
    : query.length.toLocaleString("en") + " characters of parameters";
  document.querySelectorAll(".dropped-query").forEach((box) => {
    box.textContent = "The address has " + what + "; Streamlit reads none of them past 1,000 parameters "
      + "or 512K characters, so no filter from the link was applied.";
    box.style.cssText = "padding: 0.75rem 1rem; border-radius: 0.5rem; background: rgba(255, 193, 7, 0.18);";
  });
})();
</script>"""
_UPLOADED = "_uploaded_package"
_UPLOAD_HASH = "_upload_hash"
_UPLOAD_REPORT = "_upload_report"
_UPLOADER_ROUND = "_uploader_round"
_SHOWN_PACKAGE = "_shown_package"


@dataclass(frozen=True)
class Context:
    """What a page needs: the package, the reader's selection and the rows it keeps."""

    package: Package
    selection: filters.Selection
    tables: dict[str, pd.DataFrame]
    names: dict[str, str]


def leave_legacy_pages_mode() -> None:
    """Make a cold start behave like any later request.

    With a `pages/` folder beside the entrypoint, Streamlit routes the first request
    after a server start through its legacy page discovery (a private class flag set
    when the first session starts), which skips `st.navigation` and so this frame.
    Clearing that flag and rerunning sends the same request through `st.navigation`.
    This is the only place that touches Streamlit's private API; tests/test_app.py
    fails if the flag disappears.
    """
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


APP_TITLE = "Serbian ammunition & Ukraine"
_SETTLED_PAGES: set[str] = set()


def settle_memory(page_path: str) -> None:
    """After a page's first run in this process, move what is alive to a generation `gc` never walks.

    Why: about 140,000 long-lived objects (Streamlit, plotly, pandas, the package) made a full
    collection cost 0.12-0.26 s at random during page loads (bench/RESULTS.md, session 5).
    """
    if page_path not in _SETTLED_PAGES:
        _SETTLED_PAGES.add(page_path)
        gc.freeze()


def on_a_phone() -> bool:
    """Whether the reader's browser says it is a phone ('Mobi' in its user agent, as MDN advises)."""
    return "Mobi" in (st.context.headers.get("User-Agent") or "")


def pick_from_timeline() -> None:
    """The timeline chart's on_select: a click on a marker picks that event, so its card shows."""
    if event_id := selected_event(st.session_state.get("timeline_chart")):
        st.session_state["timeline_event"] = event_id


def navigation() -> Any:
    """The navigation built from the page registry."""
    pages = [
        st.Page(
            str(ROOT / page.script),
            title=page.title,
            icon=page.icon,
            url_path=page.url_path or None,
            default=not page.url_path,
        )
        for page in PAGES
    ]
    return st.navigation(pages)


def _vocabulary(labels: dict[str, str], span: tuple[date, date] | None) -> urlstate.UrlVocabulary:
    def choices(values: dict[str, str]) -> dict[str, str]:
        accepted = {label: label for label in values.values()}
        accepted.update(values)
        return accepted

    return urlstate.UrlVocabulary(
        choices={
            "country": choices(labels),
            "status": choices({v: pretty(v) for v in schemas.ROUTE_STATUSES}),
            "kind": choices({v: pretty(v) for v in schemas.EVENT_KINDS}),
        },
        dates=("from", "to"),
        span=span,
        passthrough=frozenset({"embed", "embed_options"}),
    )


def _normalise_url(vocab: urlstate.UrlVocabulary) -> None:
    """Once per session, before the bound widgets exist: rewrite codes to names, drop the invalid."""
    if st.session_state.get(_URL_CHECKED):
        return
    st.session_state[_URL_CHECKED] = True
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    clean, notices = urlstate.normalise(params, vocab)
    st.session_state[_NOTICES] = notices
    st.session_state[_QUERY_IN_BROWSER] = not params
    if clean != params:
        st.query_params.from_dict(clean)
        st.rerun()


def _reset(span: tuple[date, date] | None) -> None:
    st.session_state["country"] = []
    st.session_state["status"] = []
    st.session_state["kind"] = []
    if span:
        st.session_state["from"], st.session_state["to"] = span
    st.session_state[_NOTICES] = []


def current_package() -> Package:
    """This session's uploaded package if it has one, else the bundled (cached) one."""
    uploaded: Package | None = st.session_state.get(_UPLOADED)
    return uploaded if uploaded is not None else load_package()


def draw_frame() -> None:
    """The shared frame, drawn by the entrypoint on every run: data, filters, notices."""
    package = current_package()
    derived = package.derived
    labels, span = derived.names, derived.span
    _normalise_url(_vocabulary(labels, span))
    shown = (package.label, package.summary())
    if st.session_state.get(_SHOWN_PACKAGE, shown) != shown:
        _reset(span)
    st.session_state[_SHOWN_PACKAGE] = shown
    bar = st.sidebar
    bar.header("Filters")
    countries = bar.multiselect(
        "Countries",
        options=derived.options,
        format_func=lambda code: labels.get(code, code),
        key="country",
        bind="query-params",
        placeholder="All countries",
        help="Rows that concern any of these countries; a route concerns every country on its path.",
    )
    start = end = None
    if span:
        start, end = (
            bar.date_input(
                label,
                value=value,
                min_value=span[0],
                max_value=span[1],
                key=key,
                bind="query-params",
                format="YYYY-MM-DD",
            )
            for label, key, value in (("From", "from", span[0]), ("To", "to", span[1]))
        )
    statuses, kinds = (
        bar.multiselect(
            label, options=list(values), format_func=pretty, key=key, bind="query-params", placeholder=empty
        )
        for label, values, key, empty in (
            ("Route status", schemas.ROUTE_STATUSES, "status", "All statuses"),
            ("Event kind", schemas.EVENT_KINDS, "kind", "All kinds"),
        )
    )
    bar.button("Reset filters", key="reset", on_click=_reset, args=(span,), icon=":material/restart_alt:")
    selection = filters.Selection(
        countries=frozenset(countries),
        start=start if isinstance(start, date) and span and start != span[0] else None,
        end=end if isinstance(end, date) and span and end != span[1] else None,
        statuses=frozenset(statuses),
        kinds=frozenset(kinds),
    )
    tables = filters.apply(package.tables, selection, derived.lookup)
    st.session_state[_CONTEXT] = Context(package, selection, tables, labels)


def page(key: str) -> Context:
    """Draw the page heading and notices; stop with the problem list if the data is invalid."""
    leave_legacy_pages_mode()
    spec = BY_KEY[key]
    st.title(spec.heading, anchor=False)
    context: Context | None = st.session_state.get(_CONTEXT)
    if context is None:
        st.error("The dashboard frame did not load. Reload the page.")
        st.stop()
        raise AssertionError  # unreachable: st.stop() ends the run
    st.caption(md_escape(coverage(context.package.meta, context.package.tables["events"])))
    if st.session_state.get(_UPLOADED) is not None:
        st.info(
            f"You are looking at your uploaded data package {md_escape(context.package.label)} "
            f"({md_escape(context.package.summary())}). Only this browser session sees it.",
            icon=":material/upload_file:",
        )
        st.button("Return to the bundled data", key="back_to_bundled", on_click=_forget_upload)
    for notice in st.session_state.pop(_NOTICES, []):
        st.warning(md_escape(notice), icon=":material/link_off:")
    if st.session_state.get(_QUERY_IN_BROWSER, False):
        # Drawn on every run of the session, not only the first: removing it on the next rerun shifted
        # the page, and the map's canvas re-initialised (a 1.5 s rerun in bench/run.py).
        st.html(DROPPED_QUERY_NOTICE, unsafe_allow_javascript=True)
    if not context.package.ok:
        show_problems(context.package)
        st.stop()
    return context


def show_problems(package: Package) -> None:
    """Every problem of an invalid package, as plain text."""
    st.error(
        f"The data package in {md_escape(package.label)} has {package.problem_count:,} problems, "
        "so the dashboard shows nothing from it. Fix them and reload; "
        "`python -m dashboard check` lists the same problems (up to 2,000 a file).",
        icon=":material/error:",
    )
    st.caption(package.accounting())
    st.code(problem_list(package), language=None, wrap_lines=True)


def _forget_upload() -> None:
    st.session_state[_UPLOADED] = None
    st.session_state[_UPLOAD_HASH] = None
    st.session_state[_UPLOAD_REPORT] = None
    st.session_state[_UPLOADER_ROUND] = st.session_state.get(_UPLOADER_ROUND, 0) + 1


def upload_panel() -> None:
    """Let a reader load their own package for this session; report every problem if it is invalid."""
    st.markdown(
        "Load a package of the same shape (the five CSV tables, optionally `rates.csv` and "
        "`datapackage.json`) to see it on every page of this browser session. Uploads are capped at 5 MB."
    )
    files = st.file_uploader(
        "Upload a data package: a ZIP of the CSV tables, or the CSV files themselves",
        type=["zip", "csv", "json"],
        accept_multiple_files=True,
        key=f"upload_{st.session_state.get(_UPLOADER_ROUND, 0)}",
        help="The same checks as `python -m dashboard check`. Only your browser session sees the upload.",
    )
    uploads = [(f.name, f.getvalue()) for f in files or []]
    if uploads:
        digest = upload.content_hash(uploads)
        if st.session_state.get(_UPLOAD_HASH) != digest:
            st.session_state[_UPLOAD_HASH] = digest
            names = ", ".join(name for name, _ in uploads)
            package = upload.load_upload(uploads, label=f"“{names}”")
            st.session_state[_UPLOAD_REPORT] = package
            if package.ok:
                st.session_state[_UPLOADED] = package
                st.rerun()
    report: Package | None = st.session_state.get(_UPLOAD_REPORT)
    if not uploads and report is not None and not report.ok:
        # The reader removed the refused file: its report goes with it (it stays through every other rerun).
        st.session_state[_UPLOAD_REPORT] = st.session_state[_UPLOAD_HASH] = report = None
    if report is None:
        return
    if report.ok:
        st.success(
            f"Loaded {md_escape(report.label)}: {md_escape(report.summary())}.",
            icon=":material/check_circle:",
        )
        for notice in report.notices:
            st.caption(md_escape(notice))
        return
    st.error(
        f"{md_escape(report.label)} was not loaded: {report.problem_count:,} problems "
        f"({report.accounting()}). The dashboard keeps showing the data it showed before. "
        "Remove the file above to clear this report.",
        icon=":material/error:",
    )
    for notice in report.notices:
        st.caption(md_escape(notice))
    st.code(problem_list(report), language=None, wrap_lines=True)


def show_table(table: Table) -> None:
    """A `Table` as a dataframe: its note above it, long text columns wide, `link` as a link."""
    if table.note:
        st.caption(table.note)
    config: dict[str, Any] = {
        column: st.column_config.TextColumn(column, width=width, help=table.help.get(column))  # type: ignore[arg-type]
        for column, width in table.widths.items()
    }
    for column, digits in table.decimals.items():
        config[column] = st.column_config.NumberColumn(column, format=f"%.{digits}f")
    for column, text in table.help.items():
        config.setdefault(column, st.column_config.TextColumn(column, help=text))
    if "link" in table.frame.columns:
        config["link"] = st.column_config.LinkColumn("link", display_text="open", help=LINK_HELP)
    st.dataframe(readable(table.frame), hide_index=True, column_config=config, key=table.key, alt=table.alt)


def download_selection(context: Context) -> None:
    """The button that gives the selection as a ZIP, made only when clicked."""
    st.download_button(
        "Download the selection (ZIP)",
        data=lambda: download.package_zip(
            context.tables, context.package.tables, context.selection, context.names, context.package.meta
        ),
        file_name="serbian-ammunition-selection.zip",
        mime="application/zip",
        icon=":material/download:",
        key="download_zip",
        on_click="ignore",
    )


ROUTE_PICK = "route_pick"
_MAP_ROUND = "_route_map_round"


def map_key() -> str:
    """The route map's key: stable across filters; renewed only to drop a click superseded by the list."""
    return "route_map" + (f"-{st.session_state[_MAP_ROUND]}" if st.session_state.get(_MAP_ROUND) else "")


def _map_selection() -> Any:
    state = st.session_state.get(map_key()) or {}
    return state.get("selection") or {}


def map_clicks() -> dict[str, Any]:
    """The objects clicked on the route map, by layer id: what the map drawn with `map_key` returns."""
    return dict(_map_selection().get("objects") or {})


def clicked_on_map() -> None:
    """A click on the route map replaces the route picked in the list."""
    st.session_state[ROUTE_PICK] = None


def picked_in_list() -> None:
    """A route picked in the list replaces a line clicked on the map (a renewed map has no selection)."""
    if any(bool(indices) for indices in (_map_selection().get("indices") or {}).values()):
        st.session_state[_MAP_ROUND] = st.session_state.get(_MAP_ROUND, 0) + 1
