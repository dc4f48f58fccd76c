"""unit costs and lump sums in budgets and claims (CPR Art. 53(1)(b), (c))

Revision ID: 0016
Revises: 0015
"""

from alembic import op
import sqlalchemy as sa


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('budget_lines') as batch:
        batch.add_column(sa.Column('unit_amount', sa.Numeric(precision=15, scale=2), nullable=True))
        batch.add_column(sa.Column('units', sa.Numeric(precision=15, scale=2), nullable=True))
    with op.batch_alter_table('claim_lines') as batch:
        batch.add_column(sa.Column('option', sa.String(length=16), nullable=True))
        batch.add_column(sa.Column('units', sa.Numeric(precision=15, scale=2), nullable=True))
        batch.add_column(sa.Column('unit_amount', sa.Numeric(precision=15, scale=2), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('claim_lines') as batch:
        batch.drop_column('unit_amount')
        batch.drop_column('units')
        batch.drop_column('option')
    with op.batch_alter_table('budget_lines') as batch:
        batch.drop_column('units')
        batch.drop_column('unit_amount')
