"""The Exports page: every number keeps its basis, periods are spans, money converts only with a sourced rate."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import exports
from dashboard.data import load_folder
from dashboard.exports import chart, chart_labels, currency
from dashboard.present.text import plot_text
from dashboard.registry import BY_KEY
from tests.browser import chromium, require_browser, streamlit_server, wait_ready
from tests.conftest import DATA, OpenPage

PACKAGE = load_folder(DATA)
FIGURES = PACKAGE.tables["figures"]
RATES = PACKAGE.tables["rates"]
PAGE = BY_KEY["exports"]


def view(currency: str = exports.PUBLISHED, figures: pd.DataFrame = FIGURES) -> exports.ExportsView:
    return exports.build(PACKAGE, {"figures": figures, "rates": RATES}, currency)


def spans_of(spec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Figure id -> its drawn span (trace name, x and y of start, middle, end) from a plotly spec."""
    found: dict[str, dict[str, Any]] = {}
    for trace in spec["data"]:
        if trace.get("name") == "labels":
            continue
        ids, xs, ys = trace["customdata"], trace["x"], trace["y"]
        for at in range(0, len(ids), 4):
            group = ids[at : at + 3]
            assert len(set(group)) == 1, f"one span mixes figures {group}"
            assert ids[at + 3] == "", "spans must be separated by a gap"
            assert xs[at + 3] is None, "spans must be separated by a gap"
            assert group[0] not in found, f"{group[0]} is drawn twice"
            found[group[0]] = {"trace": trace["name"], "x": xs[at : at + 3], "y": ys[at : at + 3]}
    return found


def spec_of(figure: Any) -> dict[str, Any]:
    return json.loads(figure.to_json())


def table(at: AppTest, first: str) -> pd.DataFrame:
    """The page's table whose first column is `first`."""
    frames = [d.value for d in at.dataframe if list(d.value.columns)[:1] == [first]]
    assert frames, f"no table starting with {first!r}"
    return frames[0]


def one_figure(**cells: Any) -> pd.DataFrame:
    """A one-row figures frame with the bundled columns; dates and numbers typed as the loader types them."""
    row = {column: None for column in FIGURES.columns}
    row.update(
        figure_id="X1", metric="m", unit="EUR", exporter="SRB", basis="estimate", source_id="S15", note=None
    )
    row.update(cells)
    frame = pd.DataFrame([row])
    for column in ("period_start", "period_end", "published"):
        frame[column] = pd.to_datetime(frame[column])
    frame["value"] = pd.to_numeric(frame["value"]).astype(float)
    return frame


def rates(*rows: tuple[str, str, str, float]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"year": y, "base": b, "quote": q, "rate": r, "method": "m", "source_id": "S53", "note": None}
            for y, b, q, r in rows
        ]
    )


def test_no_trace_adds_up_two_figures() -> None:
    """Each span holds one figure's own value; nothing is stacked or summed across figures."""
    chart = view().chart
    assert chart is not None
    spec = spec_of(chart)
    drawn = spans_of(spec)
    values = FIGURES.set_index("figure_id")["value"]
    for figure_id, span in drawn.items():
        scale = 1e6 if FIGURES.set_index("figure_id").loc[figure_id, "unit"] in ("EUR", "USD") else 1.0
        assert span["y"] == [values[figure_id] / scale] * 3, figure_id
    assert all(t["type"] == "scatter" for t in spec["data"]), "no bars, so nothing can stack"
    assert spec["layout"].get("barmode") in (None, "group", "overlay")


def test_each_basis_has_its_own_colour_marker_and_line() -> None:
    """Basis is told by colour, marker symbol and line pattern, never by colour alone (the colours: test_colour)."""
    styles = chart.BASIS_STYLES.values()
    assert len({s.symbol for s in styles}) == len(styles)
    assert len({s.dash for s in styles}) >= len(styles) - 1
    assert len({s.colour for s in styles}) == len(styles)


def test_periods_are_drawn_from_start_to_end() -> None:
    """The realized 2019 exports span 2019-01-01 to 2019-12-31; the estimate spans 2022-01-01 to 2024-06-22."""
    drawn = spans_of(spec_of(view().chart))
    assert drawn["F12"]["x"][0] == "2019-01-01"
    assert drawn["F12"]["x"][2] == "2019-12-31"
    assert drawn["F01"]["x"][0] == "2022-01-01"
    assert drawn["F01"]["x"][2] == "2024-06-22"
    assert drawn["F12"]["trace"].startswith("realized")
    assert drawn["F09"]["trace"].startswith("licence")
    assert drawn["F10"]["trace"].startswith("projection")
    assert drawn["F01"]["trace"].startswith("estimate")


