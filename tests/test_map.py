"""The Route map: routes become legs styled by evidence; unlocated places are listed, never placed."""

from __future__ import annotations

import itertools
import json
import math
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from dashboard.data import load_folder
from dashboard.map import build, deck, evidence, labels, legs, styles, table, view
from dashboard.registry import BY_KEY
from tests.browser import READY, chromium, require_browser, streamlit_server, wait_ready
from tests.conftest import DATA, OpenPage, bundled, edit, rows

PACKAGE = load_folder(DATA)
TABLES = PACKAGE.tables
COUNTRIES = TABLES["countries"]
NAMES = dict(zip(COUNTRIES["code"], COUNTRIES["name"], strict=True))
PAGE = BY_KEY["map"]


def routes(*rows: tuple[str, str, str]) -> pd.DataFrame:
    """A routes table of (route_id, path, status) with the other columns filled in."""
    frame = pd.DataFrame(rows, columns=["route_id", "path", "status"])
    frame["claimant"] = "SVR"
    frame["event_id"] = "E23"
    frame["first_reported"] = pd.Timestamp("2025-05-29")
    frame["first_reported_precision"] = "day"
    frame["source_id"] = "S22"
    frame["goods"] = None
    frame["note"] = None
    frame.index = pd.RangeIndex(2, 2 + len(frame), name="line")
    return frame


OPENING = view.opening(TABLES)


def drawn(frame: pd.DataFrame, **kwargs: Any) -> deck.RouteMap:
    return deck.route_map(frame, COUNTRIES, NAMES, OPENING, **kwargs)


def spec_of(deck: Any) -> dict[str, Any]:
    return json.loads(deck.to_json())  # type: ignore[no-any-return]


def layer(spec: dict[str, Any], layer_id: str) -> dict[str, Any]:
    return next(item for item in spec["layers"] if item["id"] == layer_id)


def test_a_multi_hop_path_gives_one_leg_per_hop() -> None:
    """SRB>TUR>SVK>UKR is three legs in order: Serbia→Turkey, Turkey→Slovakia, Slovakia→Ukraine."""
    found = legs.path_legs(pd.Series(["SRB>TUR>SVK>UKR"]), COUNTRIES)
    assert found["located"].all()
    assert list(zip(found["from"], found["to"], strict=True)) == [
        ("SRB", "TUR"),
        ("TUR", "SVK"),
        ("SVK", "UKR"),
    ]
    assert drawn(routes(("R7", "SRB>TUR>SVK>UKR", "alleged"))).lines["claims"].tolist() == [1, 1, 1]


def test_each_status_differs_in_colour_and_in_a_second_channel() -> None:
    """Any two statuses differ in colour, and also in dash pattern and opacity (readable without colour)."""
    statuses = list(styles.STYLES)
    for i, first in enumerate(statuses):
        for second in statuses[i + 1 :]:
            a, b = styles.style(first), styles.style(second)
            assert a.colour != b.colour, (first, second)
            assert a.dash != b.dash, (first, second)
            assert a.alpha != b.alpha, (first, second)
    lines = drawn(routes(("A", "SRB>CZE", "alleged"), ("B", "SRB>CZE", "documented"))).lines.set_index(
        "status"
    )
    assert lines.loc["alleged", "color"] != lines.loc["documented", "color"]
    assert lines.loc["alleged", "dash"] != lines.loc["documented", "dash"]
    assert lines.loc["alleged", "path"] != lines.loc["documented", "path"], "two statuses on one leg overlap"


def test_a_leg_named_by_two_claims_is_wider_than_one_named_once() -> None:
    """In the bundled data SRB→CZE (alleged) is named by R1 and R5, so it is drawn wider than SRB→POL."""
    lines = drawn(TABLES["routes"]).lines.set_index(["from", "to", "status"])
    assert lines.loc[("SRB", "CZE", "alleged"), "claims"] == 2
    assert lines.loc[("SRB", "POL", "alleged"), "claims"] == 1
    assert lines.loc[("SRB", "CZE", "alleged"), "width"] > lines.loc[("SRB", "POL", "alleged"), "width"]
    assert styles.leg_width(3) > styles.leg_width(2) > styles.leg_width(1)


