"""exchange rates (InforEuro): shared reference data

Revision ID: 0009
Revises: 0008
"""

from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Shared by every tenant, like the indicator catalogue: no tenant_id, no row-level security.
    op.create_table('exchange_rates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('rate', sa.Numeric(precision=19, scale=8), nullable=False),
    sa.Column('source', sa.String(length=500), nullable=False),
    sa.Column('unverified', sa.Boolean(), nullable=False),
    sa.Column('correction_reason', sa.Text(), nullable=False),
    sa.Column('loaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('loaded_by', sa.String(length=254), nullable=False),
    sa.CheckConstraint('rate > 0', name=op.f('ck_exchange_rates_rate_positive')),
    sa.CheckConstraint('version > 0', name=op.f('ck_exchange_rates_version_positive')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exchange_rates')),
    sa.UniqueConstraint('currency', 'month', 'version', name=op.f('uq_exchange_rates_currency_month_version'))
    )
    op.create_index('ix_exchange_rates_month_currency', 'exchange_rates', ['month', 'currency'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_exchange_rates_month_currency', table_name='exchange_rates')
    op.drop_table('exchange_rates')