def test_units_get_separate_panels() -> None:
    """USD, EUR, people and ratios are on separate y axes; no axis mixes money with counts of people."""
    spec = spec_of(view().chart)
    axes: dict[str, set[str]] = {}
    units = FIGURES.set_index("figure_id")["unit"]
    for trace in spec["data"]:
        for figure_id in set(trace["customdata"]) - {""}:
            axes.setdefault(trace.get("yaxis", "y"), set()).add(units[figure_id])
    assert all(len(found) == 1 for found in axes.values()), axes
    assert {next(iter(v)) for v in axes.values()} == {"USD", "EUR", "people", "ratio"}


def test_restatements_are_one_estimate_with_its_lineage() -> None:
    """F02–F05 (conversions) and F06 (Euronews' statement) are listed under F01, not drawn as findings."""
    current = view()
    lineage = current.lineage.table.frame
    assert list(lineage["figure"]) == ["F01", "F02", "F03", "F04", "F05", "F06"]
    assert lineage["role"].tolist() == ["the estimate", *["conversion of F01"] * 4, "statement of F01"]
    drawn = spans_of(spec_of(current.chart))
    assert not {"F02", "F03", "F04", "F05", "F06"} & set(drawn)
    labels = next(
        t for t in spec_of(current.chart)["data"] if t["name"] == "labels" and "F01" in t["customdata"]
    )
    assert "5 restatements below" in labels["text"][labels["customdata"].index("F01")]


def test_the_at_least_908_million_note_is_shown() -> None:
    """The Al Jazeera 'at least $908 million' caveat appears in the notes beside the restatements."""
    notes = view().lineage.notes.splitlines()
    assert any(r"at least \$908 million" in note and note.startswith("- **F05**") for note in notes), notes


def test_conversion_is_the_exact_product_and_says_so() -> None:
    """EUR 800m at 1.0824 USD per EUR is 800m × 1.0824, labelled converted, with the rate, year and original."""
    figure = one_figure(
        value=800000000, value_text="~800 million", period_start="2022-01-01", period_end="2024-06-22"
    )
    out = currency.convert(figure, rates(("2024", "EUR", "USD", 1.0824)), "USD").iloc[0]
    assert out["shown_value"] == 800000000 * 1.0824
    assert out["converted"]
    assert out["shown_unit"] == "USD"
    label = currency.shown_label(out.to_dict())
    assert label.startswith("≈ USD 865.92 million (converted at 1.0824 USD per EUR, the 2024 annual average")
    assert "the year of the period end" in label
    assert label.endswith("published as about EUR 800 million)")


def test_dollars_to_euros_divide_by_the_same_rate() -> None:
    """USD 1.3bn for 2022 in EUR is 1.3bn ÷ 1.0534 (the rate is USD per EUR), never a made-up inverse."""
    figure = one_figure(
        value=1300000000, unit="USD", basis="licence", period_start="2022-01-01", period_end="2022-12-31"
    )
    out = currency.convert(figure, RATES, "EUR").iloc[0]
    assert out["shown_value"] == 1300000000 / 1.0534
    assert out["rate_pair"] == "USD per EUR"


@pytest.mark.parametrize("unit", ["count", "people", "ratio"])
def test_counts_people_and_ratios_are_never_converted(unit: str) -> None:
    """A non-money figure keeps its value and unit whatever currency is chosen."""
    figure = one_figure(value=3500, unit=unit, period_start="2023-01-01", period_end="2023-12-31")
    for target in ("EUR", "USD"):
        out = currency.convert(figure, rates(("2023", "EUR", "USD", 1.0817)), target).iloc[0]
        assert out["shown_value"] == 3500
        assert out["shown_unit"] == unit
        assert not out["converted"]
        assert not out["missing_rate"]


