"""the final balance records the advance no expenditure justified, owed back

Revision ID: 0015
Revises: 0014
"""

from alembic import op
import sqlalchemy as sa


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('payments') as batch:
        batch.add_column(
            sa.Column('advance_owed', sa.Numeric(precision=15, scale=2), server_default='0', nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table('payments') as batch:
        batch.drop_column('advance_owed')