def test_the_unnamed_african_states_get_no_invented_position() -> None:
    """R4 (Serbia → unnamed African states → Ukraine) draws no line and is listed as unlocated."""
    result = drawn(TABLES["routes"])
    assert not result.lines["from"].isin(["XAF"]).any()
    assert not result.lines["to"].isin(["XAF"]).any()
    assert "XAF" not in set(result.points["code"])
    located = COUNTRIES.dropna(subset=["lat", "lon"])
    known = {(round(lon, 5), round(lat, 5)) for lon, lat in zip(located["lon"], located["lat"], strict=True)}
    for path in result.lines["path"]:
        assert (path[0][0], path[0][1]) in known
        assert (path[-1][0], path[-1][1]) in known
    [row] = result.unlocated.to_dict("records")
    assert row["route_id"] == "R4"
    assert row["drawn"] == "not drawn"
    assert "Unnamed African states: a region, not one country" in row["missing"]
    assert "Unnamed African states" in result.alt


def test_a_country_without_coordinates_is_drawn_only_where_located() -> None:
    """A route through the United Kingdom (empty lat/lon) draws its located leg and lists the rest."""
    result = drawn(routes(("X1", "SRB>HUN>GBR>UKR", "reported")))
    assert list(zip(result.lines["from"], result.lines["to"], strict=True)) == [("SRB", "HUN")]
    assert result.unlocated.loc[0, "drawn"] == "drawn in part: 1 of 3 legs"
    assert "United Kingdom: no coordinates" in result.unlocated.loc[0, "missing"]
    assert set(result.points["code"]) == {"SRB", "HUN", "UKR"}
    assert result.points.set_index("code").loc["HUN", "roles"] == "transit"


def test_a_route_with_no_located_stop_gives_an_empty_map_not_an_error() -> None:
    """A route between two places without coordinates yields no lines, no points and one unlocated row."""
    result = drawn(routes(("X2", "XAF>GBR", "alleged")))
    assert result.lines.empty
    assert result.points.empty
    assert result.unlocated["route_id"].tolist() == ["X2"]
    assert layer(spec_of(result.deck), deck.LEGS_LAYER)["data"] == []


def test_tooltip_is_one_precomputed_text_field_so_braces_stay_literal() -> None:
    """The tooltip is the text form with a single {tooltip_text} token; a '{name}' in the data stays literal."""
    names = {**NAMES, "CZE": "{name} <b>Czech</b>"}
    result = deck.route_map(routes(("R1", "SRB>CZE>UKR", "alleged")), COUNTRIES, names, OPENING)
    tooltip = result.deck._tooltip
    assert tooltip["text"] == "{tooltip_text}"
    assert "html" not in tooltip
    spec = spec_of(result.deck)
    for layer_id in (deck.LEGS_LAYER, deck.POINTS_LAYER):
        assert all("tooltip_text" in item for item in layer(spec, layer_id)["data"]), layer_id
    texts = [item["tooltip_text"] for item in layer(spec, deck.LEGS_LAYER)["data"]]
    assert "Serbia → {name} <b>Czech</b>\nalleged · named by 1 claim" in texts[1]
    assert "R1 (Serbia → {name} <b>Czech</b> → Ukraine): SVR, first reported 2025-05-29" in texts[0]


def test_the_tooltip_lists_a_few_claims_and_counts_the_rest() -> None:
    """A leg named by many claims lists the first five and says how many more, so the tooltip stays short."""
    many = routes(*[(f"R{i}", "SRB>CZE", "alleged") for i in range(8)])
    [text] = drawn(many).lines["tooltip_text"]
    assert "named by 8 claims" in text
    assert "… and 3 more claims (see the table)" in text


def test_the_view_fits_the_whole_package_so_filters_do_not_move_it() -> None:
    """The opening view is the same for every selection; it opens on Europe and names the far United States."""
    everything = drawn(TABLES["routes"])
    poland = drawn(TABLES["routes"].loc[TABLES["routes"]["route_id"] == "R2"])
    assert spec_of(everything.deck)["initialViewState"] == spec_of(poland.deck)["initialViewState"]
    view = spec_of(everything.deck)["initialViewState"]
    assert 10 < view["longitude"] < 25
    assert 40 < view["latitude"] < 52
    assert "Outside the opening view (zoom out to see): United States" in everything.alt
    assert "Outside the opening view" not in poland.alt


def test_the_page_view_is_the_map_at_the_packages_opening_with_its_text() -> None:
    """build draws the deck at the package's kept opening, with its caption, unlocated list and table."""
    shown = build(PACKAGE, {"routes": TABLES["routes"]})
    assert spec_of(shown.deck) == spec_of(drawn(TABLES["routes"]).deck)
    assert shown.caption.startswith("Map of 12 routes")
    assert shown.unlocated is not None
    assert "**R4**" in shown.unlocated
    assert shown.table.frame["route"].tolist() == [f"R{i}" for i in range(1, 13)]
    assert shown.focus_heading is None
    assert shown.evidence == ()


