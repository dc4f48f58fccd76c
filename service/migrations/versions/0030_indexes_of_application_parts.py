"""indexes that find an application's parts, an organisation's and a call's applications, and a person's
organisations (each was found by scanning all of the tenant's rows of that kind)

Revision ID: 0030
Revises: 0029
"""

from alembic import op


revision = '0030'
down_revision = '0029'
branch_labels = None
depends_on = None

INDEXES = (
    ('ix_budget_lines_application', 'budget_lines', ['tenant_id', 'application_id']),
    ('ix_application_partners_application', 'application_partners', ['tenant_id', 'application_id']),
    ('ix_planned_indicators_application', 'planned_indicators', ['tenant_id', 'application_id']),
    ('ix_attachments_application', 'attachments', ['tenant_id', 'application_id']),
    ('ix_supplement_requests_application', 'supplement_requests', ['tenant_id', 'application_id']),
    ('ix_applications_organisation', 'applications', ['tenant_id', 'organisation_id']),
    ('ix_applications_call', 'applications', ['tenant_id', 'call_id']),
    ('ix_organisation_members_user', 'organisation_members', ['tenant_id', 'user_id']),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
