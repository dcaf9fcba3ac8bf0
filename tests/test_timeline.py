"""The statements timeline: the figure, the card, the table and the page, as a reader sees them."""

from __future__ import annotations

import base64
import html
import itertools
import json
import textwrap
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd
import pytest

from dashboard import timeline
from dashboard.data import load_folder
from dashboard.present.formats import country_labels
from dashboard.present.labels import text_px
from dashboard.present.text import readable
from dashboard.registry import BY_KEY
from dashboard.timeline.card import card_text, event_card, search, statements_table
from dashboard.timeline.figure import KIND_STYLE, selected_event
from dashboard.timeline.hover import hover_texts
from dashboard.timeline.key import SHAPES, Key, chart_key, key_alt, key_svg
from dashboard.timeline.layout import ROW_LABEL_SHIFT, ROW_PX, row_px
from dashboard.timeline.moments import LABEL_PLOT_PX, LINE_PX, key_moments, label_lines
from dashboard.timeline.rows import answered_by, rows, short_actor
from tests.browser import chromium, require_browser, streamlit_server, wait_ready
from tests.conftest import DATA, OpenPage

PACKAGE = load_folder(DATA)
EVENTS = PACKAGE.tables["events"]
SOURCES = PACKAGE.tables["sources"]
NAMES = country_labels(PACKAGE.tables["countries"])
PAGE = BY_KEY["timeline"]


def values(array: Any) -> list[Any]:
    """A plotly JSON array as a list (plotly writes numeric arrays as typed base64 blocks)."""
    if isinstance(array, dict) and "bdata" in array:
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"]).tolist()
    return list(array)


def traces(spec: dict[str, Any], role: str) -> list[dict[str, Any]]:
    """The traces of one role (events, answers, date-span, picked, row-names), with their arrays as lists."""
    found = [t for t in spec["data"] if (t.get("meta") or {}).get("role") == role]
    for trace in found:
        for key in ("x", "y", "customdata", "hovertext", "text"):
            if key in trace:
                trace[key] = values(trace[key])
    return found


def drawn_events(spec: dict[str, Any]) -> list[str]:
    return [eid for t in traces(spec, "events") for eid in t["customdata"]]


def view(
    events: pd.DataFrame = EVENTS,
    all_events: pd.DataFrame = EVENTS,
    picked: str | None = None,
    query: str = "",
    dark: bool = False,
    phone: bool = False,
) -> timeline.TimelineView:
    """The page's view, built as the page builds it."""
    package = (
        PACKAGE if all_events is EVENTS else replace(PACKAGE, tables={**PACKAGE.tables, "events": all_events})
    )
    return timeline.build(package, {"events": events}, picked=picked, query=query, dark=dark, phone=phone)


def figure_spec(
    events: pd.DataFrame = EVENTS, picked: str | None = None, all_events: pd.DataFrame = EVENTS
) -> dict[str, Any]:
    chart = view(events, all_events, picked=picked).figure
    assert chart is not None
    spec: dict[str, Any] = json.loads(chart.to_json())
    return spec


