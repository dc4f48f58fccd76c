"""payment claims, their verification, payments, recoveries and the ledger

Revision ID: 0012
Revises: 0011
"""

from alembic import op
import sqlalchemy as sa

from service.migrations.rls import enable_tenant_rls, make_append_only


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('claims',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=80), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('final', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('eligible_cost', sa.Numeric(precision=15, scale=2), nullable=False),
    sa.Column('cofinanced_cost', sa.Numeric(precision=15, scale=2), nullable=False),
    sa.Column('eu_amount', sa.Numeric(precision=15, scale=2), nullable=False),
    sa.Column('indirect_rate', sa.Numeric(precision=5, scale=2), nullable=False),
    sa.Column('supplement_message', sa.Text(), nullable=False),
    sa.Column('supplement_deadline', sa.Date(), nullable=True),
    sa.Column('returned_by', sa.Integer(), nullable=True),
    sa.Column('verified_by', sa.Integer(), nullable=True),
    sa.Column('verified_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_by', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'organisation_id'], ['organisations.tenant_id', 'organisations.id'], name=op.f('fk_claims_tenant_id_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['tenant_id', 'project_id'], ['projects.tenant_id', 'projects.id'], name=op.f('fk_claims_tenant_id_project_id_projects')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_claims_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claims')),
    sa.UniqueConstraint('tenant_id', 'id', name=op.f('uq_claims_tenant_id_id')),
    sa.UniqueConstraint('tenant_id', 'project_id', 'period_start', name=op.f('uq_claims_tenant_id_project_id_period_start')),
    sa.UniqueConstraint('tenant_id', 'project_id', 'sequence', name=op.f('uq_claims_tenant_id_project_id_sequence'))
    )
    op.create_index(op.f('ix_claims_tenant_id'), 'claims', ['tenant_id'], unique=False)
    op.create_table('claim_checklist_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('item', sa.String(length=40), nullable=False),
    sa.Column('answer', sa.String(length=16), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('answered_by', sa.Integer(), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'claim_id'], ['claims.tenant_id', 'claims.id'], name=op.f('fk_claim_checklist_answers_tenant_id_claim_id_claims')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_claim_checklist_answers_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claim_checklist_answers'))
    )
    op.create_index(op.f('ix_claim_checklist_answers_tenant_id'), 'claim_checklist_answers', ['tenant_id'], unique=False)
    op.create_table('claim_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=24), nullable=False),
    sa.Column('description', sa.String(length=300), nullable=False),
    sa.Column('supplier', sa.String(length=200), nullable=False),
    sa.Column('document_number', sa.String(length=60), nullable=False),
    sa.Column('expense_date', sa.Date(), nullable=False),
    sa.Column('staff_method', sa.String(length=16), nullable=True),
    sa.Column('monthly_gross', sa.Numeric(precision=15, scale=2), nullable=True),
    sa.Column('percentage', sa.Numeric(precision=5, scale=2), nullable=True),
    sa.Column('months', sa.Integer(), nullable=True),
    sa.Column('annual_gross', sa.Numeric(precision=15, scale=2), nullable=True),
    sa.Column('basis_hours', sa.Integer(), nullable=True),
    sa.Column('hours', sa.Numeric(precision=15, scale=2), nullable=True),
    sa.Column('amount', sa.Numeric(precision=15, scale=2), nullable=False),
    sa.Column('carried_from_id', sa.Integer(), nullable=True),
    sa.Column('rate_claim_id', sa.Integer(), nullable=True),
    sa.Column('created_by', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'carried_from_id'], ['claim_lines.tenant_id', 'claim_lines.id'], name=op.f('fk_claim_lines_tenant_id_carried_from_id_claim_lines')),
    sa.ForeignKeyConstraint(['tenant_id', 'claim_id'], ['claims.tenant_id', 'claims.id'], name=op.f('fk_claim_lines_tenant_id_claim_id_claims')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_claim_lines_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claim_lines')),
    sa.UniqueConstraint('tenant_id', 'id', name=op.f('uq_claim_lines_tenant_id_id'))
    )
    op.create_index(op.f('ix_claim_lines_tenant_id'), 'claim_lines', ['tenant_id'], unique=False)
    op.create_table('claim_on_the_spot_checks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('visited_on', sa.Date(), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('findings', sa.Text(), nullable=False),
    sa.Column('satisfactory', sa.Boolean(), nullable=False),
    sa.Column('recorded_by', sa.Integer(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'claim_id'], ['claims.tenant_id', 'claims.id'], name=op.f('fk_claim_on_the_spot_checks_tenant_id_claim_id_claims')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_claim_on_the_spot_checks_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claim_on_the_spot_checks'))
    )
    op.create_index(op.f('ix_claim_on_the_spot_checks_tenant_id'), 'claim_on_the_spot_checks', ['tenant_id'], unique=False)
    op.create_table('claim_samples',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('submission', sa.Integer(), nullable=False),
    sa.Column('line_ids', sa.JSON(), nullable=False),
    sa.Column('risks', sa.JSON(), nullable=False),
    sa.Column('seed', sa.String(length=64), nullable=False),
    sa.Column('drawn_by', sa.Integer(), nullable=False),
    sa.Column('drawn_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'claim_id'], ['claims.tenant_id', 'claims.id'], name=op.f('fk_claim_samples_tenant_id_claim_id_claims')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_claim_samples_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claim_samples')),
    sa.UniqueConstraint('tenant_id', 'claim_id', 'submission', name=op.f('uq_claim_samples_tenant_id_claim_id_submission'))
    )
    op.create_index(op.f('ix_claim_samples_tenant_id'), 'claim_samples', ['tenant_id'], unique=False)
    op.create_table('claim_submissions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('receipt', sa.String(length=90), nullable=False),
    sa.Column('submitted_by', sa.Integer(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('content_sha256', sa.String(length=64), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'claim_id'], ['claims.tenant_id', 'claims.id'], name=op.f('fk_claim_submissions_tenant_id_claim_id_claims')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_claim_submissions_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claim_submissions')),
    sa.UniqueConstraint('tenant_id', 'claim_id', 'sequence', name=op.f('uq_claim_submissions_tenant_id_claim_id_sequence'))
    )
    op.create_index(op.f('ix_claim_submissions_tenant_id'), 'claim_submissions', ['tenant_id'], unique=False)
    op.create_table('payments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=True),
    sa.Column('reference', sa.String(length=80), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('entitlement', sa.Numeric(precision=15, scale=2), nullable=False),
    sa.Column('cleared', sa.Numeric(precision=15, scale=2), nullable=False),
    sa.Column('offset', sa.Numeric(precision=15, scale=2), nullable=False),
    sa.Column('amount', sa.Numeric(precision=15, scale=2), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('prepared_by', sa.Integer(), nullable=False),
    sa.Column('prepared_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('approved_by', sa.Integer(), nullable=True),
    sa.Column('approved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('paid_by', sa.Integer(), nullable=True),
    sa.Column('paid_on', sa.Date(), nullable=True),
    sa.Column('returned_by', sa.Integer(), nullable=True),
    sa.Column('return_reason', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'claim_id'], ['claims.tenant_id', 'claims.id'], name=op.f('fk_payments_tenant_id_claim_id_claims')),
    sa.ForeignKeyConstraint(['tenant_id', 'project_id'], ['projects.tenant_id', 'projects.id'], name=op.f('fk_payments_tenant_id_project_id_projects')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_payments_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payments')),
    sa.UniqueConstraint('tenant_id', 'id', name=op.f('uq_payments_tenant_id_id')),
    sa.UniqueConstraint('tenant_id', 'reference', name=op.f('uq_payments_tenant_id_reference'))
    )
    op.create_index(op.f('ix_payments_tenant_id'), 'payments', ['tenant_id'], unique=False)
    op.create_index('uq_payments_one_per_claim', 'payments', ['tenant_id', 'claim_id'], unique=True, postgresql_where=sa.text("status <> 'returned'"), sqlite_where=sa.text("status <> 'returned'"))
    op.create_table('recoveries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=True),
    sa.Column('reference', sa.String(length=80), nullable=False),
    sa.Column('irregularity', sa.String(length=40), nullable=False),
    sa.Column('suspected_fraud', sa.Boolean(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('expenditure', sa.Numeric(precision=15, scale=2), nullable=False),
    sa.Column('eu_amount', sa.Numeric(precision=15, scale=2), nullable=False),
    sa.Column('recorded_by', sa.Integer(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'claim_id'], ['claims.tenant_id', 'claims.id'], name=op.f('fk_recoveries_tenant_id_claim_id_claims')),
    sa.ForeignKeyConstraint(['tenant_id', 'project_id'], ['projects.tenant_id', 'projects.id'], name=op.f('fk_recoveries_tenant_id_project_id_projects')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_recoveries_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recoveries')),
    sa.UniqueConstraint('tenant_id', 'id', name=op.f('uq_recoveries_tenant_id_id')),
    sa.UniqueConstraint('tenant_id', 'reference', name=op.f('uq_recoveries_tenant_id_reference'))
    )
    op.create_index(op.f('ix_recoveries_tenant_id'), 'recoveries', ['tenant_id'], unique=False)
    op.create_table('claim_evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('line_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('uploaded_by', sa.Integer(), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'line_id'], ['claim_lines.tenant_id', 'claim_lines.id'], name=op.f('fk_claim_evidence_tenant_id_line_id_claim_lines')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_claim_evidence_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claim_evidence'))
    )
    op.create_index(op.f('ix_claim_evidence_tenant_id'), 'claim_evidence', ['tenant_id'], unique=False)
    op.create_table('claim_line_checks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('line_id', sa.Integer(), nullable=False),
    sa.Column('submission', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('verified', sa.Numeric(precision=15, scale=2), nullable=False),
    sa.Column('error_type', sa.String(length=40), nullable=True),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('in_depth', sa.Boolean(), nullable=False),
    sa.Column('checked_by', sa.Integer(), nullable=False),
    sa.Column('checked_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'claim_id'], ['claims.tenant_id', 'claims.id'], name=op.f('fk_claim_line_checks_tenant_id_claim_id_claims')),
    sa.ForeignKeyConstraint(['tenant_id', 'line_id'], ['claim_lines.tenant_id', 'claim_lines.id'], name=op.f('fk_claim_line_checks_tenant_id_line_id_claim_lines')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_claim_line_checks_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claim_line_checks'))
    )
    op.create_index(op.f('ix_claim_line_checks_tenant_id'), 'claim_line_checks', ['tenant_id'], unique=False)
    op.create_table('ledger_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=True),
    sa.Column('line_id', sa.Integer(), nullable=True),
    sa.Column('payment_id', sa.Integer(), nullable=True),
    sa.Column('recovery_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('category', sa.String(length=24), nullable=True),
    sa.Column('error_type', sa.String(length=40), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('amount', sa.Numeric(precision=15, scale=2), nullable=False),
    sa.Column('eu_amount', sa.Numeric(precision=15, scale=2), nullable=False),
    sa.Column('recorded_on', sa.Date(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'claim_id'], ['claims.tenant_id', 'claims.id'], name=op.f('fk_ledger_entries_tenant_id_claim_id_claims')),
    sa.ForeignKeyConstraint(['tenant_id', 'line_id'], ['claim_lines.tenant_id', 'claim_lines.id'], name=op.f('fk_ledger_entries_tenant_id_line_id_claim_lines')),
    sa.ForeignKeyConstraint(['tenant_id', 'payment_id'], ['payments.tenant_id', 'payments.id'], name=op.f('fk_ledger_entries_tenant_id_payment_id_payments')),
    sa.ForeignKeyConstraint(['tenant_id', 'project_id'], ['projects.tenant_id', 'projects.id'], name=op.f('fk_ledger_entries_tenant_id_project_id_projects')),
    sa.ForeignKeyConstraint(['tenant_id', 'recovery_id'], ['recoveries.tenant_id', 'recoveries.id'], name=op.f('fk_ledger_entries_tenant_id_recovery_id_recoveries')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_ledger_entries_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ledger_entries')),
    sa.UniqueConstraint('tenant_id', 'id', name=op.f('uq_ledger_entries_tenant_id_id'))
    )
    op.create_index(op.f('ix_ledger_entries_tenant_id'), 'ledger_entries', ['tenant_id'], unique=False)
    op.create_table('ledger_conversions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('rate', sa.Numeric(precision=19, scale=8), nullable=False),
    sa.Column('rate_version', sa.Integer(), nullable=True),
    sa.Column('amount_eur', sa.Numeric(precision=15, scale=2), nullable=False),
    sa.Column('eu_amount_eur', sa.Numeric(precision=15, scale=2), nullable=False),
    sa.Column('converted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'entry_id'], ['ledger_entries.tenant_id', 'ledger_entries.id'], name=op.f('fk_ledger_conversions_tenant_id_entry_id_ledger_entries')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_ledger_conversions_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ledger_conversions')),
    sa.UniqueConstraint('tenant_id', 'entry_id', name=op.f('uq_ledger_conversions_tenant_id_entry_id'))
    )
    op.create_index(op.f('ix_ledger_conversions_tenant_id'), 'ledger_conversions', ['tenant_id'], unique=False)
    for table in ('claims', 'claim_lines', 'claim_evidence', 'claim_submissions', 'claim_line_checks', 'claim_samples', 'claim_checklist_answers', 'claim_on_the_spot_checks', 'payments', 'recoveries', 'ledger_entries', 'ledger_conversions'):
        enable_tenant_rls(table)
    for table in ('claim_submissions', 'claim_line_checks', 'claim_samples', 'claim_checklist_answers', 'claim_on_the_spot_checks', 'ledger_entries', 'ledger_conversions'):
        make_append_only(table)


def downgrade() -> None:
    op.drop_index(op.f('ix_ledger_conversions_tenant_id'), table_name='ledger_conversions')
    op.drop_table('ledger_conversions')
    op.drop_index(op.f('ix_ledger_entries_tenant_id'), table_name='ledger_entries')
    op.drop_table('ledger_entries')
    op.drop_index(op.f('ix_claim_line_checks_tenant_id'), table_name='claim_line_checks')
    op.drop_table('claim_line_checks')
    op.drop_index(op.f('ix_claim_evidence_tenant_id'), table_name='claim_evidence')
    op.drop_table('claim_evidence')
    op.drop_index(op.f('ix_recoveries_tenant_id'), table_name='recoveries')
    op.drop_table('recoveries')
    op.drop_index('uq_payments_one_per_claim', table_name='payments', postgresql_where=sa.text("status <> 'returned'"), sqlite_where=sa.text("status <> 'returned'"))
    op.drop_index(op.f('ix_payments_tenant_id'), table_name='payments')
    op.drop_table('payments')
    op.drop_index(op.f('ix_claim_submissions_tenant_id'), table_name='claim_submissions')
    op.drop_table('claim_submissions')
    op.drop_index(op.f('ix_claim_samples_tenant_id'), table_name='claim_samples')
    op.drop_table('claim_samples')
    op.drop_index(op.f('ix_claim_on_the_spot_checks_tenant_id'), table_name='claim_on_the_spot_checks')
    op.drop_table('claim_on_the_spot_checks')
    op.drop_index(op.f('ix_claim_lines_tenant_id'), table_name='claim_lines')
    op.drop_table('claim_lines')
    op.drop_index(op.f('ix_claim_checklist_answers_tenant_id'), table_name='claim_checklist_answers')
    op.drop_table('claim_checklist_answers')
    op.drop_index(op.f('ix_claims_tenant_id'), table_name='claims')
    op.drop_table('claims')