def test_no_sourced_rate_means_shown_as_published_and_said() -> None:
    """With no 2024 rate in the package, the EUR 800m estimate stays in EUR and says why."""
    current = view("USD")
    row = current.chart_table.frame.set_index("figure").loc["F01"]
    assert (
        row["shown in USD"]
        == "about EUR 800 million (not converted: no sourced 2024 rate in this data package)"
    )
    assert "**Not converted**" in current.conversion
    assert "F01 \\(2024\\)" in current.conversion or "F01 (2024)" in current.conversion


@pytest.mark.parametrize(
    ("start", "end", "published", "year", "rule"),
    [
        ("2022-01-01", "2024-06-22", "2024-06-22", 2024, "period end"),
        ("2022-01-01", None, "2025-05-29", 2025, "publication date"),
        ("2020-01-01", None, None, 2020, "period start"),
        (None, None, "2025-05-30", 2025, "publication date"),
    ],
)
def test_the_rate_year_rule(
    start: str | None, end: str | None, published: str | None, year: int, rule: str
) -> None:
    """The rate is that of the period's end year, else the publication year, else the start year."""
    years = currency.rate_years(one_figure(period_start=start, period_end=end, published=published)).iloc[0]
    assert years["rate_year"] == year
    assert years["rate_rule"] == rule


def test_a_lower_bound_reads_more_than() -> None:
    """'>1.6 billion' is shown as 'more than USD 1.6 billion', with an upward arrow on its span."""
    current = view()
    assert current.chart_table.frame.set_index("figure").loc["F10", "value"] == "more than USD 1.6 billion"
    spec = spec_of(current.chart)
    projection = next(t for t in spec["data"] if t["name"].startswith("projection"))
    assert projection["marker"]["symbol"][1] == "arrow-up"
    labels = [text for t in spec["data"] if t["name"] == "labels" for text in t["text"]]
    assert "F10 more than USD 1.6 billion" in labels


def test_claimed_volumes_are_listed_in_their_words_not_charted() -> None:
    """The SVR's shells and rounds and the 3,500 Grad rockets are allegations listed with their wording."""
    current = view()
    claims = current.claims.table.frame.set_index("figure")
    assert list(claims.index) == ["F07", "F08", "F17"]
    assert claims.loc["F07", "claim, as worded"] == "hundreds of thousands"
    assert claims.loc["F08", "claim, as worded"].startswith("millions (Russian text)")
    assert not {"F07", "F08", "F17"} & set(spans_of(spec_of(current.chart)))


def test_figures_without_a_full_period_are_listed_not_placed() -> None:
    """30,000 people and 960 shells (no period) are listed with the reason."""
    current = view()
    unplaced = current.unplaced.table.frame.set_index("figure")["not on the time axis because"]
    assert unplaced.to_dict() == {
        "F15": "no period given",
        "F16": "no period given",
    }
    assert not set(unplaced.index) & set(spans_of(spec_of(current.chart)))


def test_without_rates_only_as_published_is_offered() -> None:
    """An empty rate table offers only 'As published', and a request for EUR shows the published values."""
    empty = RATES.iloc[:0]
    assert currency.currency_options(empty) == (exports.PUBLISHED,)
    current = exports.build(PACKAGE, {"figures": FIGURES, "rates": empty}, "EUR")
    assert "shown in EUR" not in current.chart_table.frame.columns
    assert current.rates.frame.empty
    assert current.no_rates.startswith("No sourced rate table")
    assert current.currency == exports.PUBLISHED


def test_neighbouring_labels_go_above_and_below() -> None:
    """The 2021 and 2022 licence values are close, so one label goes above its line and the other below."""
    labels = next(
        t for t in spec_of(view().chart)["data"] if t["name"] == "labels" and "F09" in t["customdata"]
    )
    where = dict(zip(labels["customdata"], labels["textposition"], strict=True))
    assert {where["F11"], where["F09"]} == {"top center", "bottom center"}


@pytest.mark.parametrize(
    ("shown", "below"),
    [(exports.PUBLISHED, {"F09"}), ("USD", {"F09"}), ("EUR", {"F01", "F11"})],
)
def test_value_labels_of_the_bundled_data_go_where_they_went(shown: str, below: set[str]) -> None:
    """The bundled data's labels, per currency: these below their lines, all others above."""
    where = {}
    for trace in spec_of(view(shown).chart)["data"]:
        if trace["name"] == "labels":
            where.update(zip(trace["customdata"], trace["textposition"], strict=True))
    assert set(where) == {"F01", "F09", "F10", "F11", "F12", "F13", "F14"}
    assert {figure for figure, position in where.items() if position == "bottom center"} == below


