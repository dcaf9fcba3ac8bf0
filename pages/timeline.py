"""Statements timeline: who said what, when, and what answered it; a card per event; the table."""

import streamlit as st

from dashboard import timeline, ui

context = ui.page("timeline")
view = timeline.build(
    context.package,
    context.tables,
    picked=st.session_state.get("timeline_event"),
    query=st.session_state.get("timeline_search", ""),  # the search box below, as last typed
    dark=st.context.theme.type == "dark",
    phone=ui.on_a_phone(),
)
if view.empty:
    st.info(view.empty, icon=":material/filter_alt_off:")
    st.stop()
if st.session_state.get("timeline_event") not in view.options:
    st.session_state["timeline_event"] = None
st.caption(view.caption)
st.image(view.key_svg, alt=view.key_alt)
st.plotly_chart(
    view.figure,
    on_select=ui.pick_from_timeline if view.clickable else "ignore",
    selection_mode="points",
    key="timeline_chart",
    width="stretch",
    config={"displaylogo": False, "typesetMath": False},
    alt=view.figure_alt,
)
st.selectbox(
    view.picker_label,
    options=list(view.options),
    format_func=view.options.__getitem__,
    key="timeline_event",
    placeholder="Choose an event",
)
if view.card is not None:
    with st.container(border=True):
        st.markdown(view.card.markdown)
        if view.card.url:
            st.link_button(view.card.source, view.card.url, icon=":material/open_in_new:")
        else:
            st.caption(view.card.source)

st.header("All statements in the selection", anchor=False)
st.text_input("Search actor or summary", key="timeline_search", placeholder="e.g. Vučić or rockets")
if view.table is None:
    st.info(view.no_match, icon=":material/search_off:")
else:
    ui.show_table(view.table)
