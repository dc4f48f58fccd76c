"""SO4 lump sums: persons resettled, admitted and transferred, per month

Revision ID: 0013
Revises: 0012
"""

from alembic import op
import sqlalchemy as sa

from service.migrations.rls import enable_tenant_rls, make_append_only


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The amounts per person: shared reference data (AMIF Arts. 19-20), like the catalogue: no tenant_id, no RLS.
    op.create_table('lump_sum_amounts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('amount', sa.Numeric(precision=15, scale=2), nullable=False),
    sa.Column('source', sa.String(length=500), nullable=False),
    sa.Column('unverified', sa.JSON(), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.CheckConstraint('amount > 0', name=op.f('ck_lump_sum_amounts_amount_positive')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lump_sum_amounts')),
    sa.UniqueConstraint('category', 'valid_from', name=op.f('uq_lump_sum_amounts_category_valid_from'))
    )
    op.create_table('lump_sum_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('persons', sa.Integer(), nullable=False),
    sa.Column('amount_id', sa.Integer(), nullable=False),
    sa.Column('amount_per_person', sa.Numeric(precision=15, scale=2), nullable=False),
    sa.Column('total', sa.Numeric(precision=15, scale=2), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('corrects_id', sa.Integer(), nullable=True),
    sa.Column('recorded_by', sa.Integer(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.CheckConstraint('persons >= 0 AND persons <= 100000', name=op.f('ck_lump_sum_records_persons_range')),
    sa.CheckConstraint('total >= 0', name=op.f('ck_lump_sum_records_total_not_negative')),
    sa.ForeignKeyConstraint(['amount_id'], ['lump_sum_amounts.id'], name=op.f('fk_lump_sum_records_amount_id_lump_sum_amounts')),
    sa.ForeignKeyConstraint(['tenant_id', 'corrects_id'], ['lump_sum_records.tenant_id', 'lump_sum_records.id'], name=op.f('fk_lump_sum_records_tenant_id_corrects_id_lump_sum_records')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_lump_sum_records_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lump_sum_records')),
    sa.UniqueConstraint('tenant_id', 'corrects_id', name=op.f('uq_lump_sum_records_tenant_id_corrects_id')),
    sa.UniqueConstraint('tenant_id', 'id', name=op.f('uq_lump_sum_records_tenant_id_id'))
    )
    op.create_index(op.f('ix_lump_sum_records_tenant_id'), 'lump_sum_records', ['tenant_id'], unique=False)
    op.create_index('uq_lump_sum_records_first', 'lump_sum_records', ['tenant_id', 'month', 'category'], unique=True, postgresql_where=sa.text('corrects_id IS NULL'), sqlite_where=sa.text('corrects_id IS NULL'))
    op.create_table('lump_sum_evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('uploaded_by', sa.Integer(), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'record_id'], ['lump_sum_records.tenant_id', 'lump_sum_records.id'], name=op.f('fk_lump_sum_evidence_tenant_id_record_id_lump_sum_records')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_lump_sum_evidence_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lump_sum_evidence'))
    )
    op.create_index(op.f('ix_lump_sum_evidence_tenant_id'), 'lump_sum_evidence', ['tenant_id'], unique=False)
    for table in ('lump_sum_records', 'lump_sum_evidence'):
        enable_tenant_rls(table)
        # A correction is a new record naming the old one; evidence is only ever added.
        make_append_only(table)


def downgrade() -> None:
    op.drop_index(op.f('ix_lump_sum_evidence_tenant_id'), table_name='lump_sum_evidence')
    op.drop_table('lump_sum_evidence')
    op.drop_index('uq_lump_sum_records_first', table_name='lump_sum_records', postgresql_where=sa.text('corrects_id IS NULL'), sqlite_where=sa.text('corrects_id IS NULL'))
    op.drop_index(op.f('ix_lump_sum_records_tenant_id'), table_name='lump_sum_records')
    op.drop_table('lump_sum_records')
    op.drop_table('lump_sum_amounts')
