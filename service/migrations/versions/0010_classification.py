"""specific objective and type of intervention of applications and projects

Revision ID: 0010
Revises: 0009
"""

from alembic import op
import sqlalchemy as sa


revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

APPLICATION_COLUMNS = (
    "proposed_objective",
    "proposed_intervention",
    "confirmed_objective",
    "confirmed_intervention",
    "confirmation_reason",
    "confirmed_by",
    "confirmed_at",
)


def upgrade() -> None:
    # AMIF Annex VI codes: shared reference data (like indicators and specific_objectives, no tenant).
    op.create_table(
        "intervention_types",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dimension", sa.String(length=24), nullable=False),
        sa.Column("objective", sa.String(length=8), nullable=False),
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.Column("labels", sa.JSON(), nullable=False),
        sa.Column("unverified", sa.JSON(), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intervention_types")),
        sa.UniqueConstraint(
            "dimension",
            "objective",
            "code",
            "valid_from",
            name=op.f("uq_intervention_types_dimension_objective_code_valid_from"),
        ),
    )
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("proposed_objective", sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column("proposed_intervention", sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column("confirmed_objective", sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column("confirmed_intervention", sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column("confirmation_reason", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("confirmed_by", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.add_column(sa.Column("specific_objective", sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column("intervention_field", sa.String(length=8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.drop_column("intervention_field")
        batch_op.drop_column("specific_objective")
    with op.batch_alter_table("applications", schema=None) as batch_op:
        for column in reversed(APPLICATION_COLUMNS):
            batch_op.drop_column(column)
    op.drop_table("intervention_types")
