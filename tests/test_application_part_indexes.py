"""What an applicant's requests look up by a column other than the primary key is found through an index on the
migrated PostgreSQL database: an application's parts (read at every read, check and submit of it), an
organisation's and a call's applications, a person's organisations. Without one, each lookup scanned every row of
that kind of the tenant (seen in benchmarks/deadline_peak.py as sequential scans growing with the data)."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, pool, text

LOOKUPS = [
    ("budget_lines", "application_id"),
    ("application_partners", "application_id"),
    ("planned_indicators", "application_id"),
    ("attachments", "application_id"),
    ("supplement_requests", "application_id"),
    ("application_submissions", "application_id"),
    ("applications", "organisation_id"),
    ("applications", "call_id"),
    ("organisation_members", "user_id"),
]


# The columns of each index of a table, in order (PostgreSQL's catalogue).
INDEX_COLUMNS = text(
    """
    SELECT i.indexrelid::regclass::text,
           array_agg(a.attname::text ORDER BY k.position)
      FROM pg_index i
      CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, position)
      JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
     WHERE i.indrelid = CAST(:table AS regclass)
     GROUP BY i.indexrelid
    """
)


@pytest.mark.parametrize(("table", "column"), LOOKUPS, ids=[f"{t}.{c}" for t, c in LOOKUPS])
def test_a_lookup_of_the_applicant_s_path_has_an_index_led_by_its_columns(app, database_urls, table, column):
    engine = create_engine(database_urls["owner"], poolclass=pool.NullPool)
    try:
        with engine.connect() as connection:
            indexes = dict(connection.execute(INDEX_COLUMNS, {"table": table}).all())
    finally:
        engine.dispose()
    # Every query is within one tenant: an index serves "tenant_id = … AND column = …" when those lead it.
    assert any(columns[:2] == ["tenant_id", column] for columns in indexes.values()), indexes
