"""What the claim pages show, gathered for the templates: reads only (the rules stay in operations,
verification and payments)."""

from __future__ import annotations

from decimal import Decimal

from babel import dates as babel_dates
from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from service.assessment.presenters import person_names
from service.claims import operations
from service.claims.figures import claim_figures, in_euro
from service.claims.labels import CATEGORY_LABELS
from service.claims.models import Claim, Payment
from service.claims.payments_api import finance_json
from service.claims.util import READERS, STAFF, is_beneficiary
from service.exchange.presenters import rate_text
from service.extensions import db
from service.i18n import formatting_locale
from service.money import ZERO
from service.money.display import format_money
from service.money.parsing import from_wire
from service.projects.models import Project


def may_read_money(user, project: Project) -> bool:
    return user.role in READERS or is_beneficiary(user, project.organisation_id)


def project_links(project: Project) -> list[tuple[str, str]]:
    """The project page's links to its claims and finance, for those who may read them (a template global:
    the project page does not know the claims domain)."""
    if not current_user.is_authenticated or not may_read_money(current_user, project):
        return []
    return [
        (_("Claims of the project"), url_for("claims.project_claims", project_id=project.id)),
        (_("Finance and payments"), url_for("claims.finance", project_id=project.id)),
    ]


def claim_total(claim: Claim) -> Decimal:
    """The claim's costs, indirect costs included: as written (a draft), or as it stands submitted."""
    return operations.limits_of(claim).this


def verified_total(claim: Claim) -> Decimal | None:
    if claim.status != "verified":
        return None
    totals = claim_figures(claim.id)
    return totals["claimed"] + totals["deducted"] + totals["parked"]


def claim_rows(claims: list[Claim]) -> list[dict]:
    projects = (
        {p.id: p for p in db.session.scalars(select(Project).where(Project.id.in_({c.project_id for c in claims})))}
        if claims
        else {}
    )
    return [
        {
            "claim": claim,
            "project": projects.get(claim.project_id),
            "total": claim_total(claim),
            "verified": verified_total(claim),
        }
        for claim in claims
    ]


def finance_of(project: Project) -> dict:
    """The project's figures (the API's, read back as amounts) and the bar chart's rows."""
    data = finance_json(project)
    categories = list(data["by_category"])
    rows = [[from_wire(data["by_category"][c][key]) for key in ("budget", "claimed", "verified")] for c in categories]
    return {
        "data": data,
        "currency": data["currency"] or "",
        "chart_categories": [str(CATEGORY_LABELS.get(c, c)) for c in categories],
        "chart_rows": rows,
    }


def payment_people(payments: list[Payment], recoveries) -> dict[int, str]:
    ids = [p.prepared_by for p in payments] + [p.approved_by for p in payments if p.approved_by]
    ids += [p.paid_by for p in payments if p.paid_by] + [p.returned_by for p in payments if p.returned_by]
    ids += [r.recorded_by for r in recoveries]
    return person_names(ids)


def is_staff(user) -> bool:
    return user.role in STAFF


def line_numbers(claim: Claim) -> dict[int, int]:
    return {line.id: number for number, line in enumerate(claim.lines, start=1)}


def negative(value: Decimal) -> Decimal:
    """A ledger figure kept negative (deducted, parked) shown as the amount it took away."""
    return -value if value else ZERO


def euro_of(project_id: int, *, claim: Claim | None = None) -> dict | None:
    """The euro equivalent (CPR Art. 87) to show beside figures in another currency: what stands declared, and what
    was paid, at the Commission's rates of the months they were recorded in; None for the euro."""
    if claim is not None:
        if claim.currency == "EUR":
            return None
        declared = in_euro(project_id, ("claimed", "deducted", "parked"), claim_id=claim.id)
        paid = None
    else:
        project = db.session.get(Project, project_id)
        if project.financing is None or project.financing.currency == "EUR":
            return None
        declared = in_euro(project_id, ("claimed", "deducted", "parked", "recovered"))
        paid = in_euro(project_id, ("advanced", "paid"))
    rates = {(month, rate) for month, rate, _version in declared.rates + (paid.rates if paid else [])}
    return {
        "declared": declared.amount,
        "paid": paid.eu_amount if paid else None,
        "waiting": declared.waiting + (paid.waiting if paid else 0),
        "rates": [{"month": month_name(month), "rate": rate_text(rate)} for month, rate in sorted(rates)],
    }


def month_name(month) -> str:
    return babel_dates.format_date(month, "LLLL y", locale=formatting_locale())


def option_choices(options, currency: str) -> list[tuple[str, str]]:
    """The budget's unit costs and lump sums as a beneficiary chooses among them: what, and how much."""
    choices = []
    for option in options:
        if option.category == "unit_costs":
            text = _(
                "Unit cost: %(unit)s, %(amount)s a unit",
                unit=option.description,
                amount=format_money(option.unit_amount, currency),
            )
        else:
            text = _(
                "Lump sum: %(what)s, %(amount)s", what=option.description, amount=format_money(option.amount, currency)
            )
        choices.append((option.key, text))
    return choices