def label_row(value: float) -> dict[str, Any]:
    """A US$ figure for 2021 as `label_positions` takes it."""
    start, end = pd.Timestamp("2021-01-01"), pd.Timestamp("2021-12-31")
    middle = start + (end - start) / 2
    return {
        "period_start": start,
        "period_end": end,
        "_middle": middle,
        "shown_value": value,
        "shown_unit": "USD",
    }


@pytest.mark.parametrize(
    ("value", "line", "placed"),
    [
        (67.6, 90.0, "AAUA"),  # above crosses the line; under only meets the label below
        (67.5, 90.0, "AAAA"),  # under also overlaps the label below: a tie goes above
        (67.6, 80.6, "AAUA"),  # the line on the lower edge of the spot above still crosses it
        (67.6, 80.5, "AAAU"),  # the line just under the spot above; its own label then goes under, off C's
    ],
)
def test_a_value_label_counts_the_lines_and_labels_it_touches(value: float, line: float, placed: str) -> None:
    """Each label goes (A)bove its line or (U)nder it, whichever touches fewer lines and labels; labels
    meeting edge to edge don't touch, a line on a label's edge does.

    With 210 the largest value, a label is 20.8 high and 13 off its line: the label of 0 spans 13 to
    33.8, and the label of 67.6 would span 80.6 to 101.4 above its line and 33.8 to 54.6 under it.
    """
    rows = [label_row(210.0), label_row(0.0), label_row(value), label_row(line)]
    positions = chart_labels.label_positions(rows, ["A", "B", "C", "D"], ["2020-01-01", "2023-01-01"])
    assert "".join("A" if p == "top center" else "U" for p in positions) == placed


def test_a_huge_selection_draws_the_latest_spans_and_says_so() -> None:
    """With more dated figures than the cap, the chart draws the latest MAX_SPANS unlabelled and reports the total."""
    many = pd.concat([FIGURES] * 60, ignore_index=True)
    many["figure_id"] = [f"G{i}" for i in range(len(many))]
    many["derived_from"] = None
    current = view(figures=many)
    drawn = spans_of(spec_of(current.chart))
    dated = int((exports.placement(many) == "span").sum())
    assert len(drawn) == chart.MAX_SPANS
    assert not [t for t in spec_of(current.chart)["data"] if t["name"] == "labels"]
    assert (
        f"This selection has {dated:,} dated figures; the chart draws the 300 latest" in current.about_chart
    )
    assert current.chart_table.note is not None
    assert current.chart_table.note.startswith(f"The first 300 of {dated:,} dated figures")


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("<b>bold</b>", "&lt;b&gt;bold&lt;/b&gt;"),
        ('<a href="javascript:alert(1)">x</a>', '&lt;a href="javascript:alert(1)"&gt;x&lt;/a&gt;'),
        ("AT&T", "AT&amp;T"),
        ("\u202eevil", "⟨U+202E⟩evil"),
    ],
)
def test_chart_text_shows_data_literally(text: str, shown: str) -> None:
    """Plotly's pseudo-HTML in labels and hovers is neutralised, so tags and links show as text."""
    assert plot_text(text) == shown


def test_page_shows_the_chart_tables_and_the_published_values(open_page: OpenPage) -> None:
    """By default the chart draws the seven dated figures and the tables list lineage, unplaced and claims."""
    at = open_page(PAGE)
    assert not at.exception, [e.value for e in at.exception]
    assert at.segmented_control(key="currency").value == exports.PUBLISHED
    drawn = spans_of(json.loads(at.get("plotly_chart")[0].proto.spec))
    assert set(drawn) == {"F01", "F09", "F10", "F11", "F12", "F13", "F14"}
    assert set(table(at, "figure")["figure"]) == set(drawn)
    assert table(at, "role")["figure"].tolist() == ["F01", "F02", "F03", "F04", "F05", "F06"]
    assert table(at, "figure").loc[:, "link"].str.startswith("https://").all()
    assert any(e.label == "About this chart" for e in at.expander)
    assert any("at least \\$908 million" in m.value for m in at.markdown)
    claims = [d.value for d in at.dataframe if "claim, as worded" in d.value.columns]
    assert claims[0]["figure"].tolist() == ["F07", "F08", "F17"]


