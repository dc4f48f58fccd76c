"""assessment: eligibility checks, assessors, scores, consolidation, ranking decisions

Revision ID: 0006
Revises: 0005
"""

from alembic import op
import sqlalchemy as sa

from service.migrations.rls import enable_tenant_rls, make_append_only

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

TABLES = (
    'eligibility_checks',
    'assessor_assignments',
    'assessment_scores',
    'assessment_consolidations',
    'ranking_decisions',
)


def _tenant(table):
    return (
        sa.Column('tenant_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f(f'fk_{table}_tenant_id_tenants')),
        sa.PrimaryKeyConstraint('id', name=op.f(f'pk_{table}')),
    )


def _application(table):
    return sa.ForeignKeyConstraint(
        ['tenant_id', 'application_id'], ['applications.tenant_id', 'applications.id'],
        name=op.f(f'fk_{table}_tenant_id_application_id_applications'),
    )


def upgrade() -> None:
    op.create_table('eligibility_checks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('submission_sequence', sa.Integer(), nullable=False),
    sa.Column('points', sa.JSON(), nullable=False),
    sa.Column('outcome', sa.String(length=24), nullable=False),
    sa.Column('checked_by', sa.Integer(), nullable=False),
    sa.Column('checked_at', sa.DateTime(timezone=True), nullable=False),
    _application('eligibility_checks'),
    *_tenant('eligibility_checks'),
    )
    op.create_table('assessor_assignments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('assessor_id', sa.Integer(), nullable=False),
    sa.Column('assigned_by', sa.Integer(), nullable=False),
    sa.Column('assigned_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('declaration', sa.String(length=16), nullable=True),
    sa.Column('declaration_text', sa.Text(), nullable=False),
    sa.Column('declared_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    _application('assessor_assignments'),
    sa.ForeignKeyConstraint(['tenant_id', 'assessor_id'], ['users.tenant_id', 'users.id'],
                            name=op.f('fk_assessor_assignments_tenant_id_assessor_id_users')),
    sa.UniqueConstraint('tenant_id', 'application_id', 'assessor_id',
                        name=op.f('uq_assessor_assignments_tenant_id_application_id_assessor_id')),
    sa.UniqueConstraint('tenant_id', 'id', name=op.f('uq_assessor_assignments_tenant_id_id')),
    *_tenant('assessor_assignments'),
    )
    op.create_table('assessment_scores',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('criterion', sa.String(length=40), nullable=False),
    sa.Column('points', sa.Integer(), nullable=False),
    sa.Column('justification', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'assignment_id'], ['assessor_assignments.tenant_id', 'assessor_assignments.id'],
                            name=op.f('fk_assessment_scores_tenant_id_assignment_id_assessor_assignments')),
    sa.UniqueConstraint('tenant_id', 'assignment_id', 'criterion',
                        name=op.f('uq_assessment_scores_tenant_id_assignment_id_criterion')),
    *_tenant('assessment_scores'),
    )
    op.create_table('assessment_consolidations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('method', sa.String(length=16), nullable=False),
    sa.Column('points', sa.JSON(), nullable=False),
    sa.Column('total', sa.Numeric(precision=8, scale=2), nullable=False),
    sa.Column('justification', sa.Text(), nullable=False),
    sa.Column('failed_rules', sa.JSON(), nullable=False),
    sa.Column('consolidated_by', sa.Integer(), nullable=False),
    sa.Column('consolidated_at', sa.DateTime(timezone=True), nullable=False),
    _application('assessment_consolidations'),
    sa.UniqueConstraint('tenant_id', 'application_id',
                        name=op.f('uq_assessment_consolidations_tenant_id_application_id')),
    *_tenant('assessment_consolidations'),
    )
    op.create_table('ranking_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('call_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('position', sa.Integer(), nullable=True),
    sa.Column('amount', sa.Numeric(precision=15, scale=2), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('decided_by', sa.Integer(), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
    _application('ranking_decisions'),
    sa.ForeignKeyConstraint(['tenant_id', 'call_id'], ['calls.tenant_id', 'calls.id'],
                            name=op.f('fk_ranking_decisions_tenant_id_call_id_calls')),
    *_tenant('ranking_decisions'),
    )
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(batch_op.f(f'ix_{table}_tenant_id'), ['tenant_id'], unique=False)
        enable_tenant_rls(table)
    for table in ('eligibility_checks', 'assessment_consolidations', 'ranking_decisions'):
        make_append_only(table)


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_table(table)
