"""Exports: the money and the volumes, each number with its basis, never added up across bases."""

import streamlit as st

from dashboard import exports, ui

EMPTY = ":material/filter_alt_off:"

context = ui.page("exports")
# The switch is drawn from the view, so the view takes the switch's value from its key (None at first).
view = exports.build(context.package, context.tables, st.session_state.get("currency"))
st.markdown(view.intro)
options = view.currency_options
st.segmented_control(
    "Show money", options, default=options[0], required=True, key="currency", help=view.currency_help
)
if view.no_rates:
    st.caption(view.no_rates)
if view.empty:
    st.info(view.empty, icon=EMPTY)
    st.stop()
st.caption(view.conversion)

st.header(view.chart_heading, anchor=False)
if view.chart is None:
    st.info(view.chart_empty, icon=EMPTY)
else:
    st.plotly_chart(view.chart, key="exports_chart", alt=view.chart_alt)
    with st.expander("About this chart", icon=":material/info:"):
        st.markdown(view.about_chart)
    ui.show_table(view.chart_table)

for section in (view.lineage, view.unplaced, view.claims):
    st.header(section.heading, anchor=False)
    if section.table.frame.empty and section.empty_is_fine:
        st.caption(section.empty)
    elif section.table.frame.empty:
        st.info(section.empty, icon=EMPTY)
    else:
        st.markdown(section.intro)
        ui.show_table(section.table)
        if section.notes:
            st.markdown(section.notes)

if not view.rates.frame.empty:
    with st.expander(view.rates_label, icon=":material/currency_exchange:"):
        ui.show_table(view.rates)
