"""progress reports

Revision ID: 0018
Revises: 0017
"""

from alembic import op
import sqlalchemy as sa

from service.migrations.rls import enable_tenant_rls, make_append_only


revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('progress_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=80), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('final', sa.Boolean(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('project_version', sa.Integer(), nullable=False),
    sa.Column('activities', sa.Text(), nullable=False),
    sa.Column('progress', sa.Text(), nullable=False),
    sa.Column('horizontal_principles', sa.Text(), nullable=False),
    sa.Column('problems', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'organisation_id'], ['organisations.tenant_id', 'organisations.id'], name=op.f('fk_progress_reports_tenant_id_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['tenant_id', 'project_id'], ['projects.tenant_id', 'projects.id'], name=op.f('fk_progress_reports_tenant_id_project_id_projects')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_progress_reports_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_progress_reports')),
    sa.UniqueConstraint('tenant_id', 'id', name=op.f('uq_progress_reports_tenant_id_id')),
    sa.UniqueConstraint('tenant_id', 'project_id', 'period_start', name=op.f('uq_progress_reports_tenant_id_project_id_period_start')),
    sa.UniqueConstraint('tenant_id', 'project_id', 'sequence', name=op.f('uq_progress_reports_tenant_id_project_id_sequence'))
    )
    op.create_index(op.f('ix_progress_reports_tenant_id'), 'progress_reports', ['tenant_id'], unique=False)
    op.create_table('progress_report_reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('submission', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('reviewed_by', sa.Integer(), nullable=False),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'report_id'], ['progress_reports.tenant_id', 'progress_reports.id'], name=op.f('fk_progress_report_reviews_tenant_id_report_id_progress_reports')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_progress_report_reviews_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_progress_report_reviews')),
    sa.UniqueConstraint('tenant_id', 'report_id', 'submission', name=op.f('uq_progress_report_reviews_tenant_id_report_id_submission'))
    )
    op.create_index(op.f('ix_progress_report_reviews_tenant_id'), 'progress_report_reviews', ['tenant_id'], unique=False)
    op.create_table('progress_report_submissions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('receipt', sa.String(length=100), nullable=False),
    sa.Column('submitted_by', sa.Integer(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('content_sha256', sa.String(length=64), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'report_id'], ['progress_reports.tenant_id', 'progress_reports.id'], name=op.f('fk_progress_report_submissions_tenant_id_report_id_progress_reports')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_progress_report_submissions_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_progress_report_submissions')),
    sa.UniqueConstraint('tenant_id', 'report_id', 'sequence', name=op.f('uq_progress_report_submissions_tenant_id_report_id_sequence'))
    )
    op.create_index(op.f('ix_progress_report_submissions_tenant_id'), 'progress_report_submissions', ['tenant_id'], unique=False)
    op.create_table('progress_report_values',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('indicator_key', sa.String(length=60), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'report_id'], ['progress_reports.tenant_id', 'progress_reports.id'], name=op.f('fk_progress_report_values_tenant_id_report_id_progress_reports')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_progress_report_values_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_progress_report_values')),
    sa.UniqueConstraint('tenant_id', 'id', name=op.f('uq_progress_report_values_tenant_id_id')),
    sa.UniqueConstraint('tenant_id', 'report_id', 'indicator_key', name=op.f('uq_progress_report_values_tenant_id_report_id_indicator_key'))
    )
    op.create_index(op.f('ix_progress_report_values_tenant_id'), 'progress_report_values', ['tenant_id'], unique=False)
    op.create_table('progress_report_evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('value_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('uploaded_by', sa.Integer(), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'value_id'], ['progress_report_values.tenant_id', 'progress_report_values.id'], name=op.f('fk_progress_report_evidence_tenant_id_value_id_progress_report_values')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_progress_report_evidence_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_progress_report_evidence'))
    )
    op.create_index(op.f('ix_progress_report_evidence_tenant_id'), 'progress_report_evidence', ['tenant_id'], unique=False)
    for table in (
        "progress_reports",
        "progress_report_values",
        "progress_report_evidence",
        "progress_report_submissions",
        "progress_report_reviews",
    ):
        enable_tenant_rls(table)
    for table in ("progress_report_submissions", "progress_report_reviews"):
        make_append_only(table)


def downgrade() -> None:
    op.drop_index(op.f('ix_progress_report_evidence_tenant_id'), table_name='progress_report_evidence')
    op.drop_table('progress_report_evidence')
    op.drop_index(op.f('ix_progress_report_values_tenant_id'), table_name='progress_report_values')
    op.drop_table('progress_report_values')
    op.drop_index(op.f('ix_progress_report_submissions_tenant_id'), table_name='progress_report_submissions')
    op.drop_table('progress_report_submissions')
    op.drop_index(op.f('ix_progress_report_reviews_tenant_id'), table_name='progress_report_reviews')
    op.drop_table('progress_report_reviews')
    op.drop_index(op.f('ix_progress_reports_tenant_id'), table_name='progress_reports')
    op.drop_table('progress_reports')
