"""The frozen content of a submitted application: everything the assessment and the decision rely on."""

from __future__ import annotations

from service.applications.models import Application
from service.calls.models import Call
from service.money.display import wire
from service.organisations.models import Organisation


def _money(value) -> str | None:
    return wire(value)


def snapshot_of(application: Application, call: Call, organisation: Organisation) -> dict:
    return {
        "application_id": application.id,
        "reference": application.reference,
        "language": application.language,
        "call": {"id": call.id, "reference": call.reference, "currency": call.currency},
        "organisation": {
            "id": organisation.id,
            "name": organisation.name,
            "number": organisation.number,
            "type": organisation.organisation_type,
        },
        "title": application.title,
        "classification": {
            "specific_objective": application.proposed_objective,
            "intervention_field": application.proposed_intervention,
        },
        "sections": dict(application.sections),
        "project_start": application.project_start.isoformat() if application.project_start else None,
        "project_end": application.project_end.isoformat() if application.project_end else None,
        "budget": {
            "lines": [
                {
                    "year": line.year,
                    "category": line.category,
                    "description": line.description,
                    "staff_method": line.staff_method,
                    "monthly_gross": _money(line.monthly_gross),
                    "percentage": _money(line.percentage),
                    "months": line.months,
                    "annual_gross": _money(line.annual_gross),
                    "hours": line.hours,
                    "unit_amount": _money(line.unit_amount),
                    "units": _money(line.units),
                    "amount": _money(line.amount),
                }
                for line in application.budget_lines
            ],
            "direct_costs": _money(application.direct_costs),
            "indirect_costs": _money(application.indirect_costs),
            "indirect_rate": _money(call.indirect_rate),
            "total_cost": _money(application.total_cost),
            "cofinancing_rate": _money(call.cofinancing_rate),
            "cofinancing_basis": call.cofinancing_basis,
            "eu_amount": _money(application.eu_amount),
            "own_contribution": _money(application.own_contribution),
            "private_funding": _money(application.private_funding),
        },
        "partners": [
            {"name": p.name, "number": p.number, "role": p.role, "budget_share": _money(p.budget_share)}
            for p in application.partners
        ],
        "indicators": [
            {"code": i.indicator_code, "name": i.name, "unit": i.unit, "planned_value": i.planned_value}
            for i in application.indicators
        ],
        "attachments": [
            {"kind": a.kind, "filename": a.filename, "content_type": a.content_type, "size": a.size, "sha256": a.sha256}
            for a in application.attachments
        ],
    }
