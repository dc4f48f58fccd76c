"""payment applications to the Commission (CPR Art. 91), append-only

Revision ID: 0023
Revises: 0022
"""

from alembic import op
import sqlalchemy as sa

from service.migrations.rls import enable_tenant_rls, make_append_only


revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('payment_applications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year_start', sa.Date(), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('as_of', sa.Date(), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('content_sha256', sa.String(length=64), nullable=False),
    sa.Column('frozen_by', sa.Integer(), nullable=False),
    sa.Column('frozen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_payment_applications_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment_applications')),
    sa.UniqueConstraint('tenant_id', 'year_start', 'sequence', name=op.f('uq_payment_applications_tenant_id_year_start_sequence'))
    )
    op.create_index(op.f('ix_payment_applications_tenant_id'), 'payment_applications', ['tenant_id'], unique=False)
    enable_tenant_rls('payment_applications')
    make_append_only('payment_applications')


def downgrade() -> None:
    op.drop_index(op.f('ix_payment_applications_tenant_id'), table_name='payment_applications')
    op.drop_table('payment_applications')
