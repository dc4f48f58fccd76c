"""Grouped horizontal bar charts: for each category (a cost category, an objective), one bar per series
(granted, claimed, verified, paid).

Accessibility (WCAG 2.1): the SVG is one image (``role="img"``) named by its ``<title>`` and described by a
``<desc>`` that summarises it (SC 1.1.1); every value is also in a table with a caption and header cells
(SC 1.3.1), which is how a screen reader reads the data. Series differ by colour *and* fill pattern, and the
legend names them in text (SC 1.4.1 Use of Color); each colour has at least 3:1 contrast against the white
background (SC 1.4.11 Non-text Contrast). Values are written in text next to their bars.

Geometry is computed in Decimal: the values are amounts, and a float never touches them.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from babel.lists import format_list
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from service.money.display import format_amount

# (colour, pattern) per series, in order; both repeat when there are more series than entries.
COLOURS = ("#1f4e79", "#a64600", "#2e6b30", "#6a3d9a", "#8a1c3b", "#005f73")
PATTERNS = ("solid", "stripes", "dots", "crosshatch")
WIDTH = 640
PAD = 8
VALUE_SPACE = 132  # room right of the longest bar for its value
PLOT_WIDTH = WIDTH - 2 * PAD - VALUE_SPACE
BAR = 16
BAR_GAP = 4
LABEL = 20  # the category's name above its bars
GROUP_GAP = 12
LEGEND_ROW = 24
LEGEND_SLOT = 156
LEGEND_PER_ROW = (WIDTH - 2 * PAD) // LEGEND_SLOT
NO_VALUE = "\u2013"
_ids = itertools.count(1)
_environment = Environment(loader=PackageLoader("service.charts"), autoescape=select_autoescape(["html"]))


@dataclass(frozen=True)
class Bar:
    series: int
    x: Decimal
    y: int
    width: Decimal
    drawn: bool  # False when there is no value
    text: str
    text_x: Decimal


@dataclass(frozen=True)
class Group:
    label: str
    label_y: int
    bars: list[Bar]


def bar_chart(
    title,
    series: Sequence,
    categories: Sequence,
    values: Sequence[Sequence[Decimal | None]],
    *,
    format: Callable[[Decimal], str] = format_amount,
    unit: str | None = None,
    category_header=None,
) -> Markup:
    """The chart and its table. ``values[i][j]`` is category ``i``'s value for series ``j`` (None: no value,
    no bar). ``format`` writes a value for people (amounts by default, through the money package); ``unit``
    ("EUR") goes into the captions."""
    series = [str(name) for name in series]
    categories = [str(name) for name in categories]
    rows = [list(row) for row in values]
    if len(rows) != len(categories) or any(len(row) != len(series) for row in rows):
        raise ValueError("values has one row per category and one value per series in each row")
    present = [value for row in rows for value in row if value is not None]
    if any(not isinstance(value, Decimal) for value in present):
        raise TypeError("chart values are Decimal")
    texts = [[NO_VALUE if value is None else format(value) for value in row] for row in rows]
    caption = f"{title} ({unit})" if unit else str(title)
    number = next(_ids)
    legend_rows = -(-len(series) // LEGEND_PER_ROW) if series else 0
    top = PAD + legend_rows * LEGEND_ROW
    groups, zero_x, height = _layout(categories, rows, texts, top)
    # The template escapes every value (autoescape): its output is safe HTML.
    return Markup(  # noqa: S704
        _environment.get_template("charts/bar_chart.html").render(
            id=f"chart-{number}",
            title=str(title),
            caption=caption,
            description=_description(series, categories, rows, texts),
            series=series,
            styles=[(COLOURS[i % len(COLOURS)], PATTERNS[i % len(PATTERNS)]) for i in range(len(series))],
            legend=[
                (i, PAD + (i % LEGEND_PER_ROW) * LEGEND_SLOT, PAD + (i // LEGEND_PER_ROW) * LEGEND_ROW)
                for i in range(len(series))
            ],
            groups=groups,
            zero_x=zero_x,
            top=top,
            width=WIDTH,
            height=height,
            bar_height=BAR,
            category_header=str(category_header if category_header is not None else _l("Category")),
            table=list(zip(categories, texts, strict=True)),
        )
    )


def scale(values: Sequence[Decimal]) -> tuple[Decimal, Decimal]:
    """(x of zero, plot units per unit of value) for the plot's width: the span from the lowest value (or zero)
    to the highest (or zero) fills the width, so the largest value of an all-positive chart is a full bar. All
    zero, or nothing: every bar is empty, and there is no span to divide by."""
    low = min([Decimal(0), *values])
    high = max([Decimal(0), *values])
    span = high - low
    if span == 0:
        return Decimal(PAD), Decimal(0)
    per_unit = Decimal(PLOT_WIDTH) / span
    return PAD + (-low) * per_unit, per_unit


def _layout(categories, rows, texts, top) -> tuple[list[Group], Decimal, int]:
    zero_x, per_unit = scale([value for row in rows for value in row if value is not None])
    groups, y = [], top
    for label, row, row_texts in zip(categories, rows, texts, strict=True):
        label_y = y + LABEL - 6
        y += LABEL
        bars = []
        for index, (value, text) in enumerate(zip(row, row_texts, strict=True)):
            width = _round(abs(value) * per_unit) if value is not None else Decimal(0)
            x = _round(zero_x - width) if value is not None and value < 0 else _round(zero_x)
            end = zero_x + width if value is not None and value > 0 else zero_x
            bars.append(
                Bar(series=index, x=x, y=y, width=width, drawn=value is not None, text=text, text_x=_round(end + 4))
            )
            y += BAR + BAR_GAP
        groups.append(Group(label=label, label_y=label_y, bars=bars))
        y += GROUP_GAP
    return groups, _round(zero_x), y + PAD


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"))


def _description(series, categories, rows, texts) -> str:
    if not categories or not series:
        return _("No data to show.")
    locale = str(get_locale() or "en")
    parts = [
        _(
            "Grouped bar chart: %(series)s for each of %(categories)s.",
            series=format_list(series, locale=locale),
            categories=format_list(categories, locale=locale),
        )
    ]
    cells = [(value, i, j) for i, row in enumerate(rows) for j, value in enumerate(row) if value is not None]
    if cells:
        value, i, j = max(cells, key=lambda cell: cell[0])
        parts.append(
            _(
                "Highest value: %(series)s, %(category)s: %(value)s.",
                series=series[j],
                category=categories[i],
                value=texts[i][j],
            )
        )
    parts.append(_("The table beside the chart gives every value."))
    return " ".join(parts)
