"""an index to choose each project's latest report submission without reading the submissions' content

Revision ID: 0025
Revises: 0024
"""

from alembic import op


revision = '0025'
down_revision = '0024'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        'ix_progress_report_submissions_latest',
        'progress_report_submissions',
        ['tenant_id', 'report_id', 'sequence'],
        unique=False,
        postgresql_include=['id', 'submitted_at'],
    )


def downgrade() -> None:
    op.drop_index('ix_progress_report_submissions_latest', table_name='progress_report_submissions')
