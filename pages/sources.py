"""Sources & method: every source with its link, how the data is graded, and the download."""

import streamlit as st

from dashboard import export, exports, method, schemas, ui
from dashboard.present.formats import first_rows
from dashboard.present.text import md_escape, readable

context = ui.page("sources")
sources = context.tables["sources"]
st.markdown(
    f"{len(sources)} of {len(context.package.tables['sources'])} sources are cited by the rows in "
    "the current selection. A copy, mirror or translation names the outlet that wrote the text."
)
if sources.empty:
    st.info("No sources match these filters.", icon=":material/filter_alt_off:")
else:
    shown, left_out = first_rows(sources)
    if left_out:
        st.caption(left_out)
    st.dataframe(
        readable(method.sources_table(shown)),
        hide_index=True,
        width="stretch",
        column_config={
            "title": st.column_config.TextColumn(
                "title", width="large", help="[title not retrieved]: the page's own headline was not found"
            ),
            "note": st.column_config.TextColumn("note", width="large"),
            "link": st.column_config.LinkColumn(
                "link", display_text="open", help="Only http(s) addresses are links."
            ),
        },
    )

st.header("Method", anchor=False)
st.subheader("Kinds of statement", anchor=False)
st.table(method.vocabulary_table(schemas.KIND_MEANINGS, "kind"), border="horizontal")
st.subheader("Which answers stand under which route", anchor=False)
st.markdown(md_escape(schemas.ANSWER_RULE))
st.subheader("Kinds of source", anchor=False)
st.table(method.vocabulary_table(schemas.SOURCE_KIND_MEANINGS, "kind"), border="horizontal")
st.subheader("Route status", anchor=False)
st.table(method.vocabulary_table(schemas.STATUS_MEANINGS, "status"), border="horizontal")
st.subheader("Confidence", anchor=False)
st.table(method.vocabulary_table(schemas.CONFIDENCE_MEANINGS, "confidence"), border="horizontal")

st.subheader("One estimate, several currencies", anchor=False)
figures = context.package.tables["figures"]
family = exports.lineage(figures, figures, context.package.tables["sources"], context.names)
if family.table.empty:
    st.info("This data package has no converted figures.", icon=":material/info:")
else:
    st.markdown(
        "The same estimate appears in EUR and in several USD amounts. The USD amounts are "
        "conversions or restatements of one estimate (the first row), not separate findings, "
        "and are never added up."
    )
    st.dataframe(family.table, hide_index=True, width="stretch")
    if left_out := exports.shortened_note(family.total, len(family.table), "rows of the lineage"):
        st.caption(left_out)

st.subheader("What is not covered", anchor=False)
gaps = context.package.meta.get("not_covered", [])
if isinstance(gaps, list) and gaps:
    st.markdown("\n".join(f"- {md_escape(gap)}" for gap in gaps))
else:
    st.caption("The data package does not list its gaps.")

st.header("Corrections", anchor=False)
release, changes = method.latest_changes(context.package.changelog)
if not release:
    st.caption("This data package has no changelog (CHANGELOG.md).")
else:
    st.markdown(
        "Every change to published rows is logged by row id in the package's `CHANGELOG.md`, "
        f"newest first. The latest release, {md_escape(release)}:"
    )
    with st.container(border=True, height=420):
        st.markdown(changes)
    # Rendered as Markdown on purpose: the changelog is the maintainers' file in the data folder;
    # an uploaded package never has one (`upload.load_upload` reads tables and metadata only).
    with st.expander("The full changelog"):
        st.markdown(method.full_changelog(context.package.changelog))

st.header("Download", anchor=False)
st.markdown(
    "The current selection as a ZIP: the CSV tables, with the rows outside it that its rows cite (so "
    "it loads back here as a package), and a README with the filters applied, the package's version "
    "and coverage dates, and a citation line. The file is made when you click."
)
st.download_button(
    "Download the selection (ZIP)",
    data=lambda: export.package_zip(
        context.tables, context.package.tables, context.selection, context.names, context.package.meta
    ),
    file_name="serbian-ammunition-selection.zip",
    mime="application/zip",
    icon=":material/download:",
    key="download_zip",
    on_click="ignore",
)

st.header("Use your own data package", anchor=False)
st.markdown(
    "Load a package of the same shape (the five CSV tables, optionally `rates.csv` and "
    "`datapackage.json`) to see it on every page of this browser session. Uploads are capped at 5 MB."
)
ui.upload_panel()
