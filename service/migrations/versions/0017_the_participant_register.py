"""the participant register

Revision ID: 0017
Revises: 0016
"""

from alembic import op
import sqlalchemy as sa

from service.migrations.rls import enable_tenant_rls


revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('participant_tallies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('indicator_code', sa.String(length=16), nullable=False),
    sa.Column('sex', sa.String(length=12), nullable=False),
    sa.Column('age_band', sa.String(length=10), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'project_id'], ['projects.tenant_id', 'projects.id'], name=op.f('fk_participant_tallies_tenant_id_project_id_projects')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_participant_tallies_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_participant_tallies')),
    sa.UniqueConstraint('tenant_id', 'project_id', 'indicator_code', 'sex', 'age_band', name=op.f('uq_participant_tallies_tenant_id_project_id_indicator_code_sex_age_band'))
    )
    op.create_index(op.f('ix_participant_tallies_tenant_id'), 'participant_tallies', ['tenant_id'], unique=False)
    op.create_table('participants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('person_key', sa.String(length=64), nullable=False),
    sa.Column('sex', sa.String(length=12), nullable=False),
    sa.Column('age_band', sa.String(length=10), nullable=False),
    sa.Column('child', sa.Boolean(), nullable=False),
    sa.Column('first_participation', sa.Date(), nullable=False),
    sa.Column('registered_by', sa.Integer(), nullable=False),
    sa.Column('registered_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("age_band IN ('under_18', '18_60', 'over_60')", name=op.f('ck_participants_age_band')),
    sa.CheckConstraint("sex IN ('woman', 'man', 'non_binary')", name=op.f('ck_participants_sex')),
    sa.ForeignKeyConstraint(['tenant_id', 'project_id'], ['projects.tenant_id', 'projects.id'], name=op.f('fk_participants_tenant_id_project_id_projects')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_participants_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_participants')),
    sa.UniqueConstraint('tenant_id', 'id', name=op.f('uq_participants_tenant_id_id')),
    sa.UniqueConstraint('tenant_id', 'project_id', 'person_key', name=op.f('uq_participants_tenant_id_project_id_person_key'))
    )
    op.create_index(op.f('ix_participants_tenant_id'), 'participants', ['tenant_id'], unique=False)
    op.create_table('participant_indicators',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('indicator_code', sa.String(length=16), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'participant_id'], ['participants.tenant_id', 'participants.id'], name=op.f('fk_participant_indicators_tenant_id_participant_id_participants'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_participant_indicators_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_participant_indicators')),
    sa.UniqueConstraint('tenant_id', 'participant_id', 'indicator_code', name=op.f('uq_participant_indicators_tenant_id_participant_id_indicator_code'))
    )
    op.create_index('ix_participant_indicators_project', 'participant_indicators', ['tenant_id', 'project_id', 'indicator_code'], unique=False)
    op.create_index(op.f('ix_participant_indicators_tenant_id'), 'participant_indicators', ['tenant_id'], unique=False)
    for table in ('participants', 'participant_indicators', 'participant_tallies'):
        enable_tenant_rls(table)


def downgrade() -> None:
    op.drop_index(op.f('ix_participant_indicators_tenant_id'), table_name='participant_indicators')
    op.drop_index('ix_participant_indicators_project', table_name='participant_indicators')
    op.drop_table('participant_indicators')
    op.drop_index(op.f('ix_participants_tenant_id'), table_name='participants')
    op.drop_table('participants')
    op.drop_index(op.f('ix_participant_tallies_tenant_id'), table_name='participant_tallies')
    op.drop_table('participant_tallies')
