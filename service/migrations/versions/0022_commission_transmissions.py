"""the Commission's data transmissions (CPR Art. 42): drafts built by a job, versions frozen append-only

Revision ID: 0022
Revises: 0021
"""

from alembic import op
import sqlalchemy as sa

from service.migrations.rls import enable_tenant_rls, make_append_only


revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('transmission_drafts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.String(length=6), nullable=False),
    sa.Column('cut_off', sa.Date(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('rows_total', sa.Integer(), nullable=False),
    sa.Column('rows_done', sa.Integer(), nullable=False),
    sa.Column('content', sa.JSON(), nullable=True),
    sa.Column('problems', sa.JSON(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('built_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("status IN ('queued', 'building', 'ready', 'invalid', 'failed', 'frozen')", name=op.f('ck_transmission_drafts_status')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_transmission_drafts_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_transmission_drafts')),
    sa.UniqueConstraint('tenant_id', 'id', name=op.f('uq_transmission_drafts_tenant_id_id'))
    )
    op.create_index(op.f('ix_transmission_drafts_tenant_id'), 'transmission_drafts', ['tenant_id'], unique=False)
    op.create_table('transmission_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('draft_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.String(length=6), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('cut_off', sa.Date(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('content_sha256', sa.String(length=64), nullable=False),
    sa.Column('frozen_by', sa.Integer(), nullable=False),
    sa.Column('frozen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_transmission_versions_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_transmission_versions')),
    sa.UniqueConstraint('tenant_id', 'draft_id', name=op.f('uq_transmission_versions_tenant_id_draft_id')),
    sa.UniqueConstraint('tenant_id', 'version', 'sequence', name=op.f('uq_transmission_versions_tenant_id_version_sequence'))
    )
    op.create_index(op.f('ix_transmission_versions_tenant_id'), 'transmission_versions', ['tenant_id'], unique=False)
    for table in ('transmission_drafts', 'transmission_versions'):
        enable_tenant_rls(table)
    make_append_only('transmission_versions')


def downgrade() -> None:
    op.drop_index(op.f('ix_transmission_versions_tenant_id'), table_name='transmission_versions')
    op.drop_table('transmission_versions')
    op.drop_index(op.f('ix_transmission_drafts_tenant_id'), table_name='transmission_drafts')
    op.drop_table('transmission_drafts')