def row_labels(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The names of the chart's rows (countries and speakers), from the top row down: text, the row
    they name (`y`), where they are drawn (`at`, in axis units) and their text position."""
    (trace,) = traces(spec, "row-names")
    shift = ROW_LABEL_SHIFT / row_px(len(trace["y"]))
    found = [
        {
            "name": name,
            "text": text,
            "x": x,
            "at": at,
            "y": round(at + (shift if name == "speaker" else 0)),
            "textposition": position,
        }
        for name, text, x, at, position in zip(
            trace["meta"]["rows"], trace["text"], trace["x"], trace["y"], trace["textposition"], strict=True
        )
    ]
    return sorted(found, key=lambda a: a["y"])


def point(spec: dict[str, Any], event_id: str) -> dict[str, Any]:
    """Marker style, position and hover of one event in a figure spec."""
    for trace in traces(spec, "events"):
        if event_id in trace["customdata"]:
            i = trace["customdata"].index(event_id)
            return {
                "kind": trace["meta"]["kinds"][i],
                "colour": trace["marker"]["color"][i],
                "symbol": trace["marker"]["symbol"][i],
                "x": pd.Timestamp(trace["x"][i]),
                "y": trace["y"][i],
                "hover": trace["hovertext"][i],
                "text": trace["text"][i],
            }
    raise AssertionError(f"{event_id} is not drawn")


def test_one_marker_per_event_in_the_selection() -> None:
    """Every event of the selection is one marker, identified by its event id, and none twice."""
    spec = figure_spec()
    assert sorted(drawn_events(spec)) == sorted(EVENTS["event_id"])
    bulgaria = EVENTS.loc[EVENTS["countries"].str.contains("BGR") | (EVENTS["actor_country"] == "BGR")]
    assert sorted(drawn_events(figure_spec(bulgaria))) == sorted(bulgaria["event_id"])


@pytest.mark.parametrize(
    ("event_id", "kind", "colour", "symbol"),
    [
        ("E23", "allegation", "#D55E00", "diamond"),
        ("E24", "denial", "#0072B2", "square"),
        ("E17", "acknowledgement", "#882255", "triangle-down"),
        ("E16", "report", "#E69F00", "pentagon"),
        ("E01", "official_statement", "#56B4E9", "circle"),
        ("E09", "leak", "#CC79A7", "star"),
        ("E30", "policy", "#F0E442", "cross"),
    ],
)
def test_each_kind_has_its_own_colour_and_shape(event_id: str, kind: str, colour: str, symbol: str) -> None:
    """An event is drawn in the Okabe–Ito colour and the marker shape of its kind (all high confidence here)."""
    drawn = point(figure_spec(), event_id)
    assert (drawn["kind"], drawn["colour"], drawn["symbol"]) == (kind, colour, symbol)


def test_confidence_is_the_fill_of_the_marker() -> None:
    """High confidence is filled, medium an outline with a dot, low hollow: E15 (low) is a hollow pentagon."""
    spec = figure_spec()
    assert point(spec, "E15")["symbol"] == "pentagon-open"
    assert point(spec, "E26")["symbol"] == "circle-open"
    assert point(spec, "E02")["symbol"] == "pentagon-open-dot"
    assert point(spec, "E16")["symbol"] == "pentagon"


def test_the_key_names_what_the_chart_draws_and_nothing_else() -> None:
    """The key outside the chart lists the kinds drawn, the three fills, and the date bar and answer
    arrow only where the chart has one; its words say the same."""
    full = chart_key(EVENTS)
    drawn_kinds = tuple(k for k in KIND_STYLE if k != "confirmation")  # no confirmation in the data
    assert full == Key(drawn_kinds, bars=True, arrows=True)
    svg = key_svg(full, dark=False)
    for words in ("Allegation", "Denial", "Official statement", "high", "medium", "low", "Bar:", "Arrow:"):
        assert f">{words}" in svg
    denial = EVENTS.loc[
        EVENTS["event_id"] == "E24"
    ]  # Vučić's denial: a day, and what it answers is not drawn
    alone = chart_key(denial)
    assert alone == Key(("denial",), bars=False, arrows=False)
    svg = key_svg(alone, dark=False)
    assert ">Denial<" in svg
    assert ">Allegation<" not in svg
    assert "Bar:" not in svg
    assert "Arrow:" not in svg
    assert key_alt(alone) == (
        "Key: Denial, blue square. Fill gives the confidence: filled high, an outline with a dot medium, hollow low."
    )
    assert "An arrow runs from a statement to its answer." in key_alt(full)


def test_the_chart_draws_no_legend_of_its_own() -> None:
    """The key is outside the chart: plotly draws no legend (it would be a second, slower key)."""
    spec = figure_spec()
    assert spec["layout"]["showlegend"] is False
    assert all(t.get("showlegend") is False for t in spec["data"])


def test_answers_are_drawn_from_the_answered_event_to_the_answer() -> None:
    """E24 (Vučić's denial) answers E23 (the SVR): a line runs from E23's marker to E24's."""
    spec = figure_spec()
    [answers] = traces(spec, "answers")
    pairs = {pair for pair in answers["customdata"] if pair}
    expected = {f"{r}>{e}" for e, r in zip(EVENTS["event_id"], EVENTS["responds_to"], strict=True) if r}
    assert pairs == expected
    i = answers["customdata"].index("E23>E24")
    svr, denial = point(spec, "E23"), point(spec, "E24")
    assert (pd.Timestamp(answers["x"][i]), answers["y"][i]) == (svr["x"], svr["y"])
    assert (pd.Timestamp(answers["x"][i + 2]), answers["y"][i + 2]) == (denial["x"], denial["y"])
    sizes = values(answers["marker"]["size"])
    assert answers["marker"]["symbol"] == "arrow"
    assert (sizes[i], sizes[i + 1], sizes[i + 2]) == (0, 11, 0), "one arrowhead, halfway along the line"


def test_answers_to_events_outside_the_selection_are_not_drawn() -> None:
    """With only the denials shown, no answer line points at an allegation that is not on the chart."""
    denials = EVENTS.loc[EVENTS["kind"] == "denial"]
    [answers] = traces(figure_spec(denials), "answers")
    assert [p for p in answers["customdata"] if p] == []


def test_a_month_precision_event_is_drawn_across_its_month() -> None:
    """E04 (known only as February 2023) is a bar over the whole month, its marker mid-month, labelled as such."""
    spec = figure_spec()
    mash = point(spec, "E04")
    assert mash["x"] == pd.Timestamp("2023-02-15")
    assert mash["text"] == "2023-02, day unknown"
    assert "only the month is known" in mash["hover"]
    [span] = [t for t in traces(spec, "date-span") if "E04" in t["customdata"]]
    i = span["customdata"].index("E04")
    assert (span["x"][i][:10], span["x"][i + 1][:10]) == ("2023-02-01", "2023-03-01")
    assert span["y"][i] == span["y"][i + 1] == mash["y"]
    assert point(spec, "E05")["text"] == ""


def test_rows_are_grouped_by_the_actors_country() -> None:
    """Each country has a heading row followed by its actors; Serbia (most statements) comes first."""
    table, _ = rows(EVENTS, NAMES)
    headings = [row.country_name for row in table if row.heading]
    assert headings[:2] == ["Serbia", "Russia"]
    for _, group in itertools.groupby(table, key=lambda row: row.country):
        members = list(group)
        assert [row.y for row in members] == list(range(members[0].y, members[-1].y + 1))
        assert members[0].heading
    assert len(headings) == len({row.country for row in table}), "a country's rows are together"
    labels = [a["text"] for a in row_labels(figure_spec())]
    assert labels[0] == "<b>Serbia</b>"
    assert "SVR press bureau" in labels


@pytest.mark.parametrize(
    ("actor", "label"),
    [
        ("Reuters, on a leaked Pentagon (JCS) chart dated 2 Mar", "Reuters"),
        ("Yuri Pilipson (Russian MFA) and Vučić", "Yuri Pilipson and Vučić"),
        ("Aleksandar Vučić (to FT)", "Aleksandar Vučić"),
        ("Vučić in Odesa; Zelensky", "Vučić in Odesa; Zelensky"),
        ("(only brackets)", "(only brackets)"),
        ("A" * 10_000, "A" * 27 + "…"),
    ],
)
def test_long_actor_names_are_shortened_for_the_axis_only(actor: str, label: str) -> None:
    """The axis label drops descriptions in brackets or after a comma; the hover keeps the full name."""
    assert short_actor(actor) == label


def test_full_actor_name_is_in_the_hover() -> None:
    """The hover of E09 names the actor in full; its row's label is the short name."""
    spec = figure_spec()
    reuters = point(spec, "E09")
    assert "Reuters, on a leaked Pentagon (JCS) chart dated 2 Mar" in reuters["hover"]
    assert [a["text"] for a in row_labels(spec) if a["y"] == reuters["y"]] == ["Reuters"]


def test_rows_are_named_inside_the_plot_above_their_markers() -> None:
    """Each country and speaker row is named by one label at the plot's left edge; the axis shows no names."""
    spec = figure_spec()
    table, _ = rows(EVENTS, NAMES)
    labels = row_labels(spec)
    assert [a["y"] for a in labels] == [row.y for row in table], "one label per row"
    assert spec["layout"]["yaxis"]["showticklabels"] is False
    left = spec["layout"]["xaxis"]["range"][0]
    assert all(a["x"] == left and a["textposition"].endswith("right") for a in labels), "at the left edge"
    (names,) = traces(spec, "row-names")
    assert names["hoverinfo"] == "skip", "a name takes no hover and no click"
    speakers = [a for a in labels if a["name"] == "speaker"]
    assert len(speakers) == sum(not row.heading for row in table)
    assert all(a["textposition"] == "top right" and a["at"] < a["y"] for a in speakers), (
        "a speaker's name sits above the middle of its row, where its markers are"
    )
    svr = point(spec, "E23")
    assert [a["text"] for a in speakers if a["y"] == svr["y"]] == ["SVR press bureau"]


def test_the_rows_leave_room_for_a_label_above_the_markers() -> None:
    """Rows are tall enough for a label line above 13 px markers, and the chart grows with the rows."""
    spec = figure_spec()
    count = len(rows(EVENTS, NAMES)[0])
    margin = spec["layout"]["margin"]
    assert spec["layout"]["height"] - margin["t"] - margin["b"] == count * ROW_PX
    # A marker reaches 13 / 2 + 2 px (its outline) from its row's middle; a label's box is 15 px for
    # 11 px text in Chromium, from its point up. The browser test below measures the real boxes.
    marker = 13 / 2 + 2
    assert marker < ROW_LABEL_SHIFT, "labels touch their own row's markers"
    assert ROW_PX - marker >= ROW_LABEL_SHIFT + 15, "labels touch the row above"
    assert margin["l"] <= 20, "the plot keeps the width; names are inside it"


def test_the_chart_neither_pans_nor_zooms() -> None:
    """Dragging across the chart neither pans nor zooms it: both axes are fixed and the drag mode is off."""
    layout = figure_spec()["layout"]
    assert layout["dragmode"] is False
    assert layout["xaxis"]["fixedrange"] is True
    assert layout["yaxis"]["fixedrange"] is True


@pytest.mark.parametrize(
    "summary",
    [
        "A state-of-the-art, well-known e-mail from the Ministry -- and a follow-up about 155-mm rounds",
        "Word " * 40,
        "x" * 75 + " tail",
        "Non\u00a0breaking spaces and\ttabs\nand new lines stay whole",
    ],
)
def test_a_long_summary_is_wrapped_in_the_hover_without_losing_a_word(summary: str) -> None:
    """The hover breaks a long summary into lines of at most 60 characters, as textwrap would, every word kept."""
    event = EVENTS.loc[EVENTS["event_id"] == "E23"].assign(summary=summary)
    [hover] = hover_texts(event, NAMES, {})
    lines = [html.unescape(line) for line in hover.split("<br>")[3:]]
    assert lines == textwrap.wrap(" ".join(summary.split()), 60)
    assert all(len(line) <= 60 for line in lines)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("<b>bold</b><br>", "&lt;b&gt;bold&lt;/b&gt;&lt;br&gt;"),
        ("$x^2$", "&#36;x^2&#36;"),
        ("%{customdata} &amp;", "%{customdata} &amp;amp;"),
        ("\u202eevil", "⟨U+202E⟩evil"),
    ],
)
def test_data_in_plotly_text_shows_literally(value: str, shown: str) -> None:
    """Tags, LaTeX dollars, entities and direction overrides in an actor's name reach the hover escaped."""
    event = EVENTS.loc[EVENTS["event_id"] == "E23"].assign(actor=value)
    [hover] = hover_texts(event, NAMES, {})
    assert hover.split("<br>")[1] == f"{shown} (Russia)"


