"""Cross-tenant data for the Commission: aggregated, read-only, in euro.

Each tenant is read in its own tenant scope, one after the other, so the aggregation uses the
same isolation as everything else and never a scope-less query.
"""

from __future__ import annotations

from decimal import Decimal

from flask import jsonify
from marshmallow import Schema, fields
from sqlalchemy import select

from service.extensions import db
from service.money.display import wire
from service.money.fields import Amount
from service.programmes.util import current_programme, totals
from service.tenancy.models import Tenant
from service.tenancy.scope import tenant_scope


class CountryProgrammeSchema(Schema):
    tenant = fields.String()
    country = fields.String()
    cci = fields.String()
    currency = fields.String()
    eu_contribution = Amount()
    national_cofinancing = Amount()
    total = Amount()
    by_objective = fields.Dict(keys=fields.String(), values=fields.Dict())


class CommissionProgrammesSchema(Schema):
    currency = fields.String()
    programmes = fields.List(fields.Nested(CountryProgrammeSchema))
    by_objective = fields.Dict(keys=fields.String(), values=fields.Dict())


def _money(value: Decimal) -> str:
    return wire(value)


def programmes():
    """Every tenant's programme budget per specific objective, and the sum over tenants (EUR).
    ---
    get:
      tags: [commission]
      security: [{bearer: []}]
      responses:
        200: {description: Success., content: {application/json: {schema: CommissionProgrammesSchema}}}
        401: {description: No valid token.}
        403: {description: Only Commission users and platform administrators.}
    """
    tenants = db.session.scalars(select(Tenant).where(Tenant.active.is_(True)).order_by(Tenant.code)).all()
    rows, overall = [], {}
    for tenant in tenants:
        with tenant_scope(tenant.id):
            programme = current_programme()
            if programme is None:
                continue
            sums = totals(programme)
            by_objective = {}
            for a in programme.allocations:
                by_objective[a.objective_code] = {
                    "eu_contribution": _money(a.eu_contribution),
                    "national_cofinancing": _money(a.national_cofinancing),
                    "total": _money(a.total),
                }
                bucket = overall.setdefault(a.objective_code, [Decimal("0.00"), Decimal("0.00")])
                bucket[0] += a.eu_contribution
                bucket[1] += a.national_cofinancing
            rows.append(
                {
                    "tenant": tenant.code,
                    "country": tenant.country,
                    "cci": programme.cci,
                    "currency": programme.currency,
                    "eu_contribution": sums.eu_contribution,
                    "national_cofinancing": sums.national_cofinancing,
                    "total": sums.total,
                    "by_objective": by_objective,
                }
            )
    summary = {
        code: {"eu_contribution": _money(eu), "national_cofinancing": _money(nat), "total": _money(eu + nat)}
        for code, (eu, nat) in sorted(overall.items())
    }
    return jsonify(CommissionProgrammesSchema().dump({"currency": "EUR", "programmes": rows, "by_objective": summary}))
