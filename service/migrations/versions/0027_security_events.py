"""security events: refused access (403, 404) of a signed-in person or a token, counted per minute

Revision ID: 0027
Revises: 0025
"""

from alembic import op
import sqlalchemy as sa

from service.migrations.rls import enable_tenant_rls


revision = '0027'
down_revision = '0025'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('security_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('minute', sa.DateTime(timezone=True), nullable=False),
    sa.Column('first_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('actor_label', sa.String(length=254), nullable=False),
    sa.Column('actor_role', sa.String(length=32), nullable=True),
    sa.Column('actor_tenant', sa.String(length=8), nullable=True),
    sa.Column('via', sa.String(length=8), nullable=False),
    sa.Column('method', sa.String(length=8), nullable=False),
    sa.Column('path', sa.String(length=500), nullable=False),
    sa.Column('object_type', sa.String(length=64), nullable=True),
    sa.Column('object_id', sa.String(length=64), nullable=True),
    sa.Column('status', sa.SmallInteger(), nullable=False),
    sa.Column('ip', sa.String(length=45), nullable=True),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.CheckConstraint('count >= 1', name=op.f('ck_security_events_count_positive')),
    sa.CheckConstraint('status IN (403, 404)', name=op.f('ck_security_events_status')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_security_events_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_security_events')),
    sa.UniqueConstraint('tenant_id', 'actor', 'method', 'path', 'status', 'minute', name=op.f('uq_security_events_tenant_id_actor_method_path_status_minute'))
    )
    op.create_index(op.f('ix_security_events_minute'), 'security_events', ['minute'], unique=False)
    op.create_index(op.f('ix_security_events_tenant_id'), 'security_events', ['tenant_id'], unique=False)
    enable_tenant_rls('security_events')


def downgrade() -> None:
    op.drop_index(op.f('ix_security_events_tenant_id'), table_name='security_events')
    op.drop_index(op.f('ix_security_events_minute'), table_name='security_events')
    op.drop_table('security_events')
