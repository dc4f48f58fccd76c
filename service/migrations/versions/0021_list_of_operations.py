"""the public list of operations (CPR Art. 49): editions and their rows, frozen; each operation's location,
first publication and (for a natural person) name until two years after it

Revision ID: 0021
Revises: 0020
"""

from alembic import op
import sqlalchemy as sa

from service.migrations.rls import enable_tenant_rls, make_append_only


revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('publication_editions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('published_on', sa.Date(), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('published_by', sa.Integer(), nullable=True),
    sa.Column('trigger', sa.String(length=24), nullable=False),
    sa.Column('content_sha256', sa.String(length=64), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_publication_editions_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_publication_editions')),
    sa.UniqueConstraint('tenant_id', 'id', name=op.f('uq_publication_editions_tenant_id_id')),
    sa.UniqueConstraint('tenant_id', 'sequence', name=op.f('uq_publication_editions_tenant_id_sequence'))
    )
    op.create_index(op.f('ix_publication_editions_tenant_id'), 'publication_editions', ['tenant_id'], unique=False)
    op.create_table('publication_operations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('edition_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('natural_person', sa.Boolean(), nullable=False),
    sa.Column('values', sa.JSON(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'edition_id'], ['publication_editions.tenant_id', 'publication_editions.id'], name=op.f('fk_publication_operations_tenant_id_edition_id_publication_editions')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_publication_operations_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_publication_operations')),
    sa.UniqueConstraint('tenant_id', 'edition_id', 'project_id', name=op.f('uq_publication_operations_tenant_id_edition_id_project_id'))
    )
    op.create_index(op.f('ix_publication_operations_tenant_id'), 'publication_operations', ['tenant_id'], unique=False)
    op.create_table('publication_operation_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('location', sa.String(length=200), nullable=False),
    sa.Column('first_published_on', sa.Date(), nullable=True),
    sa.Column('personal_name', sa.String(length=200), nullable=True),
    sa.Column('personal_data_removed_on', sa.Date(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'project_id'], ['projects.tenant_id', 'projects.id'], name=op.f('fk_publication_operation_records_tenant_id_project_id_projects')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_publication_operation_records_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_publication_operation_records')),
    sa.UniqueConstraint('tenant_id', 'project_id', name=op.f('uq_publication_operation_records_tenant_id_project_id'))
    )
    op.create_index(op.f('ix_publication_operation_records_tenant_id'), 'publication_operation_records', ['tenant_id'], unique=False)
    for table in ("publication_editions", "publication_operations", "publication_operation_records"):
        enable_tenant_rls(table)
    for table in ("publication_editions", "publication_operations"):
        make_append_only(table)


def downgrade() -> None:
    op.drop_index(op.f('ix_publication_operation_records_tenant_id'), table_name='publication_operation_records')
    op.drop_table('publication_operation_records')
    op.drop_index(op.f('ix_publication_operations_tenant_id'), table_name='publication_operations')
    op.drop_table('publication_operations')
    op.drop_index(op.f('ix_publication_editions_tenant_id'), table_name='publication_editions')
    op.drop_table('publication_editions')
