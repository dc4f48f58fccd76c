"""a progress report remembers who last changed each field and at which version (saved as people type)

Revision ID: 0020
Revises: 0019
"""

from alembic import op
import sqlalchemy as sa


revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('progress_reports') as batch:
        batch.add_column(sa.Column('field_versions', sa.JSON(), server_default='{}', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('progress_reports') as batch:
        batch.drop_column('field_versions')