def test_no_matching_route_gives_only_the_empty_state() -> None:
    """With no route in the selection the page shows its message and no map."""
    shown = build(PACKAGE, {"routes": TABLES["routes"].iloc[:0]})
    assert shown.empty == "No routes match these filters."
    assert shown.deck is None


def test_a_pick_in_the_list_or_a_click_on_a_line_opens_the_evidence() -> None:
    """A pick shows its route; a click on SRB→CZE (alleged) shows both claims naming it."""
    picked = build(PACKAGE, {"routes": TABLES["routes"]}, picked="R7")
    assert picked.focus_heading == "**Route chosen in the list**"
    assert [shown.route_id for shown in picked.evidence] == ["R7"]
    line = {"legs": [{"from": "SRB", "to": "CZE", "status": "alleged"}]}
    clicked = build(PACKAGE, {"routes": TABLES["routes"]}, clicked=line)
    assert [shown.route_id for shown in clicked.evidence] == ["R1", "R5"]


def test_a_pick_the_list_no_longer_holds_is_outlined_but_shows_no_evidence() -> None:
    """Streamlit empties a list whose value is not among its options, so a pick past the first
    PICKER_LIMIT routes shows no evidence, while the map still outlines it (as before the change)."""
    many = routes(*[(f"X{i}", "SRB>CZE", "alleged") for i in range(evidence.PICKER_LIMIT + 1)])
    last = f"X{evidence.PICKER_LIMIT}"
    shown = build(PACKAGE, {"routes": many}, picked=last)
    assert last not in shown.picker
    assert shown.focus_heading is None
    assert spec_of(shown.deck)["layers"][0]["id"] == deck.PICKED_LAYER


def label_boxes(spec: dict[str, Any]) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Each label's box on screen at the opening zoom: Web Mercator pixels, 6 px a character (what
    Chromium drew the bundled labels at: 5.5-5.8), 16 px high, 3 px padding left and right."""
    size = 512 * 2 ** spec["initialViewState"]["zoom"]
    boxes = []
    for row in layer(spec, deck.LABELS_LAYER)["data"]:
        x = row["lon"] / 360 * size + row["offset"][0]
        y = (
            -math.log(math.tan(math.pi / 4 + math.radians(row["lat"]) / 2)) / (2 * math.pi) * size
            + row["offset"][1]
        )
        width = 6.0 * len(row["label"])
        left = {"start": x, "end": x - width, "middle": x - width / 2}[row["anchor"]]
        boxes.append((row["label"], (left - 3, y - 8, left + width + 3, y + 8)))
    return boxes


def covering(spec: dict[str, Any]) -> list[tuple[str, str]]:
    """The pairs of labels whose boxes overlap."""
    boxes = label_boxes(spec)
    return [
        (a, b)
        for (a, p), (b, q) in itertools.combinations(boxes, 2)
        if min(p[2], q[2]) > max(p[0], q[0]) and min(p[3], q[3]) > max(p[1], q[1])
    ]


ON_ROUTES = sorted({code for path in TABLES["routes"]["path"] for code in path.split(">")})


@pytest.mark.parametrize("country", [None, *ON_ROUTES])
def test_country_labels_do_not_cover_each_other_at_the_opening_zoom(country: str | None) -> None:
    """With Ukraine picked, "Poland (transit)" and "Ukraine (destination)" used to be drawn over each other."""
    table = TABLES["routes"]
    picked = table if country is None else table.loc[table["path"].str.split(">").map(lambda p: country in p)]
    assert covering(spec_of(drawn(picked).deck)) == []


def test_with_ukraine_picked_every_label_fits_a_phones_map() -> None:
    """The map opens fitted for a phone (360 px wide): no label runs off it, Ukraine's at the east edge included."""
    spec = spec_of(drawn(TABLES["routes"].loc[TABLES["routes"]["path"].str.contains("UKR")]).deck)
    view = spec["initialViewState"]
    size = 512 * 2 ** view["zoom"]
    middle = view["longitude"] / 360 * size
    for label, (left, _, right, _) in label_boxes(spec):
        if "United States" not in label:  # outside the opening view, named in the caption
            assert middle - 180 <= left, label
            assert right <= middle + 180, label


