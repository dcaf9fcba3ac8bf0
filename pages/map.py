"""Route map: the alleged transit routes leg by leg, styled by evidence, with each route's claim and answers."""

import streamlit as st

from dashboard import map, ui

context = ui.page("map")
view = map.build(
    context.package,
    context.tables,
    dark=st.context.theme.type == "dark",
    picked=st.session_state.get(ui.ROUTE_PICK),
    clicked=ui.map_clicks(),
)
st.markdown(view.intro)
if view.empty:
    st.info(view.empty, icon=":material/filter_alt_off:")
    st.stop()
left, right = st.columns([2, 1], gap="medium")
with left:
    st.pydeck_chart(
        view.deck,
        height=view.height,
        on_select=ui.clicked_on_map,
        selection_mode="single-object",
        key=ui.map_key(),
        alt=view.alt,
    )
    st.image(view.key_svg, alt=view.key_alt)
    st.caption(view.caption)
    if view.unlocated:
        st.markdown(view.unlocated)
    with st.expander("What the line styles mean"):
        st.markdown(view.key_markdown)
with right:
    st.selectbox(
        "Route",
        list(view.picker),
        format_func=view.picker.get,
        index=None,
        key=ui.ROUTE_PICK,
        on_change=ui.picked_in_list,
        placeholder="Choose a route",
        help=view.picker_help,
    )
    if view.focus_heading is None:
        st.caption("Click a line or a country on the map, or choose a route, to see its evidence here.")
    else:
        st.markdown(view.focus_heading)
    for evidence in view.evidence:
        with st.container(border=True):
            st.markdown(evidence.markdown)
            ui.show_table(evidence.sources)
st.header("The routes as a table", anchor=False)
ui.show_table(view.table)
