"""Entrypoint: page config, the navigation from the page registry, and the shared frame."""

import streamlit as st

from dashboard import ui
from dashboard.paths import ICON

ui.leave_legacy_pages_mode()
current = ui.navigation()
st.set_page_config(page_title=f"{current.title} · {ui.APP_TITLE}", page_icon=str(ICON), layout="wide")
ui.draw_frame()
current.run()
ui.settle_memory(current.url_path)
