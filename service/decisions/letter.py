"""The decision letter as a PDF, in the application's language: the managing authority, the references, the
decision (a grant with what was reduced from what to what, or a rejection with each reason once), amounts in
the call's currency formatted for that language in the tenant's country, dates in the tenant's time zone, and
what makes it legally complete: the legal basis, how to appeal or ask for rectification, the contact person,
the managing authority's postal address and the EU funding statement (the tenant's legal texts,
service.decisions.legal).

Set in the fonts the project ships (service.typesetting), so names in any script print. The output
is invariant: the same decision gives the same bytes, so the stored file's hash identifies the letter.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from xml.sax.saxutils import escape

from babel import dates, numbers
from flask_babel import force_locale
from flask_babel import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from service.decisions.legal import LegalTexts
from service.money.display import format_money, format_rate
from service.tenancy.models import Tenant
from service.typesetting import BOLD, eu_emblem, register_fonts, styles, visual


@dataclass
class LetterFacts:
    """Everything the letter says, gathered by the job from the decision, its application and its call."""

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
    legal: LegalTexts
    contact_name: str
    contact_email: str
    partners: list[tuple[str, str]] = field(default_factory=list)  # (name, organisation number)
    eligible_cost: Decimal | None = None
    eu_amount: Decimal | None = None
    own_contribution: Decimal | None = None
    cofinancing_rate: Decimal | None = None  # the EU share granted, per cent
    call_rate: Decimal | None = None  # the call's maximum co-financing rate, per cent
    project_start: date | None = None
    project_end: date | None = None
    applied_total: Decimal | None = None
    applied_eu: Decimal | None = None
    reduction_reason: str = ""
    conditions: str = ""
    targets: list[dict] | None = None
    reasons: list[str] | None = None  # each reason once, the officer's explanation included (reason_texts)
    corrects_reference: str | None = None
    correction_reason: str = ""
    prepared_by: str = ""
    approved_by: str = ""


def _text(value: str) -> str:
    """Plain text as a paragraph: escaped, with its line breaks kept."""
    return escape(value).replace("\n", "<br/>")


def render_letter(facts: LetterFacts) -> bytes:
    register_fonts()
    with force_locale(facts.language):
        return _render(facts)


class _Writer:
    """The letter's parts, in the letter's language and its tenant's formats."""

    def __init__(self, f: LetterFacts):
        self.f = f
        self.locale = f.tenant.locale_for(f.language)
        self.styles = styles()

    def money(self, amount: Decimal) -> str:
        return format_money(amount, self.f.currency, locale=self.locale)

    def day(self, value: date) -> str:
        return dates.format_date(value, "long", locale=self.locale)

    def percent(self, rate: Decimal) -> str:
        """A rate in per cent with two decimals, as the language writes it ("66,76 %")."""
        return format_rate(rate, locale=self.locale)

    def paragraph(self, text: str, style: str = "body") -> Paragraph:
        return Paragraph(_text(text), self.styles[style])

    def table(self, rows, widths, header=False) -> Table:
        data = [[Paragraph(_text(str(cell)), self.styles["cell"]) for cell in row] for row in rows]
        t = Table(data, colWidths=widths, hAlign="LEFT")
        style = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#999999")),
            ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ]
        if header:
            style.append(("FONTNAME", (0, 0), (-1, 0), BOLD))
        t.setStyle(TableStyle(style))
        return t


def _render(f: LetterFacts) -> bytes:
    w = _Writer(f)
    story = _head(w) + (_grant(w) if f.granted else _rejection(w)) + _legal(w)
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


def _party(name: str, number: str) -> str:
    return f"{visual(name)} ({number})" if number else visual(name)


def _head(w: _Writer) -> list:
    f = w.f
    decided_on = w.day(f.decided_at.astimezone(f.tenant.zone).date())
    rows = [
        [_("Decision"), f.decision_reference],
        [_("Date"), decided_on],
        [_("Application"), f.application_reference],
        [_("Call"), f.call_reference],
        [_("Applicant"), _party(f.applicant_name, f.applicant_number)],
    ]
    if f.partners:
        rows.append([_("Partners"), "\n".join(_party(name, number) for name, number in f.partners)])
    story = [
        w.paragraph(f.tenant.authority_name(f.language), "heading"),
        Spacer(1, 4 * mm),
        w.table(rows, [45 * mm, 120 * mm]),
        Spacer(1, 6 * mm),
        w.paragraph(_("Decision on the application “%(title)s”", title=visual(f.application_title)), "title"),
    ]
    if f.corrects_reference:
        story.append(
            w.paragraph(
                _(
                    "This decision replaces decision %(reference)s. Reason for the correction: %(reason)s",
                    reference=f.corrects_reference,
                    reason=visual(f.correction_reason),
                )
            )
        )
    return story