def test_a_label_stays_on_its_first_choice_when_it_is_free() -> None:
    """Away from the hub (Serbia, at the hub, to the right), or above its dot at the view's east edge (Ukraine)."""
    spec = spec_of(drawn(routes(("R1", "SRB>UKR", "alleged"))).deck)
    places = {row["code"]: (row["anchor"], row["offset"]) for row in layer(spec, deck.LABELS_LAYER)["data"]}
    assert places == {"SRB": ("start", [10, 0]), "UKR": ("middle", [0, -14])}


def test_two_labels_side_by_side_take_different_sides() -> None:
    """Both would go right of their dots (east of the hub, away from the edges); the one on more routes
    keeps that, and the other, whose label would cover it, goes left."""
    points = pd.DataFrame(
        {
            "code": ["AAA", "BBB"],
            "lon": [20.0, 22.0],
            "lat": [45.0, 45.0],
            "label": ["Aaaa (transit)", "Bbbb (transit)"],
            "routes": [1, 2],
        }
    )
    near = pd.DataFrame({"lon": [0.0, 40.0]})
    opened = view.Opening(near, near.iloc[:0], hub_lon=10.0, latitude=45.0, longitude=21.0, zoom=3.0)
    assert labels.label_places(points, opened) == (["end", "start"], [[-10, 0], [10, 0]])


def test_the_deck_needs_no_token_and_follows_the_theme() -> None:
    """Carto basemap without a style, so Streamlit picks the light or dark basemap; every layer has an id."""
    spec = spec_of(drawn(TABLES["routes"]).deck)
    assert spec["mapProvider"] == "carto"
    assert "mapStyle" not in spec
    assert [item["id"] for item in spec["layers"]] == [deck.LEGS_LAYER, deck.POINTS_LAYER, deck.LABELS_LAYER]
    labels = layer(spec, deck.LABELS_LAYER)
    assert labels["characterSet"] == "auto", "non-ASCII country names need every glyph"
    assert layer(spec, deck.LEGS_LAYER)["widthUnits"] == "pixels"


def test_picking_a_route_outlines_its_legs() -> None:
    """The route picked in the list gets an outline layer under its legs."""
    spec = spec_of(drawn(TABLES["routes"], picked="R7").deck)
    assert spec["layers"][0]["id"] == deck.PICKED_LAYER
    assert len(spec["layers"][0]["data"]) == 3


@pytest.mark.parametrize(
    ("picked", "objects", "expected", "heading"),
    [
        (
            "R9",
            {"legs": [{"from": "SRB", "to": "CZE", "status": "alleged"}]},
            ("R9",),
            "Route chosen in the list",
        ),
        (None, {"legs": [{"from": "SRB", "to": "CZE", "status": "alleged"}]}, ("R1", "R5"), "Claims naming"),
        (None, {"countries": [{"code": "POL"}]}, ("R2",), "Routes through Poland"),
        ("R99", {}, (), ""),
        (None, {"legs": [{"from": "SRB", "to": "POL", "status": "reported"}]}, (), ""),
    ],
)
def test_focus_follows_the_list_then_the_click(
    picked: str | None, objects: dict[str, Any], expected: tuple[str, ...], heading: str
) -> None:
    """The list wins over a click; a click on a line shows every claim naming it; stale ids show nothing."""
    result = drawn(TABLES["routes"])
    focus = evidence.focus(picked, objects, TABLES["routes"], result.legs, NAMES)
    assert focus.route_ids == expected
    assert focus.heading.startswith(heading)


def evidence_of(route: str, frame: pd.DataFrame = TABLES["routes"]) -> evidence.Evidence:
    [shown] = evidence.evidences([route], frame, TABLES["events"], TABLES["sources"], NAMES)
    return shown


def test_evidence_is_the_claim_its_answers_and_their_sources() -> None:
    """R7's claim is Mash's E04; five events answer it; each cited source is listed once with an http(s) link."""
    shown = evidence_of("R7")
    assert "**The claim:** (E04)" in shown.markdown
    assert "**Responses (5):**" in shown.markdown
    for event_id in ("E05", "E06", "E07", "E08", "E47"):
        assert f"({event_id})" in shown.markdown
    assert "first reported 2023\\-02" in shown.markdown, "a month-precision date is shown as the month"
    assert shown.sources.frame["for"].iloc[0] == "route"
    assert shown.sources.frame["link"].str.startswith("https://").all()
    assert not shown.sources.frame.duplicated("link").any()


