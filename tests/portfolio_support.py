"""The selected operations of one tenant counted and summed straight from its tables in SQL: what the portfolio,
the transmissions and the consolidated export are compared with."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import text

from service.extensions import db
from service.tenancy.scope import tenant_scope
from tests.conftest import tenant_id

SELECTED = text(
    """
    SELECT p.specific_objective, p.intervention_field, count(*), sum(d.eligible_cost), sum(d.eu_amount)
    FROM projects p
    JOIN decisions d ON d.tenant_id = p.tenant_id AND d.application_id = p.application_id
    WHERE p.tenant_id = :tenant AND d.status = 'approved' AND d.kind = 'grant' AND d.approved_at < :end
      AND d.id = (SELECT max(x.id) FROM decisions x WHERE x.tenant_id = :tenant
                  AND x.application_id = d.application_id AND x.status = 'approved' AND x.approved_at < :end)
    GROUP BY 1, 2
    """
)


def selected_in_sql(app, code: str, end: datetime) -> dict[tuple[str, str], tuple[int, str, str]]:
    """Per (specific objective, type of intervention): the count of the operations selected before ``end`` (the
    decision in force: the latest approved before it, a grant), their eligible cost and EU amount in the tenant's
    currency, from one tenant's rows."""
    with app.app_context(), tenant_scope(tenant_id(app, code)):
        found = db.session.execute(SELECTED, {"tenant": tenant_id(app, code), "end": end}).all()
    return {(so, field): (count, f"{cost:.2f}", f"{eu:.2f}") for so, field, count, cost, eu in found}
