"""participant imports and erasures

Revision ID: 0019
Revises: 0018
"""

from alembic import op
import sqlalchemy as sa

from service.migrations.rls import enable_tenant_rls, make_append_only


revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('participant_erasures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('participants', sa.Integer(), nullable=False),
    sa.Column('last_payment', sa.Date(), nullable=False),
    sa.Column('retention_end', sa.Date(), nullable=False),
    sa.Column('erased_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('erased_by', sa.String(length=64), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'project_id'], ['projects.tenant_id', 'projects.id'], name=op.f('fk_participant_erasures_tenant_id_project_id_projects')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_participant_erasures_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_participant_erasures'))
    )
    op.create_index(op.f('ix_participant_erasures_tenant_id'), 'participant_erasures', ['tenant_id'], unique=False)
    op.create_table('participant_imports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=True),
    sa.Column('rows_total', sa.Integer(), nullable=True),
    sa.Column('rows_read', sa.Integer(), nullable=False),
    sa.Column('rows_done', sa.Integer(), nullable=False),
    sa.Column('created', sa.Integer(), nullable=False),
    sa.Column('merged', sa.Integer(), nullable=False),
    sa.Column('errors', sa.JSON(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("status IN ('queued', 'validating', 'writing', 'done', 'refused', 'failed')", name=op.f('ck_participant_imports_status')),
    sa.ForeignKeyConstraint(['tenant_id', 'project_id'], ['projects.tenant_id', 'projects.id'], name=op.f('fk_participant_imports_tenant_id_project_id_projects')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_participant_imports_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_participant_imports'))
    )
    op.create_index(op.f('ix_participant_imports_tenant_id'), 'participant_imports', ['tenant_id'], unique=False)
    for table in ('participant_imports', 'participant_erasures'):
        enable_tenant_rls(table)
    make_append_only('participant_erasures')  # the record of what retention erased (CPR Art. 82)


def downgrade() -> None:
    op.drop_index(op.f('ix_participant_imports_tenant_id'), table_name='participant_imports')
    op.drop_table('participant_imports')
    op.drop_index(op.f('ix_participant_erasures_tenant_id'), table_name='participant_erasures')
    op.drop_table('participant_erasures')
