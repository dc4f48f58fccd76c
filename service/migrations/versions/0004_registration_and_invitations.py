"""registration and invitations

Revision ID: 0004
Revises: 0003
"""

from alembic import op
import sqlalchemy as sa

from service.migrations.rls import enable_tenant_rls, is_postgresql

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email_verified_at', sa.DateTime(timezone=True), nullable=True))
    _existing_users_count_as_verified()

    op.create_table('email_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.String(length=16), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'user_id'], ['users.tenant_id', 'users.id'], name=op.f('fk_email_tokens_tenant_id_user_id_users')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_email_tokens_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_email_tokens')),
    sa.UniqueConstraint('tenant_id', 'token_hash', name=op.f('uq_email_tokens_tenant_id_token_hash'))
    )
    with op.batch_alter_table('email_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_email_tokens_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('organisation_invitations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=True),
    sa.Column('token_hash', sa.String(length=64), nullable=True),
    sa.Column('invited_by', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('accepted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('accepted_by', sa.Integer(), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'accepted_by'], ['users.tenant_id', 'users.id'], name=op.f('fk_organisation_invitations_tenant_id_accepted_by_users')),
    sa.ForeignKeyConstraint(['tenant_id', 'invited_by'], ['users.tenant_id', 'users.id'], name=op.f('fk_organisation_invitations_tenant_id_invited_by_users')),
    sa.ForeignKeyConstraint(['tenant_id', 'organisation_id'], ['organisations.tenant_id', 'organisations.id'], name=op.f('fk_organisation_invitations_tenant_id_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_organisation_invitations_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisation_invitations')),
    sa.UniqueConstraint('tenant_id', 'token_hash', name=op.f('uq_organisation_invitations_tenant_id_token_hash'))
    )
    with op.batch_alter_table('organisation_invitations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organisation_invitations_tenant_id'), ['tenant_id'], unique=False)

    enable_tenant_rls("email_tokens")
    enable_tenant_rls("organisation_invitations")


def _existing_users_count_as_verified() -> None:
    """Everyone created before self-registration was created by an administrator (or is a demo user)."""
    bind = op.get_bind()
    mark = sa.text("UPDATE users SET email_verified_at = created_at WHERE email_verified_at IS NULL")
    if not is_postgresql():
        bind.execute(mark)
        return
    # Forced row-level security binds the owner too (ISOLATION.md): visit each tenant in turn,
    # then leave the transaction without a tenant, as we found it.
    tenant_ids = [row[0] for row in bind.execute(sa.text("SELECT id FROM tenants")).all()]
    for tenant_id in tenant_ids:
        bind.execute(sa.text("SELECT set_config('app.tenant_id', :t, true)"), {"t": str(tenant_id)})
        bind.execute(mark)
    bind.execute(sa.text("SELECT set_config('app.tenant_id', '', true)"))


def downgrade() -> None:
    with op.batch_alter_table('organisation_invitations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organisation_invitations_tenant_id'))

    op.drop_table('organisation_invitations')
    with op.batch_alter_table('email_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_email_tokens_tenant_id'))

    op.drop_table('email_tokens')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('email_verified_at')
