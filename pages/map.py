"""Route map: the alleged transit routes leg by leg, styled by evidence, with each route's claim and answers."""

import streamlit as st

from dashboard import maps, ui
from dashboard.present.tables import first_rows
from dashboard.present.text import md_escape, readable

PICK, ROUND = "route_pick", "_route_map_round"
LINKS = {
    "link": st.column_config.LinkColumn(
        "link", display_text="open", help="Only http(s) addresses are links."
    ),
    "path": st.column_config.TextColumn("path", width="large"),
    "note": st.column_config.TextColumn("note", width="large"),
}


def map_key() -> str:
    """The map's key: stable across filters; renewed only to drop a click superseded by the list."""
    return "route_map" + (f"-{st.session_state[ROUND]}" if st.session_state.get(ROUND) else "")


def clicked_on_map() -> None:
    """A click on the map replaces the route picked in the list."""
    st.session_state[PICK] = None


def picked_in_list() -> None:
    """A route picked in the list replaces a line clicked on the map (a renewed map has no selection)."""
    if maps.has_selection(st.session_state.get(map_key())):
        st.session_state[ROUND] = st.session_state.get(ROUND, 0) + 1


context = ui.page("map")
routes, tables = context.tables["routes"], context.package.tables
st.markdown(
    "Which way did the ammunition allegedly travel, who says so, and who denies it? Each line is one leg "
    "of a claimed route between two capitals. Click a line or a country, or choose a route from the list, "
    "to see the claim, the answers to it and the sources."
)
if routes.empty:
    st.info("No routes match these filters.", icon=":material/filter_alt_off:")
    st.stop()
dark = st.context.theme.type == "dark"
drawn = maps.route_map(
    routes,
    tables["countries"],
    context.names,
    tables["routes"],
    dark,
    st.session_state.get(PICK),
    context.package.derived.opening,
)
left, right = st.columns([2, 1], gap="medium")
with left:
    clicked = st.pydeck_chart(
        drawn.deck,
        height=maps.MAP_HEIGHT,
        on_select=clicked_on_map,
        selection_mode="single-object",
        key=map_key(),
        alt=drawn.alt,
    )
    st.image(maps.legend_svg(dark), alt=maps.LEGEND_ALT)
    st.caption(md_escape(drawn.alt))
    if not drawn.unlocated.empty:
        st.markdown("**Not on the map: no location**\n\n" + maps.unlocated_markdown(drawn.unlocated))
    with st.expander("What the line styles mean"):
        st.markdown(maps.legend_markdown())
with right:
    labels = maps.route_labels(routes, context.names)
    picked = st.selectbox(
        "Route",
        list(labels),
        format_func=labels.get,
        index=None,
        key=PICK,
        on_change=picked_in_list,
        placeholder="Choose a route",
        help=maps.picker_help(len(routes)),
    )
    focus = maps.focus(picked, clicked.selection["objects"], routes, drawn.legs, context.names)
    if not focus.route_ids:
        st.caption("Click a line or a country on the map, or choose a route, to see its evidence here.")
    else:
        st.markdown(f"**{focus.heading}**")
    for shown in maps.evidences(focus.route_ids, routes, tables["events"], tables["sources"], context.names):
        with st.container(border=True):
            st.markdown(shown.markdown)
            st.dataframe(readable(shown.sources), hide_index=True, column_config=LINKS)

st.header("The routes as a table", anchor=False)
listed, left_out = first_rows(routes)
if left_out:
    st.caption(left_out)
st.dataframe(
    readable(maps.routes_table(listed, drawn.legs, tables["sources"], context.names)),
    hide_index=True,
    column_config=LINKS,
    alt="The routes of the map: path, status, claimant, first reported, source and link.",
)
