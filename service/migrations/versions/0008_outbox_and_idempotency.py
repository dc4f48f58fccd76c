"""job leases, the sweeper's index, idempotency keys

Revision ID: 0008
Revises: 0007
"""

from alembic import op
import sqlalchemy as sa

from service.migrations.rls import enable_tenant_rls


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

UNFINISHED = sa.text("status <> 'finished'")


def upgrade() -> None:
    with op.batch_alter_table('job_runs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lease_until', sa.DateTime(timezone=True), nullable=True))
    op.create_index(
        'ix_job_runs_unfinished', 'job_runs', ['status'], unique=False,
        postgresql_where=UNFINISHED, sqlite_where=UNFINISHED,
    )
    op.create_table('idempotency_keys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=255), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('status_code', sa.Integer(), nullable=False),
    sa.Column('response', sa.JSON(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'user_id'], ['users.tenant_id', 'users.id'], name=op.f('fk_idempotency_keys_tenant_id_user_id_users')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_idempotency_keys_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_idempotency_keys')),
    sa.UniqueConstraint('tenant_id', 'user_id', 'key', name=op.f('uq_idempotency_keys_tenant_id_user_id_key'))
    )
    op.create_index(op.f('ix_idempotency_keys_tenant_id'), 'idempotency_keys', ['tenant_id'], unique=False)
    op.create_index(op.f('ix_idempotency_keys_created_at'), 'idempotency_keys', ['created_at'], unique=False)
    enable_tenant_rls('idempotency_keys')


def downgrade() -> None:
    op.drop_index(op.f('ix_idempotency_keys_created_at'), table_name='idempotency_keys')
    op.drop_index(op.f('ix_idempotency_keys_tenant_id'), table_name='idempotency_keys')
    op.drop_table('idempotency_keys')
    op.drop_index('ix_job_runs_unfinished', table_name='job_runs', postgresql_where=UNFINISHED, sqlite_where=UNFINISHED)
    with op.batch_alter_table('job_runs', schema=None) as batch_op:
        batch_op.drop_column('lease_until')
