"""Statements timeline: who said what, when, and what answered it; a card per event; the table."""

import streamlit as st

from dashboard import timeline, ui
from dashboard.present.text import md_escape


def pick_from_chart() -> None:
    """A click on a marker shows that event's card (the picker below follows the chart)."""
    if event_id := timeline.selected_event(st.session_state.get("timeline_chart")):
        st.session_state["timeline_event"] = event_id


context = ui.page("timeline")
events = context.tables["events"]
everything = context.package.tables["events"]
if events.empty:
    st.info("No statements match these filters.", icon=":material/filter_alt_off:")
    st.stop()

shown = timeline.chart_events(events)
choices = timeline.option_labels(shown)
if st.session_state.get("timeline_event") not in choices:
    st.session_state["timeline_event"] = None
# On a phone the chart does not take taps: Streamlit makes a selectable chart pan, and a panning
# chart keeps a finger from scrolling the page. The picker below opens every card instead.
phone = ui.on_a_phone()
st.caption(timeline.chart_caption(len(shown), len(events)))
key = timeline.chart_key(shown)
st.image(timeline.key_svg(key, st.context.theme.type == "dark"), alt=timeline.key_alt(key))
st.plotly_chart(
    timeline.figure(shown, everything, context.names, st.session_state.get("timeline_event")),
    on_select="ignore" if phone else pick_from_chart,
    selection_mode="points",
    key="timeline_chart",
    width="stretch",
    config={"displaylogo": False, "typesetMath": False},
    alt=f"Timeline chart of {len(shown)} statements, one row per speaker grouped by country, kind shown by "
    "colour and shape. The table 'All statements in the selection' below lists the same statements.",
)
picked = st.selectbox(
    "Event card: pick an event" if phone else "Event card: click a marker, or pick an event",
    options=list(choices),
    format_func=choices.__getitem__,
    key="timeline_event",
    placeholder="Choose an event",
)
card = (
    timeline.card(picked, events, everything, context.package.tables["sources"], context.names)
    if picked
    else None
)
if card is not None:
    with st.container(border=True):
        st.markdown(card.markdown())
        if card.url:
            st.link_button(f"Source {md_escape(card.source)}", card.url, icon=":material/open_in_new:")
        else:
            st.caption(f"Source {md_escape(card.source)} (no web link)")

st.header("All statements in the selection", anchor=False)
query = st.text_input("Search actor or summary", key="timeline_search", placeholder="e.g. Vučić or rockets")
found = timeline.search(events, query)
if found.empty:
    st.info("No statements in the selection match this search.", icon=":material/search_off:")
else:
    st.caption(timeline.table_caption(len(found), len(events)))
    st.dataframe(
        timeline.table(found, everything, context.package.tables["sources"], context.names),
        hide_index=True,
        width="stretch",
        column_config={
            "summary": st.column_config.TextColumn("summary", width="large"),
            "actor": st.column_config.TextColumn("actor", width="medium"),
            "link": st.column_config.LinkColumn(
                "link", display_text="open", help="Only http(s) addresses are links."
            ),
        },
    )
