"""an index to find each application's latest formal check (the work queue's state of every listed application)

Revision ID: 0028
Revises: 0027
"""

from alembic import op


revision = '0028'
down_revision = '0027'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        'ix_eligibility_checks_latest',
        'eligibility_checks',
        ['tenant_id', 'application_id', 'id'],
        unique=False,
        postgresql_include=['submission_sequence', 'outcome'],
    )


def downgrade() -> None:
    op.drop_index('ix_eligibility_checks_latest', table_name='eligibility_checks')
