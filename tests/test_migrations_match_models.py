"""The migrations build exactly the schema the models declare: columns, types, nullability, indexes and
constraints of every table (Alembic's autogenerate comparison finds nothing to add, drop or change). A column
added to a model without its migration, or the other way round, fails here rather than in production."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, pool

from service.extensions import db


def test_the_migrated_database_has_the_models_schema(app, database_urls):
    engine = create_engine(database_urls["owner"], poolclass=pool.NullPool)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, db.metadata)
    finally:
        engine.dispose()
    assert differences == []
