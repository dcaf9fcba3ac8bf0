"""Entrypoint: page config, the navigation from the page registry, and the shared frame."""

import streamlit as st

from dashboard import ui

ui.leave_legacy_pages_mode()
st.set_page_config(
    page_title="Serbian ammunition & Ukraine: allegations tracker",
    page_icon=":material/travel_explore:",
    layout="wide",
)
current = ui.navigation()
ui.draw_frame()
current.run()