def test_evidence_says_when_no_one_answered() -> None:
    """A claim nobody answered says so instead of showing an empty list."""
    shown = evidence_of("R11")
    assert "**Responses:** none recorded in the data." in shown.markdown


def test_evidence_escapes_hostile_text() -> None:
    """Markdown, tags and a 10,000-character note in a route show literally and shortened."""
    frame = TABLES["routes"].copy()
    frame.loc[frame["route_id"] == "R2", ["claimant", "note"]] = ["**x** <script>", "A" * 10_000]
    shown = evidence_of("R2", frame)
    assert "\\*\\*x\\*\\* \\<script\\>" in shown.markdown
    assert "10,000 characters in all" in shown.markdown
    assert len(shown.markdown) < 5_000


def test_the_table_is_the_map_in_words() -> None:
    """One row per route with its path in country names, its status, date, source and whether it is on the map."""
    result = drawn(TABLES["routes"])
    listed = table.routes_table(TABLES["routes"], result.legs, TABLES["sources"], NAMES).frame.set_index(
        "route"
    )
    assert listed.loc["R7", "path"] == "Serbia → Turkey → Slovakia → Ukraine"
    assert listed.loc["R7", "first reported"] == "2023-02"
    assert listed.loc["R1", "source"] == "AP (copy on WTOP)", "the outlet that wrote the text comes first"
    assert listed.loc["R4", "on the map"] == "no: a stop has no location"
    assert listed.loc["R1", "on the map"] == "yes"
    assert listed["link"].str.startswith("http").all()


def test_the_key_shows_every_status_style() -> None:
    """The key draws each status in its own colour and says that unlocated places are not drawn."""
    svg = styles.key_svg()
    for status in styles.STYLES:
        r, g, b = styles.style(status).colour
        assert f"rgb({r},{g},{b})" in svg
        assert f">{status}<" in svg
    assert "no location is not drawn" in svg


def deck_spec(at: Any) -> dict[str, Any]:
    return json.loads(at.get("deck_gl_json_chart")[0].proto.json)  # type: ignore[no-any-return]


def legs_in(at: Any) -> set[tuple[str, str]]:
    return {(item["from"], item["to"]) for item in layer(deck_spec(at), deck.LEGS_LAYER)["data"]}


def test_page_shows_every_route_on_the_map_and_in_the_table(open_page: OpenPage) -> None:
    """By default the map has every located leg, the table all 12 routes, and R4 is listed as unlocated."""
    at = open_page(PAGE)
    assert not at.exception, [e.value for e in at.exception]
    assert ("SRB", "TUR") in legs_in(at)
    assert ("USA", "UKR") in legs_in(at)
    assert json.loads(at.get("deck_gl_json_chart")[0].proto.tooltip)["text"] == "{tooltip_text}"
    assert at.get("deck_gl_json_chart")[0].proto.alt.startswith("Map of 12 routes")
    assert at.dataframe[-1].value["route"].tolist() == [f"R{i}" for i in range(1, 13)]
    assert any("**R4**" in m.value and "not drawn" in m.value for m in at.markdown)


def test_page_country_filter_keeps_the_routes_touching_it(open_page: OpenPage) -> None:
    """?country=POL keeps only the Poland route: two legs on the map, one row in the table."""
    at = open_page(PAGE, country=["POL"])
    assert not at.exception
    assert legs_in(at) == {("SRB", "POL"), ("POL", "UKR")}
    assert at.dataframe[-1].value["route"].tolist() == ["R2"]
    assert deck_spec(at)["initialViewState"] == deck_spec(open_page(PAGE))["initialViewState"]


def test_page_date_and_status_filters_apply(open_page: OpenPage) -> None:
    """From 2025 on, reported routes only: the BIRN route (R12) alone."""
    at = open_page(PAGE, status=["reported"], **{"from": ["2025-01-01"]})
    assert not at.exception
    assert at.dataframe[-1].value["route"].tolist() == ["R12"]
    assert legs_in(at) == {("BIH", "SRB"), ("SRB", "HUN"), ("HUN", "CZE")}


def test_page_empty_selection_shows_a_message(open_page: OpenPage) -> None:
    """A filter no route matches shows an empty state, not a map or an error."""
    at = open_page(PAGE, country=["XAF"], status=["documented"])
    assert not at.exception
    assert any("No routes match these filters" in i.value for i in at.info)
    assert not at.get("deck_gl_json_chart")