def test_currency_switch_converts_with_the_rate_table(open_page: OpenPage) -> None:
    """Choosing EUR redraws the USD series in EUR at the sourced rates and labels each value converted."""
    at = open_page(PAGE)
    at.segmented_control(key="currency").set_value("EUR").run()
    assert not at.exception
    drawn = spans_of(json.loads(at.get("plotly_chart")[0].proto.spec))
    assert drawn["F12"]["y"][0] == 409050000 / 1.1194 / 1e6
    assert drawn["F01"]["y"][0] == 800.0
    shown = table(at, "figure").set_index("figure")["shown in EUR"]
    assert shown["F12"].startswith(
        "≈ EUR 365.42 million (converted at 1.1194 USD per EUR, the 2019 annual average"
    )
    assert shown["F14"] == "about 24,000 people"
    assert any("Converted to EUR at the annual average rate" in c.value for c in at.caption)
    at.segmented_control(key="currency").set_value("USD").run()
    assert any("**Not converted**" in c.value and "F01" in c.value for c in at.caption)


def test_the_filters_apply_to_the_chart_and_tables(open_page: OpenPage) -> None:
    """Ukraine keeps only the estimate on the chart, with its restatements and the three claims."""
    at = open_page(PAGE, country=["UKR"])
    assert not at.exception
    assert set(spans_of(json.loads(at.get("plotly_chart")[0].proto.spec))) == {"F01"}
    assert len(table(at, "role")) == 6
    claims = [d.value for d in at.dataframe if "claim, as worded" in d.value.columns]
    assert claims[0]["figure"].tolist() == ["F07", "F08", "F17"]


def test_a_date_range_drops_figures_whose_period_ends_before_it(open_page: OpenPage) -> None:
    """From 2023 on, the 2019, 2021 and 2022 values leave the chart; the 2023 projection stays."""
    at = open_page(PAGE, **{"from": ["2023-01-01"]})
    assert not at.exception
    drawn = set(spans_of(json.loads(at.get("plotly_chart")[0].proto.spec)))
    assert {"F10", "F01"} <= drawn
    assert not {"F09", "F11", "F12"} & drawn


def test_an_empty_selection_shows_an_empty_state(open_page: OpenPage) -> None:
    """A country with no figures shows 'No figures match these filters.' and no chart."""
    at = open_page(PAGE, country=["BGR"])
    assert not at.exception
    assert any("No figures match these filters." in i.value for i in at.info)
    assert not at.get("plotly_chart")


@pytest.mark.browser
def test_the_chart_shows_in_the_browser() -> None:
    """At /exports the chart draws the estimate's label, and choosing EUR marks converted values with ≈."""
    require_browser()
    with streamlit_server() as base, chromium(height=2000) as page:
        page.goto(f"{base}/exports")
        wait_ready(page, PAGE.heading)
        chart = page.locator('[data-testid="stPlotlyChart"] .main-svg').first
        chart.wait_for(timeout=120_000)
        chart.locator(".textpoint", has_text="F01 about EUR 800 million").first.wait_for(timeout=120_000)
        assert page.locator(".legendtext", has_text="licence").count() == 1
        page.get_by_text("EUR", exact=True).first.click()
        page.locator(".textpoint", has_text="F12 ≈ EUR 365.42 million").first.wait_for(timeout=120_000)
        assert page.locator('[data-testid="stException"]').count() == 0


@pytest.mark.parametrize("currency", ["As published", "EUR", "USD"])
def test_the_chart_passes_plotlys_own_validation_unchanged(currency: str) -> None:
    """The chart skips plotly's validation on the page, so plotly's validator must accept it as it is."""
    import plotly.graph_objects as go
    import plotly.io as pio

    chart = view(currency).chart
    assert chart is not None
    sent = json.loads(pio.to_json(chart, validate=False))  # what st.plotly_chart sends
    assert json.loads(pio.to_json(go.Figure(chart.to_dict()))) == sent


def test_a_period_beyond_2262_still_gets_a_chart() -> None:
    """Dates outside pandas' nanosecond range are valid data; the chart's label placement must not overflow."""
    far = one_figure(value=5e8, period_start="2299-01-01", period_end="2299-12-31")
    view = exports.build(PACKAGE, {"figures": far, "rates": RATES}, exports.PUBLISHED)
    assert view.chart is not None
