"""Accessible SVG bar charts (service/charts): well-formed SVG named and described for assistive technology, bars
proportional to their values, the data in a table beside the chart, labels escaped.

Rules tested: WCAG 2.1 SC 1.1.1 (a text alternative: <title> and <desc>), SC 1.3.1 (a data table with a caption
and header cells), SC 1.4.1 (series told apart by pattern and a text legend, not colour alone), SC 1.4.11
(graphics at least 3:1 against their background, contrast as WCAG defines it)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from flask_babel import force_locale
from markupsafe import Markup

from service.charts import bar_chart
from service.charts.bars import COLOURS, PAD, PATTERNS, PLOT_WIDTH
from service.money.display import format_amount
from service.tenancy.scope import tenant_scope
from tests.conftest import tenant_id, translated

SVG = "{http://www.w3.org/2000/svg}"
SERIES = ["Granted", "Claimed", "Verified", "Paid"]
CATEGORIES = ["Staff costs", "Travel", "Equipment"]
VALUES = [
    [Decimal("120000.00"), Decimal("60000.00"), Decimal("30000.00"), Decimal("0.00")],
    [Decimal("24000.00"), Decimal("12000.50"), None, Decimal("6000.00")],
    [Decimal("1.00"), Decimal("0.50"), Decimal("0.25"), Decimal("0.00")],
]


def render(app, *args, language="en", code="se", **kwargs) -> Markup:
    with app.test_request_context(), force_locale(language), tenant_scope(tenant_id(app, code)):
        return bar_chart(*args, **kwargs)


def parse(html: str) -> ET.Element:
    """The whole figure is well-formed XML: the SVG parses, and so does the table beside it."""
    return ET.fromstring(str(html))  # noqa: S314 (our own output, parsed to prove it is well-formed)


def svg_of(figure: ET.Element) -> ET.Element:
    return figure.find(f"{SVG}svg")


def bars(figure: ET.Element) -> list[ET.Element]:
    return [rect for rect in svg_of(figure).iter(f"{SVG}rect") if rect.get("class") == "bar"]


def test_the_svg_is_one_image_named_and_described(app):
    figure = parse(render(app, "Costs per category", SERIES, CATEGORIES, VALUES, unit="SEK"))
    assert figure.tag == "figure" and figure.find("figcaption").text == "Costs per category (SEK)"
    svg = svg_of(figure)
    assert svg.get("role") == "img"
    title_id, desc_id = svg.get("aria-labelledby").split()
    assert svg.find(f"{SVG}title").get("id") == title_id and svg.find(f"{SVG}title").text == "Costs per category (SEK)"
    description = svg.find(f"{SVG}desc")
    assert description.get("id") == desc_id
    assert description.text == (
        "Grouped bar chart: Granted, Claimed, Verified, and Paid for each of Staff costs, Travel, and Equipment. "
        f"Highest value: Granted, Staff costs: {format_amount(Decimal(120000), locale='en_SE')}. "
        "The table beside the chart gives every value."
    )


def test_the_description_is_in_the_readers_language(app):
    figure = parse(
        render(app, "Kostnader", ["Beviljat", "Utbetalt"], ["Personal"], [[Decimal("5.00"), None]], language="sv")
    )
    description = svg_of(figure).find(f"{SVG}desc").text
    assert description.startswith("Grupperat stapeldiagram: Beviljat och Utbetalt för var och en av Personal.")
    assert description.endswith(translated("The table beside the chart gives every value.", "sv"))
    assert figure.find("table/thead/tr/th").text == translated("Category", "sv")


def test_bars_are_proportional_and_the_largest_fills_the_width(app):
    figure = parse(render(app, "Costs", SERIES, CATEGORIES, VALUES))
    widths = [Decimal(rect.get("width")) for rect in bars(figure)]
    largest = Decimal(120000)
    present = [value for row in VALUES for value in row if value is not None]  # no bar where there is no value
    assert len(widths) == len(present)
    assert widths[0] == PLOT_WIDTH
    for width, value in zip(widths, present, strict=True):
        assert width == (value * PLOT_WIDTH / largest).quantize(Decimal("0.01"))
    assert all(Decimal(rect.get("x")) == PAD for rect in bars(figure))  # every bar starts at zero


def test_negative_values_extend_left_of_zero_and_the_span_fills_the_width(app):
    figure = parse(render(app, "Corrections", ["Change"], ["A", "B"], [[Decimal("300.00")], [Decimal("-100.00")]]))
    positive, negative = bars(figure)
    zero = PAD + Decimal(PLOT_WIDTH) / 4  # -100 .. 300: zero is a quarter of the way
    assert Decimal(positive.get("x")) == zero and Decimal(positive.get("width")) == PLOT_WIDTH * 3 / 4
    assert Decimal(negative.get("x")) == PAD and Decimal(negative.get("width")) == PLOT_WIDTH / 4
    assert Decimal(positive.get("width")) + Decimal(negative.get("width")) == PLOT_WIDTH


@pytest.mark.parametrize(
    "series, categories, values",
    [
        (["Granted"], ["A", "B"], [[Decimal("0.00")], [Decimal("0.00")]]),
        (["Granted"], ["A"], [[None]]),
        (["Granted", "Paid"], [], []),
        ([], ["A"], [[]]),
    ],
)
def test_zero_and_empty_data_draw_no_bars_and_divide_by_nothing(app, series, categories, values):
    figure = parse(render(app, "Costs", series, categories, values))
    assert all(Decimal(rect.get("width")) == 0 for rect in bars(figure))
    assert len(figure.findall("table/tbody/tr")) == len(categories)
    if not categories or not series:
        assert svg_of(figure).find(f"{SVG}desc").text == "No data to show."


def test_the_table_holds_every_value_formatted_as_an_amount(app):
    with app.test_request_context(), force_locale("fi"), tenant_scope(tenant_id(app, "fi")):
        html = bar_chart("Kulut", SERIES, CATEGORIES, VALUES, category_header="Kululuokka")
        expected = [[format_amount(v) if v is not None else "\u2013" for v in row] for row in VALUES]
    table = parse(html).find("table")
    assert table.find("caption").text == "Kulut"
    header = table.findall("thead/tr/th")
    assert [th.text for th in header] == ["Kululuokka", *SERIES] and {th.get("scope") for th in header} == {"col"}
    rows = table.findall("tbody/tr")
    assert [row.find("th").text for row in rows] == CATEGORIES and {row.find("th").get("scope") for row in rows} == {
        "row"
    }
    assert [[td.text for td in row.findall("td")] for row in rows] == expected
    assert expected[0][0] == "120\u00a0000,00"  # Finnish: a space groups the thousands, a comma before the cents


def test_labels_are_escaped(app):
    attack = '<script>alert("x")</script>'
    html = render(app, attack, [attack], [attack], [[Decimal("1.00")]], unit=attack, category_header=attack)
    assert "<script>" not in html
    figure = parse(html)  # still well-formed: every label is text
    texts = [element.text for element in figure.iter() if element.text and "script" in element.text]
    assert texts and all(attack in text for text in texts)


def test_series_differ_by_more_than_colour_and_each_colour_contrasts_with_white(app):
    figure = parse(render(app, "Costs", SERIES, CATEGORIES, VALUES))
    legend = svg_of(figure).find(f"{SVG}g[@class='legend']")
    assert [text.text for text in legend.findall(f"{SVG}text")] == SERIES
    fills = [rect.get("fill") for rect in legend.findall(f"{SVG}rect")]
    assert len(set(fills)) == len(SERIES) and sum(fill.startswith("url(#") for fill in fills) == len(PATTERNS) - 1
    patterns = {pattern.get("id") for pattern in svg_of(figure).iter(f"{SVG}pattern")}
    assert {fill[5:-1] for fill in fills if fill.startswith("url(#")} == patterns
    assert all(contrast(colour, "#ffffff") >= 3 for colour in COLOURS)


def contrast(first: str, second: str) -> float:
    """WCAG 2.1 contrast ratio: (L1 + 0.05) / (L2 + 0.05) of the relative luminances."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_bad_data_is_refused(app):
    with pytest.raises(ValueError):
        render(app, "Costs", ["A", "B"], ["x"], [[Decimal("1.00")]])
    with pytest.raises(TypeError):
        render(app, "Costs", ["A"], ["x"], [[1.5]])


def test_templates_draw_it_with_the_global(app):
    with app.test_request_context(), force_locale("en"), tenant_scope(tenant_id(app, "se")):
        html = app.jinja_env.from_string("{{ bar_chart(title, series, categories, values) }}").render(
            title="Costs", series=["Granted"], categories=["Staff <b>"], values=[[Decimal("10.00")]]
        )
    figure = parse(html)
    assert figure.find("table/tbody/tr/th").text == "Staff <b>"


def test_two_charts_on_one_page_have_their_own_ids(app):
    charts = [parse(render(app, "Costs", SERIES, CATEGORIES, VALUES)) for _ in range(2)]
    ids = [{element.get("id") for element in chart.iter() if element.get("id")} for chart in charts]
    assert ids[0] and not ids[0] & ids[1]
