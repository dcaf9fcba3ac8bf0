"""Overview: the question, the headline numbers with their basis, and what the selection holds."""

import streamlit as st

from dashboard import overview, ui

context = ui.page("overview")
view = overview.build(context.package, context.tables)
st.markdown(overview.QUESTION)

st.header("Headline numbers", anchor=False)
if not view.headlines:
    st.info("No headline figures match these filters.", icon=":material/filter_alt_off:")
if view.more_estimates:
    st.caption(view.more_estimates)
for card in view.headlines:
    with st.container(border=True):
        st.metric(card.metric, card.value)
        st.markdown(card.basis)
        if card.url:
            st.link_button("Open the source", card.url, icon=":material/open_in_new:")
        st.caption(card.answers)

st.header("In the current selection", anchor=False)
# A wrapping row, not columns: on a phone the short numbers stay side by side while they fit.
with st.container(horizontal=True, gap="medium"):
    for count in view.counts:
        st.metric(count.label, count.number, help=count.help, width="content")
if view.latest is None:
    st.info("No statements match these filters.", icon=":material/filter_alt_off:")
else:
    st.markdown(view.latest)

st.header("Key dates", anchor=False)
if not view.key_dates:
    st.info("No key dates match these filters.", icon=":material/filter_alt_off:")
else:
    if view.key_dates_note:
        st.caption(view.key_dates_note)
    st.markdown(view.key_dates)

st.divider()
st.badge(view.checks, icon=":material/verified:", color="green")
st.caption(view.licence)
