"""Helpers of the letter tests: letter facts for a tenant's language, the letter's text, and the tenant's own
legal texts (tenants/<code>/letter.toml) to compare the letter with."""

from __future__ import annotations

import tomllib
from datetime import UTC, date, datetime
from decimal import Decimal

from tests.conftest import ROOT
from tests.decisions_support import pdf_text


def flat(text: str) -> str:
    """Text with every run of white space as one space: a PDF's wrapped lines, babel's no-break spaces."""
    return " ".join(text.split())


def tenant_of(app, code: str):
    from service.extensions import db
    from service.tenancy.models import Tenant

    with app.app_context():
        tenant = db.session.query(Tenant).filter(Tenant.code == code).one()
        db.session.expunge(tenant)
        return tenant


def letter_data(code: str) -> dict:
    return tomllib.loads((ROOT / "tenants" / code / "letter.toml").read_text(encoding="utf-8"))


def facts(app, code: str, language: str, **overrides):
    """A grant of 149 800,00 eligible cost, as applied for, with the EU amount cut from 134 820,00 (90 %, the
    call's maximum rate) to 100 000,00: the letter of issue 11's example."""
    from service.decisions.legal import legal_texts
    from service.decisions.letter import LetterFacts

    tenant = tenant_of(app, code)
    eligible, eu = Decimal("149800.00"), Decimal("100000.00")
    values = {
        "tenant": tenant,
        "language": language,
        "decision_reference": "AMIF-2027-0001-D1",
        "decided_at": datetime(2027, 3, 1, 10, 0, tzinfo=UTC),
        "granted": True,
        "application_reference": "AMIF-2027-0001",
        "application_title": "Språkcafé",
        "call_reference": "AMIF-2027",
        "applicant_name": "Förening Ab",
        "applicant_number": "1234567-8",
        "currency": tenant.currency,
        "eligible_cost": eligible,
        "eu_amount": eu,
        "own_contribution": eligible - eu,
        "cofinancing_rate": eu / eligible * 100,  # the EU share granted: 66.7556…
        "call_rate": Decimal("90"),
        "project_start": date(2027, 1, 1),
        "project_end": date(2028, 12, 31),
        "applied_total": eligible,
        "applied_eu": Decimal("134820.00"),  # 90 % of 149 800,00
        "reduction_reason": "Resorna är för dyra.",
        "contact_name": "Anna Handläggare",
        "contact_email": "anna@example.test",
        "prepared_by": "Anna Handläggare",
        "approved_by": "Bo Beslutsfattare",
    }
    values.update(overrides)
    with app.app_context():
        values.setdefault("legal", legal_texts(tenant, language))
    return LetterFacts(**values)


def render(app, letter_facts) -> bytes:
    from service.decisions.letter import render_letter

    with app.app_context():
        return render_letter(letter_facts)


def text_of(app, letter_facts) -> str:
    return flat(pdf_text(render(app, letter_facts)))


def money(amount: str, currency: str, locale: str) -> str:
    from babel import numbers

    return flat(numbers.format_currency(Decimal(amount), currency, locale=locale))
