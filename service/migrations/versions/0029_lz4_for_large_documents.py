"""large JSON documents written at every save are compressed with lz4 instead of pglz (PostgreSQL 14+ built with lz4)

The text sections of an application (and their per-field versions), the before/after of every audit entry and a
submission's frozen content are rewritten on every autosave or submit, and are usually larger than the 2 kB above
which PostgreSQL compresses a value. lz4 compresses and decompresses several times faster than pglz for about the
same size, which is what the deadline peak spends PostgreSQL's CPU on. Only values written afterwards change;
where the server lacks lz4 (or on SQLite) nothing is done.

Revision ID: 0029
Revises: 0028
"""

from alembic import op
from sqlalchemy import text


revision = '0029'
down_revision = '0028'
branch_labels = None
depends_on = None

COLUMNS = (
    ('applications', 'sections'),
    ('applications', 'field_versions'),
    ('audit_entries', 'before'),
    ('audit_entries', 'after'),
    ('application_submissions', 'content'),
)


def _lz4_available(bind) -> bool:
    if bind.dialect.name != 'postgresql':
        return False
    return bool(
        bind.execute(
            text("SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'")
        ).scalar()
    )


def _set(method: str) -> None:
    bind = op.get_bind()
    if not _lz4_available(bind):
        return
    for table, column in COLUMNS:
        op.execute(f'ALTER TABLE {table} ALTER COLUMN "{column}" SET COMPRESSION {method}')


def upgrade() -> None:
    _set('lz4')


def downgrade() -> None:
    _set('pglz')
