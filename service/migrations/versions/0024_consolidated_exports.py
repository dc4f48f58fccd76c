"""the Commission's consolidated export across tenants: runs and their files (platform data)

Revision ID: 0024
Revises: 0023
"""

from alembic import op
import sqlalchemy as sa


revision = '0024'
down_revision = '0023'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('consolidated_exports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('as_of', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('tenants_total', sa.Integer(), nullable=False),
    sa.Column('tenants_done', sa.Integer(), nullable=False),
    sa.Column('requested_by', sa.Integer(), nullable=False),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('error', sa.Text(), nullable=False),
    sa.CheckConstraint("status IN ('queued', 'building', 'ready', 'failed')", name=op.f('ck_consolidated_exports_status')),
    sa.CheckConstraint('tenants_done >= 0 AND tenants_total >= 0', name=op.f('ck_consolidated_exports_progress_not_negative')),
    sa.ForeignKeyConstraint(['requested_by'], ['platform_users.id'], name=op.f('fk_consolidated_exports_requested_by_platform_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consolidated_exports'))
    )
    op.create_table('consolidated_export_files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('export_id', sa.Integer(), nullable=False),
    sa.Column('format', sa.String(length=8), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.CheckConstraint("format IN ('xlsx', 'csv', 'json')", name=op.f('ck_consolidated_export_files_format')),
    sa.ForeignKeyConstraint(['export_id'], ['consolidated_exports.id'], name=op.f('fk_consolidated_export_files_export_id_consolidated_exports'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consolidated_export_files')),
    sa.UniqueConstraint('export_id', 'format', name=op.f('uq_consolidated_export_files_export_id_format'))
    )


def downgrade() -> None:
    op.drop_table('consolidated_export_files')
    op.drop_table('consolidated_exports')
