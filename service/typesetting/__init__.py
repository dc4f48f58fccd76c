"""How the product's PDF documents (the decision letter, the application receipt) are set: its fonts, its
paragraph styles, text in right-to-left scripts, and the EU emblem.

The fonts are DejaVu Sans and DejaVu Sans Bold, shipped in ``fonts/`` with their licence (from Debian's
fonts-dejavu-core 2.37), so every machine draws the same letter: they cover Latin with its extensions (Sámi č đ
ŋ š ŧ ž), Cyrillic and Arabic, presentation forms included. ReportLab does not join Arabic letters nor order
right-to-left text by itself: :func:`visual` joins them (arabic-reshaper) and puts right-to-left runs in
display order (python-bidi, the Unicode bidirectional algorithm) before the text is drawn.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

import arabic_reshaper
from bidi import get_display
from reportlab.graphics.shapes import Drawing, Polygon, Rect
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONTS = Path(__file__).parent / "fonts"
REGULAR, BOLD = "DejaVuSans", "DejaVuSans-Bold"


@cache
def register_fonts() -> None:
    pdfmetrics.registerFont(TTFont(REGULAR, str(FONTS / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(FONTS / "DejaVuSans-Bold.ttf")))


def styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=REGULAR, fontSize=10, leading=14, spaceAfter=4)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=11, textColor=colors.HexColor("#333333")),
        "title": ParagraphStyle("title", parent=base, fontName=BOLD, fontSize=16, leading=20, spaceAfter=8),
        "heading": ParagraphStyle("heading", parent=base, fontName=BOLD, fontSize=11.5, leading=15, spaceBefore=10),
        "cell": ParagraphStyle("cell", parent=base, spaceAfter=0),
        "statement": ParagraphStyle("statement", parent=base, fontName=BOLD, fontSize=10, leading=12, spaceAfter=0),
    }


def _right_to_left(text: str) -> bool:
    return any(unicodedata.bidirectional(char) in ("R", "AL") for char in text)


def visual(text: str) -> str:
    """Text as it is drawn: each line with Arabic letters joined and right-to-left runs in display order. Use
    it on one value at a time (a name, a typed text), as a bidirectional isolate, before it goes into a
    sentence: a sentence around it keeps its own left-to-right order."""
    if not _right_to_left(text):
        return text
    return "\n".join(get_display(arabic_reshaper.reshape(line)) if line else line for line in text.split("\n"))


# The EU emblem (Reg. (EU) 2021/1060 Annex IX): twelve gold five-pointed stars on a circle on a blue rectangle
# half again as wide as it is high; the circle's radius is a third of the height, each star's points lie on a
# circle of an eighteenth of the height. Colours: Reflex Blue and Yellow, as the EU's graphic guide gives them.
EU_BLUE, EU_YELLOW = colors.HexColor("#003399"), colors.HexColor("#FFCC00")


def _star(cx: float, cy: float, radius: float) -> Polygon:
    from math import cos, pi, sin

    points = []
    for index in range(10):
        r = radius if index % 2 == 0 else radius * 0.382  # the inner points of a regular five-pointed star
        angle = pi / 2 + index * pi / 5
        points += [round(cx + r * cos(angle), 3), round(cy + r * sin(angle), 3)]
    return Polygon(points, fillColor=EU_YELLOW, strokeColor=None)


def eu_emblem(height: float = 12 * mm) -> Drawing:
    from math import cos, pi, sin

    width = height * 1.5
    drawing = Drawing(width, height)
    drawing.add(Rect(0, 0, width, height, fillColor=EU_BLUE, strokeColor=None))
    for hour in range(12):
        angle = pi / 2 - hour * pi / 6
        drawing.add(_star(width / 2 + height / 3 * cos(angle), height / 2 + height / 3 * sin(angle), height / 18))
    return drawing