def _grant(w: _Writer) -> list:
    f = w.f
    story = [
        w.paragraph(_("The managing authority grants the project support from the fund as follows.")),
        w.table(
            [
                [_("Eligible cost"), w.money(f.eligible_cost)],
                [_("EU contribution"), w.money(f.eu_amount)],
                [_("Co-financing rate"), w.percent(f.cofinancing_rate)],
                [_("Maximum co-financing rate of the call"), w.percent(f.call_rate)],
                [_("Own contribution"), w.money(f.own_contribution)],
                [_("Project period"), f"{w.day(f.project_start)} – {w.day(f.project_end)}"],
            ],
            [60 * mm, 105 * mm],
        ),
    ]
    reduction = _reduction(w)
    if reduction:
        story.append(w.paragraph(_("Reduction"), "heading"))
        story.append(w.paragraph(reduction))
        if f.reduction_reason:
            story.append(w.paragraph(_("Reason for the reduction: %(reason)s", reason=visual(f.reduction_reason))))
    if f.targets:
        story.append(w.paragraph(_("Indicator targets"), "heading"))
        rows = [[_("Indicator"), _("Unit"), _("Target")]]
        rows += [
            [
                f"{t['code']} {visual(t['name'])}".strip() if t["code"] else visual(t["name"]),
                t["unit"],
                numbers.format_decimal(t["accepted"], locale=w.locale),
            ]
            for t in f.targets
        ]
        story.append(w.table(rows, [105 * mm, 30 * mm, 30 * mm], header=True))
    story.append(w.paragraph(_("Conditions"), "heading"))
    story.append(w.paragraph(visual(f.conditions) or _("No conditions beyond the call's and the fund's rules.")))
    return story


def _reduction(w: _Writer) -> str:
    """Which amount was reduced, from what to what: the eligible cost, the EU contribution, or both."""
    f = w.f
    cost_cut = f.applied_total is not None and f.eligible_cost < f.applied_total
    eu_cut = f.applied_eu is not None and f.eu_amount < f.applied_eu
    if cost_cut and eu_cut:
        return _(
            "The eligible cost has been reduced from %(applied)s to %(granted)s and the EU contribution from "
            "%(applied_eu)s to %(granted_eu)s.",
            applied=w.money(f.applied_total),
            granted=w.money(f.eligible_cost),
            applied_eu=w.money(f.applied_eu),
            granted_eu=w.money(f.eu_amount),
        )
    if eu_cut:
        return _(
            "The EU contribution has been reduced from %(applied)s to %(granted)s; the eligible cost of "
            "%(eligible)s is as applied for.",
            applied=w.money(f.applied_eu),
            granted=w.money(f.eu_amount),
            eligible=w.money(f.eligible_cost),
        )
    if cost_cut:
        return _(
            "The eligible cost has been reduced from %(applied)s to %(granted)s; the EU contribution of %(eu)s is "
            "as applied for.",
            applied=w.money(f.applied_total),
            granted=w.money(f.eligible_cost),
            eu=w.money(f.eu_amount),
        )
    return ""


def _rejection(w: _Writer) -> list:
    story = [w.paragraph(_("The managing authority rejects the application.")), w.paragraph(_("Reasons"), "heading")]
    story += [w.paragraph(visual(line)) for line in w.f.reasons or []]
    return story


def _legal(w: _Writer) -> list:
    """The legal basis, the remedy, the contact, and the EU funding statement."""
    f, legal = w.f, w.f.legal
    story = [
        w.paragraph(_("Legal basis"), "heading"),
        w.paragraph(legal.legal_basis),
        w.paragraph(legal.remedy_heading, "heading"),
        w.paragraph(legal.remedy),
    ]
    if legal.correction:
        story.append(w.paragraph(legal.correction))
    story += [
        w.paragraph(_("Contact"), "heading"),
        w.paragraph(
            _(
                "Contact person: %(name)s, %(email)s",
                name=visual(f.contact_name),
                email=legal.contact_mailbox or f.contact_email,
            )
        ),
        w.paragraph("\n".join((legal.authority, *legal.address))),
    ]
    if f.granted:
        story.append(w.paragraph(legal.visibility))
    emblem = Table(
        [[eu_emblem(), w.paragraph(legal.funding_statement, "statement")]],
        colWidths=[22 * mm, 100 * mm],
        hAlign="LEFT",
        style=[("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0)],
    )
    story += [
        Spacer(1, 6 * mm),
        KeepTogether([emblem]),
        Spacer(1, 6 * mm),
        w.paragraph(
            _(
                "Prepared by %(prepared)s. Approved by %(approved)s.",
                prepared=visual(f.prepared_by),
                approved=visual(f.approved_by),
            ),
            "small",
        ),
    ]
    return story
