"""The receipt of a submitted application (or supplement) as a PDF the applicant keeps: what was received, when (in
the tenant's time zone), under which reference and content fingerprint, and what happens next. In the reader's
language; set in the fonts the product ships (service.typesetting), so names in any script print."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from flask_babel import get_locale
from flask_babel import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from service.applications import labels
from service.applications.models import Application, Submission
from service.calls.display import call_text
from service.calls.models import Call
from service.i18n import format_instant, zone_name
from service.tenancy.current import current_tenant
from service.typesetting import BOLD, register_fonts, styles, visual


def next_steps(kind: str) -> list[str]:
    """What happens after this submission, as the receipt page and the PDF tell it."""
    if kind == "supplement":
        return [
            _("The managing authority continues checking your application with the supplement you sent."),
            _(
                "If something is still missing, you will be asked again, with a deadline, by e-mail and in your "
                "notifications."
            ),
            _("You will be notified of the decision; it is also shown on the application's page."),
        ]
    return [
        _(
            "The managing authority checks that your application is complete and that it meets the call's "
            "eligibility rules. If something is missing, you will be asked for a supplement, with a deadline, by "
            "e-mail and in your notifications."
        ),
        _(
            "Eligible applications are then assessed against the call's criteria and ranked; the managing authority "
            "decides which are granted."
        ),
        _("You will be notified of the decision; it is also shown on the application's page with its reasons."),
        _("Keep this receipt: its fingerprint identifies exactly what you submitted."),
    ]


def receipt_pdf(application: Application, submission: Submission, call: Call) -> bytes:
    register_fonts()
    style = styles()
    heading = style["body"].clone("heading", fontName=BOLD, fontSize=14, leading=18, spaceAfter=8)
    subheading = style["body"].clone("subheading", fontName=BOLD, fontSize=11, leading=15, spaceBefore=8)

    def text(value) -> Paragraph:
        return Paragraph(escape(visual(str(value))), style["body"])

    title = _("Receipt %(receipt)s", receipt=submission.receipt)
    facts = [
        (_("Receipt"), submission.receipt),
        (_("Received"), format_instant(submission.submitted_at, "long")),
        (_("Time zone"), zone_name()),
        (_("Kind"), labels.kind(submission.kind)),
        (_("Call"), f"{call_text(call)} ({call.reference})"),
        (_("Application reference"), application.reference or "–"),
        (_("Project"), application.title or "–"),
        (_("Fingerprint of the submitted content (SHA-256)"), submission.content_sha256),
    ]
    table = Table([[text(label), text(value)] for label, value in facts], colWidths=(55 * mm, 111 * mm))
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONTNAME", (0, 0), (0, -1), BOLD)]))
    story = [
        Paragraph(escape(current_tenant().authority_name(str(get_locale()))), style["body"]),
        Spacer(1, 4 * mm),
        Paragraph(escape(title), heading),
        table,
        Paragraph(escape(_("What happens next")), subheading),
        *(text(step) for step in next_steps(submission.kind)),
    ]
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=22 * mm,
        rightMargin=22 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=title,
        author=current_tenant().authority_name(str(get_locale())),
        lang=str(get_locale()),
        invariant=True,
    )
    document.build(story)
    return buffer.getvalue()