def test_hostile_actor_and_summary_are_escaped_in_the_figure() -> None:
    """A `<b>` actor and a `$…$` summary appear escaped in hover and row label; the hover has no template."""
    hostile = EVENTS.copy()
    hostile.loc[hostile["event_id"] == "E23", ["actor", "summary"]] = ["<b>SVR</b>", "$5 to $6 %{x}"]
    spec = figure_spec(hostile, all_events=hostile)
    drawn = point(spec, "E23")
    assert "&lt;b&gt;SVR&lt;/b&gt;" in drawn["hover"]
    assert "&#36;5 to &#36;6 %{x}" in drawn["hover"]
    assert "&lt;b&gt;SVR&lt;/b&gt;" in [a["text"] for a in row_labels(spec)]
    assert all("hovertemplate" not in t for t in traces(spec, "events"))


def test_key_moments_are_the_labelled_events_of_the_data() -> None:
    """The invasion, the Pentagon leak, the FT estimate, the SVR statement and the export halt are marked from events.csv."""
    moments = key_moments(EVENTS)
    assert [(m.event_ids, m.label) for m in moments] == [
        (("E00",), "Full-scale invasion"),
        (("E09",), "Pentagon leak"),
        (("E16",), "FT estimate"),
        (("E23",), "SVR statement"),
        (("E30",), "Export halt"),
    ]
    spec = figure_spec()
    marks = [s for s in spec["layout"]["shapes"] if s.get("name", "").startswith("key moment")]
    assert {s["name"] for s in marks} == {f"key moment {','.join(m.event_ids)}" for m in moments}


