"""alerts for exchange rates missing for a month in use

Revision ID: 0014
Revises: 0013
"""

from alembic import op
import sqlalchemy as sa


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Platform data beside exchange_rates: no tenant_id, no row-level security. A tenant's request or job
    # that finds a rate missing records the alert (the application role may insert and update it in any
    # scope), and the platform administrator, who sees no tenant's rows, reads it. It holds which tenants
    # need a rate and for what, nothing of their data.
    op.create_table('exchange_rate_alerts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('first_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('mail_claimed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('mailed_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exchange_rate_alerts')),
    sa.UniqueConstraint('currency', 'month', name=op.f('uq_exchange_rate_alerts_currency_month'))
    )
    op.create_table('exchange_rate_alert_needs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('alert_id', sa.Integer(), nullable=False),
    sa.Column('tenant_code', sa.String(length=8), nullable=False),
    sa.Column('purpose', sa.String(length=64), nullable=False),
    sa.Column('first_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['alert_id'], ['exchange_rate_alerts.id'], name=op.f('fk_exchange_rate_alert_needs_alert_id_exchange_rate_alerts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exchange_rate_alert_needs')),
    sa.UniqueConstraint('alert_id', 'tenant_code', 'purpose', name=op.f('uq_exchange_rate_alert_needs_alert_id_tenant_code_purpose'))
    )


def downgrade() -> None:
    op.drop_table('exchange_rate_alert_needs')
    op.drop_table('exchange_rate_alerts')