def test_page_route_picker_opens_the_evidence(open_page: OpenPage) -> None:
    """Choosing R7 in the list shows its claim, the five answers and the sources, and outlines it on the map."""
    at = open_page(PAGE)
    at.selectbox(key="route_pick").select("R7").run()
    assert not at.exception
    text = "\n".join(m.value for m in at.markdown)
    assert "Route chosen in the list" in text
    assert "**Responses (5):**" in text
    sources = at.dataframe[0].value
    assert sources["for"].tolist()[0] == "route"
    assert deck_spec(at)["layers"][0]["id"] == deck.PICKED_LAYER


def mercator(lon: float, lat: float, zoom: float) -> tuple[float, float]:
    size = 512 * 2**zoom
    x = (lon + 180) / 360 * size
    y = (1 - math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) / math.pi) / 2 * size
    return x, y


def screen_point(box: dict[str, float], view: dict[str, Any], lon: float, lat: float) -> tuple[float, float]:
    """Where (lon, lat) is drawn in a deck canvas at `box` showing the opening `view` (Web Mercator)."""
    centre = mercator(view["longitude"], view["latitude"], view["zoom"])
    point = mercator(lon, lat, view["zoom"])
    return box["x"] + box["width"] / 2 + point[0] - centre[0], box["y"] + box["height"] / 2 + point[
        1
    ] - centre[1]


TRICKY_NAME = "Poland {name} {tooltip_text} $& <b>x</b>"
WAIT = 120_000  # ms for any one state to appear: generous, as other programs may be using the CPUs


def hover_until(page: Any, point: tuple[float, float], shown: Any, tries: int = 40) -> None:
    """Move the mouse onto `point` until `shown` appears.

    deck.gl picks nothing until its layers are drawn, and a mouse resting on the point sends no further
    event, so the mouse moves off and back on until the tooltip is there.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    for _ in range(tries):
        page.mouse.move(point[0] + 40, point[1] + 40)
        page.mouse.move(*point)
        try:
            shown.wait_for(timeout=3_000)
            return
        except PlaywrightTimeoutError:
            continue
    shown.wait_for(timeout=3_000)


@pytest.mark.browser
def test_browser_map_draws_its_key_tooltips_and_evidence(tmp_path: Path) -> None:
    """/map draws the map and its key; a tooltip shows braces literally; a click and the list open the evidence."""
    require_browser()
    poland = next(i for i, row in enumerate(rows(bundled()["countries.csv"])) if row[0] == "POL")
    for name, raw in bundled().items():
        (tmp_path / name).write_bytes(
            edit(raw, poland, "name", TRICKY_NAME) if name == "countries.csv" else raw
        )
    result = drawn(TABLES["routes"])
    view = spec_of(result.deck)["initialViewState"]
    line = result.lines.set_index(["from", "to", "status"]).loc[("TUR", "UKR", "reported")]
    located = COUNTRIES.set_index("code")
    with (
        streamlit_server(env={"DASHBOARD_DATA": str(tmp_path)}) as base,
        chromium(width=1280, height=1400) as page,
    ):
        page.set_default_timeout(WAIT)
        page.goto(f"{base}/map")
        wait_ready(page, PAGE.heading, timeout=WAIT)
        canvas = page.locator('[data-testid="stDeckGlJsonChart"] canvas').first
        canvas.wait_for()
        page.get_by_alt_text("Key: alleged", exact=False).wait_for()
        page.get_by_text("Not on the map: no location").wait_for()
        box = canvas.bounding_box()
        assert box is not None
        assert box["width"] > 300, box
        tooltip = page.locator(".deck-tooltip")
        poland_point = screen_point(box, view, located.loc["POL", "lon"], located.loc["POL", "lat"])
        hover_until(page, poland_point, tooltip.get_by_text("Transit on 1 route"))
        assert tooltip.inner_text().startswith(TRICKY_NAME), "the tooltip re-read the name's braces"
        lon, lat = line["path"][len(line["path"]) // 2]
        page.mouse.click(*screen_point(box, view, lon, lat))
        page.get_by_text("Claims naming the line Turkey → Ukraine (reported)").wait_for()
        page.get_by_text("R11 · Serbia → Turkey → Ukraine").first.wait_for()
        page.wait_for_selector(READY)
        page.locator('[data-testid="stSelectbox"]').first.click()
        page.get_by_role("option", name="R7 ·").first.click()
        page.get_by_text("Route chosen in the list").wait_for()
        page.get_by_text("Responses (5):").wait_for()
        page.wait_for_selector(READY)
        assert page.locator('[data-testid="stException"]').count() == 0