def test_without_labels_key_moments_are_derived_from_the_data() -> None:
    """With no key_moment column, leaks, policy acts and answered claims are marked; nothing is typed in."""
    moments = {m.event_ids[0]: m for m in key_moments(EVENTS.drop(columns="key_moment"))}
    assert {"E09", "E16", "E23", "E30"} <= set(moments)
    assert moments["E30"].event_ids == ("E30", "E31", "E32", "E34")
    assert moments["E09"].label == "Leak: Reuters"
    unlabelled = EVENTS.drop(columns="key_moment")
    spec = figure_spec(unlabelled, all_events=unlabelled)
    [month] = [s for s in spec["layout"]["shapes"] if s.get("name") == "key moment E04"]
    assert month["type"] == "rect", "a moment known only to the month is a band, not a line on the 1st"


def test_a_key_moment_column_replaces_the_derived_moments() -> None:
    """When events.csv carries a key_moment label, exactly those events are marked, with that label."""
    labelled = EVENTS.assign(key_moment=None)
    labelled.loc[labelled["event_id"] == "E09", "key_moment"] = "Pentagon leak"
    labelled.loc[labelled["event_id"] == "E16", "key_moment"] = "FT estimate"
    moments = key_moments(labelled)
    assert [(m.event_ids, m.label) for m in moments] == [
        (("E09",), "Pentagon leak"),
        (("E16",), "FT estimate"),
    ]


def label_extents(
    labels: list[tuple[pd.Timestamp, str]], x_range: tuple[pd.Timestamp, pd.Timestamp]
) -> list[Any]:
    """Line and left/right edge (px, on a plot LABEL_PLOT_PX wide) of each moment label as placed."""
    span = (x_range[1] - x_range[0]) / pd.Timedelta(days=1)
    out = []
    for (when, _), (anchor, line, text) in zip(labels, label_lines(labels, x_range), strict=True):
        at = (when - x_range[0]) / pd.Timedelta(days=1) / span * LABEL_PLOT_PX
        width = text_px(text) + 8
        out.append((line, at if anchor == "left" else at - width, at + width if anchor == "left" else at))
    return out


def test_moment_labels_do_not_overlap() -> None:
    """Labels of nearby moments go on different lines above the plot, and none runs off a phone's plot."""
    x_range = (pd.Timestamp("2022-01-01"), pd.Timestamp("2026-01-01"))
    labels = [
        (pd.Timestamp("2022-02-24"), "Full-scale invasion"),
        (pd.Timestamp("2023-04-12"), "Pentagon leak"),
        (pd.Timestamp("2024-06-22"), "FT estimate"),
        (pd.Timestamp("2025-05-29"), "Allegation: SVR"),
        (pd.Timestamp("2025-06-23"), "Policy: Vučić"),
    ]
    placed = label_extents(labels, x_range)
    for (line_a, left_a, right_a), (line_b, left_b, right_b) in itertools.combinations(placed, 2):
        assert line_a != line_b or right_a < left_b or right_b < left_a, "two moment labels overlap"
    assert all(left >= 0 for _, left, _ in placed), "a label runs off the left of the plot"
    assert all(right <= LABEL_PLOT_PX for _, _, right in placed), "a label runs off the right"
    assert [anchor for anchor, _, _ in label_lines(labels, x_range)][-2:] == ["right", "right"]


def test_a_moment_label_too_long_for_a_phone_is_shortened() -> None:
    """A long moment label in the middle of the axis is cut with an ellipsis so it stays on the chart."""
    x_range = (pd.Timestamp("2022-01-01"), pd.Timestamp("2026-01-01"))
    label = "Policy: Aleksandar Vučić / Gove… and 3 more"
    [(_, _, text)] = label_lines([(pd.Timestamp("2024-01-01"), label)], x_range)
    assert text.endswith("…")
    assert label.startswith(text[:-1])
    [(_, left, right)] = label_extents([(pd.Timestamp("2024-01-01"), label)], x_range)
    assert left >= 0
    assert right <= LABEL_PLOT_PX


