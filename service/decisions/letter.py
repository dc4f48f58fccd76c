"""The decision letter as a PDF, in the application's language: the managing authority, the references,
the decision, amounts in the call's currency formatted for that language in the tenant's country, and
dates in the tenant's time zone.

Drawn with ReportLab in Bitstream Vera (shipped inside ReportLab, so every machine has the same font;
it covers the Swedish and Finnish letters and the rest of Western European text). The output is
invariant: the same decision gives the same bytes, so the stored file's hash identifies the letter.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

import reportlab
from babel import dates, numbers
from flask_babel import force_locale
from flask_babel import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from service.money.display import format_money, format_rate
from service.tenancy.models import Tenant

FONTS = Path(reportlab.__file__).parent / "fonts"
_registered = False


def _fonts() -> None:
    global _registered
    if not _registered:
        pdfmetrics.registerFont(TTFont("Vera", str(FONTS / "Vera.ttf")))
        pdfmetrics.registerFont(TTFont("Vera-Bold", str(FONTS / "VeraBd.ttf")))
        _registered = True


@dataclass
class LetterFacts:
    """Everything the letter says, gathered by the job from the decision and its application."""

    tenant: Tenant
    language: str
    decision_reference: str
    decided_at: datetime
    granted: bool
    application_reference: str
    application_title: str
    call_reference: str
    applicant_name: str
    applicant_number: str
    currency: str
    eligible_cost: Decimal | None = None
    eu_amount: Decimal | None = None
    own_contribution: Decimal | None = None
    cofinancing_rate: Decimal | None = None
    project_start: date | None = None
    project_end: date | None = None
    applied_total: Decimal | None = None
    applied_eu: Decimal | None = None
    reduction_reason: str = ""
    conditions: str = ""
    targets: list[dict] | None = None
    reasons: list[str] | None = None
    explanation: str = ""
    corrects_reference: str | None = None
    correction_reason: str = ""
    prepared_by: str = ""
    approved_by: str = ""


def _styles():
    base = ParagraphStyle("body", fontName="Vera", fontSize=10, leading=14, spaceAfter=4)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=11, textColor=colors.HexColor("#333333")),
        "title": ParagraphStyle("title", parent=base, fontName="Vera-Bold", fontSize=16, leading=20, spaceAfter=8),
        "heading": ParagraphStyle(
            "heading", parent=base, fontName="Vera-Bold", fontSize=11.5, leading=15, spaceBefore=10
        ),
        "cell": ParagraphStyle("cell", parent=base, spaceAfter=0),
    }


def _text(value: str) -> str:
    """Plain text as a paragraph: escaped, with its line breaks kept."""
    return escape(value).replace("\n", "<br/>")


def render_letter(facts: LetterFacts) -> bytes:
    _fonts()
    with force_locale(facts.language):
        return _render(facts)


def _render(f: LetterFacts) -> bytes:
    locale = f.tenant.locale_for(f.language)
    styles = _styles()

    def money(amount: Decimal) -> str:
        return format_money(amount, f.currency, locale=locale)

    def day(value: date) -> str:
        return dates.format_date(value, "long", locale=locale)

    def percent(rate: Decimal) -> str:
        return format_rate(rate, locale=locale)

    def table(rows, widths, header=False):
        data = [[Paragraph(_text(str(cell)), styles["cell"]) for cell in row] for row in rows]
        t = Table(data, colWidths=widths, hAlign="LEFT")
        style = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#999999")),
            ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ]
        if header:
            style.append(("FONTNAME", (0, 0), (-1, 0), "Vera-Bold"))
        t.setStyle(TableStyle(style))
        return t

    decided_on = dates.format_date(f.decided_at.astimezone(f.tenant.zone).date(), "long", locale=locale)
    story = [
        Paragraph(_text(f.tenant.authority_name(f.language)), styles["heading"]),
        Spacer(1, 4 * mm),
        table(
            [
                [_("Decision"), f.decision_reference],
                [_("Date"), decided_on],
                [_("Application"), f.application_reference],
                [_("Call"), f.call_reference],
                [_("Applicant"), f"{f.applicant_name} ({f.applicant_number})"],
            ],
            [45 * mm, 120 * mm],
        ),
        Spacer(1, 6 * mm),
        Paragraph(_text(_("Decision on the application “%(title)s”", title=f.application_title)), styles["title"]),
    ]
    if f.corrects_reference:
        story.append(
            Paragraph(
                _text(
                    _(
                        "This decision replaces decision %(reference)s. Reason for the correction: %(reason)s",
                        reference=f.corrects_reference,
                        reason=f.correction_reason,
                    )
                ),
                styles["body"],
            )
        )
    if f.granted:
        story.append(
            Paragraph(
                _text(_("The managing authority grants the project support from the fund as follows.")), styles["body"]
            )
        )
        story.append(
            table(
                [
                    [_("Eligible cost"), money(f.eligible_cost)],
                    [_("EU contribution"), money(f.eu_amount)],
                    [_("Co-financing rate"), percent(f.cofinancing_rate)],
                    [_("Own contribution"), money(f.own_contribution)],
                    [_("Project period"), f"{day(f.project_start)} – {day(f.project_end)}"],
                ],
                [60 * mm, 105 * mm],
            )
        )
        if f.reduction_reason:
            story.append(Paragraph(_text(_("Reduction")), styles["heading"]))
            story.append(
                Paragraph(
                    _text(
                        _(
                            "You applied for an eligible cost of %(total)s and an EU contribution of %(eu)s. "
                            "The amounts have been reduced: %(reason)s",
                            total=money(f.applied_total),
                            eu=money(f.applied_eu),
                            reason=f.reduction_reason,
                        )
                    ),
                    styles["body"],
                )
            )
        if f.targets:
            story.append(Paragraph(_text(_("Indicator targets")), styles["heading"]))
            rows = [[_("Indicator"), _("Unit"), _("Target")]]
            rows += [
                [
                    f"{t['code']} {t['name']}".strip() if t["code"] else t["name"],
                    t["unit"],
                    numbers.format_decimal(t["accepted"], locale=locale),
                ]
                for t in f.targets
            ]
            story.append(table(rows, [105 * mm, 30 * mm, 30 * mm], header=True))
        story.append(Paragraph(_text(_("Conditions")), styles["heading"]))
        story.append(
            Paragraph(_text(f.conditions or _("No conditions beyond the call's and the fund's rules.")), styles["body"])
        )
    else:
        story.append(Paragraph(_text(_("The managing authority rejects the application.")), styles["body"]))
        story.append(Paragraph(_text(_("Reasons")), styles["heading"]))
        for line in f.reasons or []:
            story.append(Paragraph(_text(line), styles["body"]))
        if f.explanation:
            story.append(Paragraph(_text(f.explanation), styles["body"]))
    story += [
        Spacer(1, 8 * mm),
        Paragraph(
            _text(
                _(
                    "Prepared by %(prepared)s. Approved by %(approved)s.",
                    prepared=f.prepared_by,
                    approved=f.approved_by,
                )
            ),
            styles["small"],
        ),
    ]
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=22 * mm,
        rightMargin=22 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=f"{_('Decision')} {f.decision_reference}",
        author=f.tenant.authority_name(f.language),
        lang=f.language,
        invariant=True,
    )
    document.build(story)
    return buffer.getvalue()
