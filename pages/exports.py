"""Placeholder until its own issue lands: the heading and the shared frame."""

import streamlit as st

from dashboard import ui

context = ui.page("exports")
st.info(
    "This view is being built. The filters in the sidebar already apply to it.",
    icon=":material/construction:",
)