def test_the_bundled_moment_labels_go_where_they_went() -> None:
    """The bundled data's key moments: each label's anchor and line above the plot."""
    spec = figure_spec()
    placed = [
        (a["text"], a["xanchor"], (a["yshift"] - 2) / LINE_PX)
        for a in spec["layout"]["annotations"]
        if a.get("name", "").startswith("key moment")
    ]
    assert placed == [
        ("Full-scale invasion", "left", 0),
        ("Pentagon leak", "left", 1),
        ("FT estimate", "left", 0),
        ("SVR statement", "right", 2),
        ("Export halt", "right", 1),
    ]


@pytest.mark.parametrize(
    ("labels", "lines"),
    [
        ([(10, 4), (42, 1)], [0, 1]),  # 10 to 42, then 42 to 56: meeting at 42 takes a new line
        ([(10, 4), (43, 1)], [0, 0]),  # 10 to 42, then 43 to 57: the same line
        ([(10, 20), (20, 4), (60, 4)], [0, 1, 1]),  # 10 to 138, 20 to 52, then 60 to 92: line 0 taken, 1 free
        ([(10, 20), (20, 4), (50, 4)], [0, 1, 2]),  # ... then 50 to 82: no line free, a new one
        ([(200, 4), (10, 4)], [0, 1]),  # 200 to 232, then 10 to 42: a line is free only past its last label
        ([(10, 4), (310, 44)], [0, 1]),  # 10 to 42, then 38 to 310 (left of its date, to fit): a new line
    ],
)
def test_a_moment_label_takes_the_first_line_free_from_its_start(
    labels: list[tuple[int, int]], lines: list[int]
) -> None:
    """Each label (at a day, so many characters) takes the lowest line whose last label ends before it
    starts; a plot of 320 days on LABEL_PLOT_PX is a day a pixel, a label 6 px a character and 8 more."""
    x_range = (pd.Timestamp("2020-01-01"), pd.Timestamp("2020-01-01") + pd.Timedelta(days=LABEL_PLOT_PX))
    placed = label_lines(
        [(x_range[0] + pd.Timedelta(days=day), "x" * chars) for day, chars in labels], x_range
    )
    assert [line for _, line, _ in placed] == lines


def test_the_picked_event_is_ringed() -> None:
    """The event whose card is shown is ringed on the chart, at its marker."""
    spec = figure_spec(picked="E23")
    [ring] = traces(spec, "picked")
    svr = point(spec, "E23")
    assert (pd.Timestamp(ring["x"][0]), ring["y"][0]) == (svr["x"], svr["y"])
    assert traces(figure_spec(), "picked") == []


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ({"selection": {"points": [{"customdata": "E24", "point_index": 3}]}}, "E24"),
        ({"selection": {"points": [{"customdata": ["E24"]}]}}, "E24"),
        ({"selection": {"points": [{"customdata": "E23>E24"}, {"customdata": "E07"}]}}, "E07"),
        ({"selection": {"points": [{"x": 1}]}}, None),
        ({"selection": {"points": []}}, None),
        (None, None),
    ],
)
def test_the_clicked_marker_names_its_event(state: dict[str, Any] | None, expected: str | None) -> None:
    """A plotly selection state gives the event id of the clicked marker, never an answer line."""
    assert selected_event(state) == expected


def test_card_says_what_the_event_answers_and_what_answered_it() -> None:
    """E24's card: its date, actor, kind, confidence, source link, the SVR statement it answers, and Zakharova's reply."""
    card = event_card("E24", EVENTS, EVENTS, SOURCES, NAMES)
    assert card is not None
    assert (card.when, card.actor, card.kind, card.confidence) == (
        "2025-05-29",
        "Aleksandar Vučić on RTS",
        "Denial",
        "high",
    )
    assert card.url is not None
    assert card.url.startswith("https://")
    [answers] = card.answers
    assert answers.startswith("E23, 2025-05-29, SVR press bureau (allegation)")
    assert [m[:3] for m in card.answered_by] == ["E27"]
    month = event_card("E04", EVENTS, EVENTS, SOURCES, NAMES)
    assert month is not None
    assert month.when == "2023-02 (only the month is known)"


def test_card_notes_answers_outside_the_selection() -> None:
    """An answer that the filters hide is still named, marked as outside the current filters."""
    card = event_card("E24", EVENTS.loc[EVENTS["event_id"] == "E24"], EVENTS, SOURCES, NAMES)
    assert card is not None
    assert card.answers[0].endswith("(outside the current filters)")


