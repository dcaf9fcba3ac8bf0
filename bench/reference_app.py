"""The reference page: Streamlit's own cost for the same elements on trivial data.

Query parameters say what to draw: ?plotly=2&deck=1&tables=1&widget=1 draws a heading, two
plotly charts of 50 points, one pydeck map of 50 points, one table of 50 rows and, with
widget=1, one multiselect bound to the URL (the rerun baseline). Like a real filter, the
selection changes what every chart, map and table shows, so a rerun redraws them all.

The matched reference adds what the dashboard draws besides charts, maps and tables, as
Streamlit elements with trivial content: frame=1 draws the dashboard's frame (a five-page
navigation, and a sidebar with a header, the country multiselect, two date inputs and two more
multiselects, all bound to the URL, and a button), and els=stHeading.4,stMetric.3,… draws that
many elements of each kind (the kinds `bench/run.py` finds on a page; text=N is els=stMarkdown.N).
Their text changes with the countries picked, so a rerun redraws them as a real filter would.
A map of the matched reference draws the app's kinds of layers (layers=, see `deck_layer`).
"""

from datetime import date

import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk
import streamlit as st


def count(name: str) -> int:
    value = st.query_params.get(name, "0")
    return int(value) if value.isdigit() else 0


st.set_page_config(page_title="Reference", layout="wide")
COUNTRIES = sorted(
    {"Bosnia and Herzegovina", "Bulgaria", "Czech Republic", "Poland", "Serbia", "Ukraine", "Turkey"}
)
picked: list[str] = []


def _page() -> None:
    """The navigation's pages: all draw this same reference page."""


if count("frame"):
    st.navigation([st.Page(_page, title=f"Page {i}", url_path=f"page{i}", default=i == 0) for i in range(5)])
    bar = st.sidebar
    bar.header("Filters")
    picked = bar.multiselect("Countries", COUNTRIES, key="country", bind="query-params")
    bar.date_input("From", value=date(2015, 1, 1), key="from", bind="query-params")
    bar.date_input("To", value=date(2026, 1, 1), key="to", bind="query-params")
    bar.multiselect("Route status", ["reported", "alleged", "denied"], key="status", bind="query-params")
    bar.multiselect("Event kind", ["allegation", "denial", "confirmation"], key="kind", bind="query-params")
    bar.button("Reset filters", key="reset")
elif count("widget"):
    picked = st.sidebar.multiselect("Countries", COUNTRIES, key="country", bind="query-params")
st.title("Reference page", anchor=False)
# Every single pick gives other data than no pick (a shift of 1 to 7 under moduli 11 and 13), so a
# rerun redraws every chart, map and table. (With `% 7`, Ukraine's shift of 7 redrew nothing.)
shift = sum(COUNTRIES.index(name) + 1 for name in picked)
points = pd.DataFrame(
    {
        "x": range(50),
        "y": [(i + shift) % 11 for i in range(50)],
        "lat": [45.0 + ((i + shift) % 13) / 4 for i in range(50)],
        "lon": [20.0 + (i % 11) / 3 for i in range(50)],
    }
)
for i in range(count("plotly")):
    st.plotly_chart(go.Figure(go.Scatter(x=points["x"], y=points["y"], mode="markers")), key=f"plotly_{i}")


def deck_layer(kind: str, n: int) -> pdk.Layer:
    """One layer of a kind `bench/run.py` read from the app's deck: a deck.gl layer type, then
    `.dash` (a PathStyleExtension with dashes) or `.background` (text on a box)."""
    layer_type, *flags = kind.split(".")
    options: dict[str, object] = {"id": f"layer_{n}"}
    if layer_type == "PathLayer":
        legs = [
            {"path": [[20.0 + j / 3, 45.0], [21.0 + j / 3, 46.0 + (j + shift) % 5]], "dash": [5, 1.5]}
            for j in range(10)
        ]
        if "dash" in flags:
            options.update(get_dash_array="dash", extensions=[{"@@type": "PathStyleExtension", "dash": True}])
        return pdk.Layer("PathLayer", legs, get_path="path", get_width=3, width_units="'pixels'", **options)
    if layer_type == "TextLayer":
        if "background" in flags:
            options.update(background=True, get_background_color=[255, 255, 255, 200])
        labels = points.assign(label=[f"Place {j}" for j in range(len(points))])
        return pdk.Layer(
            "TextLayer", labels, get_position=["lon", "lat"], get_text="label", get_size=13, **options
        )
    return pdk.Layer("ScatterplotLayer", points, get_position=["lon", "lat"], get_radius=1000, **options)


# layers=PathLayer.dash,TextLayer.background: the matched reference draws the app's kinds of layers,
# each on trivial data, and opens the map on that data as the app's map opens on its routes.
# Without it, a map is one ScatterplotLayer in deck.gl's default view, as before.
kinds = [kind for kind in st.query_params.get("layers", "").split(",") if kind]
view = pdk.ViewState(latitude=46.5, longitude=21.5, zoom=5) if kinds else None
for i in range(count("deck")):
    layers = [deck_layer(kind, n) for n, kind in enumerate(kinds or ["ScatterplotLayer"])]
    deck = pdk.Deck(layers=layers, initial_view_state=view, map_style=None)
    st.pydeck_chart(deck, key=f"deck_{i}")
for i in range(count("tables")):
    st.dataframe(points, key=f"table_{i}")
label = ", ".join(picked) or "all countries"
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="20"><rect width="120" height="20" fill="#0072b2"/></svg>'
DRAW = {
    "stHeading": lambda i: st.header(f"Heading {i}: {label}", anchor=False),
    "stMarkdown": lambda i: st.markdown(f"Text element {i}: {label}."),
    "stCaption": lambda i: st.caption(f"Caption {i}: {label}."),
    "stMetric": lambda i: st.metric(f"Metric {i}", len(picked) + i, help="A number."),
    "stLinkButton": lambda i: st.link_button(f"Link {i}", "https://example.org/"),
    "stButton": lambda i: st.button(f"Button {i}", key=f"button_{i}"),
    "stDownloadButton": lambda i: st.download_button(f"Download {i}", b"x", key=f"download_{i}"),
    "stAlert": lambda i: st.info(f"Notice {i}: {label}."),
    "stImage": lambda i: st.image(SVG),
    "stSelectbox": lambda i: st.selectbox(f"Choice {i}", COUNTRIES, index=None, key=f"select_{i}"),
    "stTextInput": lambda i: st.text_input(f"Search {i}", key=f"search_{i}"),
    "stButtonGroup": lambda i: st.segmented_control(f"Group {i}", ["a", "b", "c"], key=f"group_{i}"),
    "stFileUploader": lambda i: st.file_uploader(f"Upload {i}", key=f"upload_{i}"),
    "stDivider": lambda i: st.divider(),
    "stCode": lambda i: st.code(f"code {i}: {label}", language=None),
    "stExpander": lambda i: st.expander(f"More {i}"),
    "stHorizontalBlock": lambda i: st.columns(2),
    "stVerticalBlock": lambda i: st.container(border=True),
}
wanted = [("stMarkdown", count("text"))]
for item in st.query_params.get("els", "").split(","):
    kind, _, n = item.partition(".")
    if n.isdigit():
        wanted.append((kind, int(n)))
for kind, n in wanted:
    for i in range(n):
        DRAW.get(kind, DRAW["stMarkdown"])(i)
