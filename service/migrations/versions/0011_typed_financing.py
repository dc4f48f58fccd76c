"""typed financing of decisions and projects: the cofinanced cost beside the EU amount, and each project
version's financing as typed columns (no longer only text in its JSON content)

Revision ID: 0011
Revises: 0010
"""

import json
from decimal import ROUND_HALF_UP, Decimal

from alembic import op
import sqlalchemy as sa

from service.migrations.rls import append_only_suspended, each_tenant, is_postgresql


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

MONEY = sa.Numeric(15, 2, asdecimal=True)
RATE = sa.Numeric(5, 2, asdecimal=True)


def _rate(eu, base):
    if eu is None or not base:
        return None
    return (Decimal(eu) * 100 / Decimal(base)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def upgrade() -> None:
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cofinanced_cost', MONEY, nullable=True))
    with op.batch_alter_table('project_versions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('currency', sa.String(3), nullable=True))
        batch_op.add_column(sa.Column('eligible_cost', MONEY, nullable=True))
        batch_op.add_column(sa.Column('cofinanced_cost', MONEY, nullable=True))
        batch_op.add_column(sa.Column('eu_amount', MONEY, nullable=True))
        batch_op.add_column(sa.Column('cofinancing_rate', RATE, nullable=True))

    # Existing grants: the cofinanced cost on the call's basis (the total, or the total less the application's
    # private funding), and the rate the EU amount really is of it (AMIF Art. 15). Project versions are
    # append-only: only the columns added here are filled, from the figures each version already recorded.
    for _tenant in each_tenant():
        _fill_decisions()
        with append_only_suspended('project_versions'):
            _fill_project_versions()


def _fill_decisions() -> None:
    bind = op.get_bind()
    grants = bind.execute(sa.text(
        "SELECT d.id, d.eligible_cost, d.eu_amount, c.cofinancing_basis, a.private_funding "
        "FROM decisions d JOIN calls c ON c.id = d.call_id JOIN applications a ON a.id = d.application_id "
        "WHERE d.kind = 'grant' AND d.eligible_cost IS NOT NULL"
    )).fetchall()
    for decision_id, eligible, eu, basis, private in grants:
        eligible = Decimal(eligible)
        base = eligible if basis == 'total' else max(eligible - Decimal(private or 0), Decimal("0.00"))
        bind.execute(
            sa.text("UPDATE decisions SET cofinanced_cost = :base, cofinancing_rate = :rate WHERE id = :id")
            .bindparams(sa.bindparam("base", type_=MONEY), sa.bindparam("rate", type_=RATE)),
            {"base": base, "rate": _rate(eu, base), "id": decision_id},
        )


def _fill_project_versions() -> None:
    bind = op.get_bind()
    versions = bind.execute(sa.text("SELECT id, content FROM project_versions")).fetchall()
    for version_id, content in versions:
        content = json.loads(content) if isinstance(content, str) else content
        financing = content.get("financing") or {}
        eligible = Decimal(financing["eligible_cost"]) if financing.get("eligible_cost") else None
        eu = Decimal(financing["eu_amount"]) if financing.get("eu_amount") else None
        base = Decimal(financing["cofinanced_cost"]) if financing.get("cofinanced_cost") else None
        if base is None and eligible is not None:
            private = Decimal(financing.get("private_funding") or 0)
            public = financing.get("cofinancing_basis") == "public"
            base = max(eligible - private, Decimal("0.00")) if public else eligible
        bind.execute(
            sa.text(
                "UPDATE project_versions SET currency = :currency, eligible_cost = :eligible, "
                "cofinanced_cost = :base, eu_amount = :eu, cofinancing_rate = :rate WHERE id = :id"
            ).bindparams(
                sa.bindparam("eligible", type_=MONEY),
                sa.bindparam("base", type_=MONEY),
                sa.bindparam("eu", type_=MONEY),
                sa.bindparam("rate", type_=RATE),
            ),
            {
                "currency": content.get("currency"),
                "eligible": eligible,
                "base": base,
                "eu": eu,
                "rate": _rate(eu, base),
                "id": version_id,
            },
        )


def downgrade() -> None:
    with op.batch_alter_table('project_versions', schema=None) as batch_op:
        for column in ('cofinancing_rate', 'eu_amount', 'cofinanced_cost', 'eligible_cost', 'currency'):
            batch_op.drop_column(column)
    if not is_postgresql():  # SQLite dropped the columns by copying the table, and its triggers went with it
        for event in ('UPDATE', 'DELETE'):
            op.execute(
                f"CREATE TRIGGER IF NOT EXISTS project_versions_no_{event.lower()} BEFORE {event} ON project_versions"
                " BEGIN SELECT RAISE(ABORT, 'project_versions is append-only'); END"
            )
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.drop_column('cofinanced_cost')