def test_card_markdown_escapes_the_data() -> None:
    """Markdown, tags and a javascript: URL in data show literally in the card, and the URL is no link."""
    hostile = EVENTS.copy()
    hostile.loc[hostile["event_id"] == "E24", "summary"] = "**bold** <script>x</script> $1 to $2"
    sources = SOURCES.copy()
    sources.loc[sources["source_id"] == "S23", "url"] = "javascript:alert(1)"
    card = event_card("E24", hostile, hostile, sources, NAMES)
    assert card is not None
    assert card.url is None
    shown = card_text(card)
    assert r"\*\*bold\*\* \<script\>x\</script\> \$1 to \$2" in shown.markdown
    assert (shown.url, shown.source) == (None, r"Source S23\: TASS (no web link)"), (
        "an unsafe address is no link"
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("svr", {"E23", "E32", "E40"}),
        ("ZAKHAROVA", {"E06", "E27", "E43", "E44"}),
        ("(", None),
        ("[a-z]+", set()),
        ("   ", None),
    ],
)
def test_search_is_literal_and_case_insensitive(query: str, expected: set[str] | None) -> None:
    """Search matches actor or summary as plain text; regex characters are just characters."""
    found = set(search(EVENTS, query)["event_id"])
    if expected is None:
        assert found <= set(EVENTS["event_id"])
    else:
        assert expected <= found
        for event_id in found:
            row = EVENTS.loc[EVENTS["event_id"] == event_id].iloc[0]
            assert query.lower() in (row["actor"] + " " + row["summary"]).lower()


def test_table_has_dates_as_known_and_only_web_links() -> None:
    """The table lists E04 as 2023-02, names who answered E23, and links only http(s) sources."""
    table = statements_table(EVENTS, len(EVENTS), SOURCES, NAMES, answered_by(EVENTS)).frame
    assert len(table) == len(EVENTS)
    by_event = table.set_index("event")
    assert by_event.loc["E04", "date"] == "2023-02"
    assert by_event.loc["E23", "answered by"] == "E24"
    assert by_event.loc["E24", "answers"] == "E23"
    assert table["link"].dropna().str.match(r"https?://").all()


def test_table_shows_direction_overrides_and_no_unsafe_link() -> None:
    """A direction override in an actor shows as its code point; no row citing a javascript: source links it."""
    hostile = EVENTS.copy()
    hostile.loc[hostile["event_id"] == "E23", "actor"] = "\u202eSVR"
    sources = SOURCES.copy()
    bad = str(hostile.loc[hostile["event_id"] == "E24", "source_id"].iloc[0])
    sources.loc[sources["source_id"] == bad, "url"] = "javascript:alert(1)"
    table = statements_table(hostile, len(hostile), sources, NAMES, answered_by(hostile))
    shown = readable(table.frame).set_index("event")  # as ui.show_table draws it
    assert shown.loc["E23", "actor"] == "⟨U+202E⟩SVR"
    citing = hostile.loc[hostile["source_id"] == bad, "event_id"]
    assert shown.loc[list(citing), "link"].isna().all(), "a javascript: address is never a link"
    assert shown["link"].notna().sum() == (~hostile["source_id"].eq(bad)).sum()


def page_chart(at: Any) -> dict[str, Any]:
    spec: dict[str, Any] = json.loads(at.get("plotly_chart")[0].proto.spec)
    return spec


def test_page_draws_every_event_and_the_table(open_page: OpenPage) -> None:
    """The page shows one marker per event and a table row per event, with no exception."""
    at = open_page(PAGE)
    assert not at.exception, [e.value for e in at.exception]
    assert sorted(drawn_events(page_chart(at))) == sorted(EVENTS["event_id"])
    assert len(at.dataframe[0].value) == len(EVENTS)
    assert at.selectbox(key="timeline_event").value is None


def test_page_follows_the_country_filter(open_page: OpenPage) -> None:
    """With Bulgaria selected, the chart and the table hold only Bulgaria's few events."""
    at = open_page(PAGE, country=["BGR"])
    assert not at.exception
    drawn = drawn_events(page_chart(at))
    assert 0 < len(drawn) < len(EVENTS)
    assert set(drawn) == {"E23", "E32", "E37"}
    assert sorted(at.dataframe[0].value["event"]) == sorted(drawn)


def test_search_narrows_the_table(open_page: OpenPage) -> None:
    """Typing in the search box keeps only the statements that mention it; '(' does not crash."""
    at = open_page(PAGE)
    at.text_input(key="timeline_search").input("Zakharova").run()
    assert not at.exception
    table = at.dataframe[0].value
    assert 0 < len(table) < len(EVENTS)
    assert set(table["event"]) == {"E06", "E27", "E43", "E44"}
    assert (table["actor"] + table["summary"]).str.contains("Zakharova").all()
    at.text_input(key="timeline_search").input("(").run()
    assert not at.exception
    at.text_input(key="timeline_search").input("no such words").run()
    assert any("No statements in the selection match this search" in i.value for i in at.info)


def test_picking_an_event_shows_its_card(open_page: OpenPage) -> None:
    """Choosing E24 in the picker shows its card with what it answers, and rings it on the chart."""
    at = open_page(PAGE)
    at.selectbox(key="timeline_event").set_value("E24").run()
    assert not at.exception
    text = "\n".join(m.value for m in at.markdown)
    assert "Aleksandar Vučić on RTS" in text
    assert "It answers" in text
    assert "E23" in text
    assert traces(page_chart(at), "picked")


def test_empty_selection_shows_an_empty_state(open_page: OpenPage) -> None:
    """Filters that match no statement show a message instead of a chart."""
    at = open_page(PAGE, country=["XAF"], kind=["Leak"])
    assert not at.exception
    assert any("No statements match these filters" in i.value for i in at.info)
    assert at.get("plotly_chart") == []


