"""Exports: the money and the volumes, each number with its basis, never added up across bases."""

import streamlit as st

from dashboard import exports, ui

LINK = st.column_config.LinkColumn("link", display_text="open", help="Only http(s) addresses are links.")
COLUMNS = {
    "what": st.column_config.TextColumn("what", width="medium"),
    "note": st.column_config.TextColumn("note", width="large"),
    "link": LINK,
}
EMPTY = ":material/filter_alt_off:"

context = ui.page("exports")
st.markdown(
    "Serbia's arms exports over time, beside the estimate of what reached Ukraine through third countries. "
    "Every number keeps its basis (licences issued, realized exports, estimate, projection, …) and its unit; "
    "numbers of different bases or units are never added up."
)
options = exports.currency_options(context.tables["rates"])
currency = st.segmented_control(
    "Show money",
    options,
    default=options[0],
    required=True,
    key="currency",
    help="Converted values use the sourced annual rates in the rate table and are always marked ≈ and 'converted'.",
)
if len(options) == 1:
    st.caption("No sourced rate table in this data package: money is shown only as published.")
view = exports.build(
    context.tables["figures"],
    context.package.tables["figures"],
    context.package.tables["sources"],
    context.tables["rates"],
    currency or exports.PUBLISHED,
    context.names,
)
if view.empty:
    st.info("No figures match these filters.", icon=EMPTY)
    st.stop()
st.caption(view.conversion)

st.header("Over time: each figure across the period it covers", anchor=False)
if view.chart is None:
    st.info("No figure with a number and a full period matches these filters.", icon=EMPTY)
else:
    st.plotly_chart(
        view.chart,
        key="exports_chart",
        alt=exports.CHART_ALT,
    )
    with st.expander("About this chart", icon=":material/info:"):
        st.markdown(exports.about_chart(context.package.meta.get("not_covered"), view.capped))
    st.dataframe(view.chart_table, hide_index=True, column_config=COLUMNS, key="exports_table")
    if view.shortened["chart"]:
        st.caption(view.shortened["chart"])

st.header("One estimate and its restatements", anchor=False)
if view.lineage.table.empty:
    st.info("No conversions or restatements match these filters.", icon=EMPTY)
else:
    st.markdown(
        "The first row is the estimate; the rows under it convert or restate it. They are the same estimate, not new findings, and are never added up."
    )
    st.dataframe(view.lineage.table, hide_index=True, column_config=COLUMNS, key="exports_lineage")
    if view.shortened["lineage"]:
        st.caption(view.shortened["lineage"])
    if view.lineage.notes:
        st.markdown("\n".join(f"- {note}" for note in view.lineage.notes))

st.header("Not on the time axis", anchor=False)
if view.unplaced.empty:
    st.caption("Every figure in the selection with a number has a full period.")
else:
    st.markdown(
        "These figures have no full period or no number, so the chart does not place them at an invented date."
    )
    st.dataframe(view.unplaced, hide_index=True, column_config=COLUMNS, key="exports_unplaced")
    if view.shortened["unplaced"]:
        st.caption(view.shortened["unplaced"])

st.header("Claimed volumes (allegations)", anchor=False)
if view.claims.empty:
    st.info("No claimed volumes match these filters.", icon=EMPTY)
else:
    st.markdown(
        "Volumes claimed by one party, in their own words. They are allegations, not measured quantities, so they are listed, not drawn on an axis."
    )
    st.dataframe(view.claims, hide_index=True, column_config=COLUMNS, key="exports_claims")
    if view.shortened["claims"]:
        st.caption(view.shortened["claims"])

if not view.rates.empty:
    with st.expander(
        "Rate table (used only when you choose EUR or USD)", icon=":material/currency_exchange:"
    ):
        st.dataframe(
            view.rates,
            hide_index=True,
            column_config={"rate": st.column_config.NumberColumn("rate", format="%.4f"), "link": LINK},
            key="exports_rates",
        )