MARKER_POSITION = """(eventId) => {
    const plot = document.querySelector('[data-testid="stPlotlyChart"] .js-plotly-plot');
    const events = plot._fullData.filter((t) => t.meta && t.meta.role === "events");
    const drawn = events.flatMap((t) => Array.from(t.customdata));
    const trace = events.find((t) => Array.from(t.customdata).includes(eventId));
    const i = Array.from(trace.customdata).indexOf(eventId);
    const {xaxis, yaxis} = plot._fullLayout;
    const box = plot.getBoundingClientRect();
    return [drawn, box.left + xaxis._offset + xaxis.d2p(trace.x[i]), box.top + yaxis._offset + yaxis.d2p(trace.y[i])];
}"""


@pytest.mark.browser
def test_browser_shows_the_chart_and_a_clicked_events_card() -> None:
    """In Chromium the timeline is an SVG chart; clicking the SVR marker shows the SVR statement's card."""
    require_browser()
    with streamlit_server() as base, chromium(height=1600) as page:
        page.goto(f"{base}/timeline?country=BGR")
        wait_ready(page, PAGE.heading)
        chart = page.locator('[data-testid="stPlotlyChart"]')
        chart.locator("svg.main-svg").first.wait_for()
        assert page.locator('[data-testid="stException"]').count() == 0
        drawn, x, y = page.evaluate(MARKER_POSITION, "E23")
        assert sorted(drawn) == ["E23", "E32", "E37"], "Bulgaria's three events are drawn"
        page.mouse.move(x, y)
        page.mouse.click(x, y)
        page.get_by_text("Answered by", exact=True).wait_for(timeout=120_000)
        wait_ready(page, PAGE.heading)
        # The pointer still rests on the marker, so plotly's hover label repeats the summary; the card
        # is the one Markdown block that says it.
        card = page.locator('[data-testid="stMarkdownContainer"]', has_text="It named Yugoimport SDPR")
        assert card.count() == 1, "the SVR card is shown"
        assert page.locator('[data-testid="stException"]').count() == 0


PHONE_LAYOUT = """() => {
    const plot = document.querySelector('[data-testid="stPlotlyChart"] .js-plotly-plot');
    const box = (e) => { const b = e.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; };
    const labels = [...plot.querySelectorAll('.annotation')].map((e) => {
        const a = plot._fullLayout.annotations[Number(e.getAttribute('data-index'))];
        return [a.name, e.textContent, box(e.querySelector('text.annotation-text') || e)];
    });
    for (const t of plot.querySelectorAll('.scatterlayer .trace')) {
        const trace = t.__data__[0].trace;
        if ((trace.meta || {}).role !== 'row-names') continue;
        t.querySelectorAll('.textpoint').forEach((e, i) => labels.push([trace.meta.rows[i], e.textContent, box(e)]));
    }
    const markers = [...plot.querySelectorAll('.scatterlayer .trace')]
        .filter((t) => ((t.__data__[0].trace.meta || {}).role === 'events'))
        .flatMap((t) => [...t.querySelectorAll('.points path')].map(box));
    return {labels, markers, chart: box(plot), range: plot._fullLayout.xaxis.range};
}"""


def overlap(a: list[float], b: list[float]) -> bool:
    """Whether two boxes (left, top, right, bottom) share more than a pixel each way."""
    return a[0] < b[2] - 1 and b[0] < a[2] - 1 and a[1] < b[3] - 1 and b[1] < a[3] - 1


@pytest.mark.browser
def test_browser_phone_labels_are_inside_the_chart_and_clear_of_the_markers() -> None:
    """At 390 px every speaker and country name is on the chart, over no marker; moment labels do not
    collide; a drag across the plot leaves the chart where it was."""
    require_browser()
    with streamlit_server() as base, chromium(width=390, height=844) as page:
        page.goto(f"{base}/timeline")
        wait_ready(page, PAGE.heading)
        drag = page.locator('[data-testid="stPlotlyChart"] .nsewdrag').first
        drag.wait_for()
        seen = page.evaluate(PHONE_LAYOUT)
        box = drag.bounding_box()
        assert box is not None
        page.mouse.move(box["x"] + 250, box["y"] + 100)
        page.mouse.down()
        page.mouse.move(box["x"] + 60, box["y"] + 160, steps=8)
        page.mouse.up()
        assert page.evaluate(PHONE_LAYOUT)["range"] == seen["range"], "a drag moved the chart"
    names = [(text, box) for name, text, box in seen["labels"] if name in ("country", "speaker")]
    moments = [(text, box) for name, text, box in seen["labels"] if name.startswith("key moment")]
    assert len(names) == len(rows(EVENTS, NAMES)[0]), "one name per row"
    assert len(seen["markers"]) == len(EVENTS)
    chart = seen["chart"]
    off = [text for text, box in names + moments if box[0] < chart[0] or box[2] > chart[2]]
    assert not off, f"labels running off the chart: {off}"
    on_markers = [text for text, box in names if any(overlap(box, m) for m in seen["markers"])]
    assert not on_markers, f"names drawn over markers: {on_markers}"
    collide = [(a, b) for (a, x), (b, y) in itertools.combinations(moments, 2) if overlap(x, y)]
    assert not collide, f"moment labels overlap: {collide}"


@pytest.mark.parametrize("picked", [None, "E23"])
def test_the_chart_passes_plotlys_own_validation_unchanged(picked: str | None) -> None:
    """The chart skips plotly's validation on the page, so plotly's validator must accept it as it is."""
    import plotly.graph_objects as go
    import plotly.io as pio

    chart = view(picked=picked).figure
    sent = json.loads(pio.to_json(chart, validate=False))  # what st.plotly_chart sends
    assert json.loads(pio.to_json(go.Figure(chart.to_dict()))) == sent


SCROLL_TOP = "() => document.querySelector('[data-testid=\"stMain\"]').scrollTop"


@pytest.mark.browser
def test_on_a_phone_a_swipe_on_the_chart_scrolls_the_page_and_the_picker_opens_cards() -> None:
    """On a touch phone the chart does not hold the finger (the page scrolls) and the picker opens a card."""
    require_browser()
    with streamlit_server() as base, chromium(width=390, height=844, phone=True) as page:
        page.goto(f"{base}/timeline")
        wait_ready(page, PAGE.heading)
        chart = page.locator('[data-testid="stPlotlyChart"]')
        chart.locator("svg.main-svg").first.wait_for()
        box = chart.bounding_box()
        assert box is not None
        x, y = box["x"] + box["width"] / 2, min(box["y"] + 300, 700)
        assert y > box["y"], "the swipe starts on the chart"
        touch = page.context.new_cdp_session(page)
        touch.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
        for step in range(1, 16):
            touch.send(
                "Input.dispatchTouchEvent",
                {"type": "touchMove", "touchPoints": [{"x": x, "y": y - 20 * step}]},
            )
        touch.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
        page.wait_for_function(f"() => ({SCROLL_TOP})() > 100", timeout=120_000)
        page.get_by_label("Event card: pick an event").click()
        page.keyboard.type("(E23)")
        page.get_by_role("option", name="(E23)", exact=False).first.click()
        card = page.locator('[data-testid="stMarkdownContainer"]', has_text="It named Yugoimport SDPR")
        card.wait_for(timeout=120_000)
        assert page.locator('[data-testid="stException"]').count() == 0


def test_a_short_chart_lifts_its_speaker_names_by_the_same_pixels() -> None:
    """With fewer than three rows the plot keeps a 3-row height; a name still sits ROW_LABEL_SHIFT px up."""
    one = EVENTS.loc[EVENTS["event_id"] == "E23"]
    spec = figure_spec(one)
    margin = spec["layout"]["margin"]
    count = len(rows(one, NAMES)[0])
    px_per_unit = (spec["layout"]["height"] - margin["t"] - margin["b"]) / count
    [speaker] = [a for a in row_labels(spec) if a["name"] == "speaker"]
    assert (speaker["y"] - speaker["at"]) * px_per_unit == pytest.approx(ROW_LABEL_SHIFT)


def test_the_key_draws_each_kind_in_the_shape_of_its_markers() -> None:
    """The key outside the chart has a drawing for every marker shape (a missing one fell back to a circle)."""
    for kind, (_, symbol) in KIND_STYLE.items():
        assert symbol == "circle" or symbol in SHAPES, kind


def test_an_empty_selection_builds_only_the_empty_state() -> None:
    """A selection with no statement gets the empty-state message and no chart, picker, card or table."""
    empty = view(EVENTS.iloc[:0])
    assert empty.empty == "No statements match these filters."
    assert (empty.figure, empty.card, empty.table, dict(empty.options)) == (None, None, None, {})


def test_a_picked_event_outside_the_chart_shows_no_card() -> None:
    """A picked id the picker does not offer (filtered out since) shows no card and rings nothing."""
    bulgaria = EVENTS.loc[EVENTS["event_id"].isin(["E23", "E32", "E37"])]
    assert view(bulgaria, picked="E24").card is None
    assert traces(figure_spec(bulgaria, picked="E24"), "picked") == []
    shown = view(bulgaria, picked="E23").card
    assert shown is not None
    assert shown.url is not None
    assert shown.source.startswith("Source S")


@pytest.mark.parametrize(
    ("phone", "label", "clickable"),
    [
        (False, "Event card: click a marker, or pick an event", True),
        (True, "Event card: pick an event", False),
    ],
)
def test_on_a_phone_the_chart_takes_no_clicks_and_the_picker_says_so(
    phone: bool, label: str, clickable: bool
) -> None:
    """A phone's chart ignores taps (they would pan it), so its picker only offers picking."""
    built = view(phone=phone)
    assert (built.picker_label, built.clickable) == (label, clickable)


def test_the_key_follows_the_theme() -> None:
    """The key's text is dark on the light theme and light on the dark one; its words do not change."""
    light, dark = view(dark=False), view(dark=True)
    assert 'fill="#31333f"' in light.key_svg
    assert 'fill="#e6e6e6"' in dark.key_svg
    assert light.key_alt == dark.key_alt


def test_a_search_that_finds_nothing_says_so_instead_of_a_table() -> None:
    """The table holds what the search finds, captioned with the count; no match gives a message instead."""
    found = view(query="Zakharova")
    assert found.table is not None
    assert set(found.table.frame["event"]) == {"E06", "E27", "E43", "E44"}
    assert found.table.note == f"4 of {len(EVENTS)} statements listed. Click a column heading to sort."
    assert found.no_match is None
    nothing = view(query="no such words")
    assert nothing.table is None
    assert nothing.no_match == "No statements in the selection match this search."
