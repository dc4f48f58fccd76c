"""Running the migrations, then granting the application role exactly what it needs.

On PostgreSQL the migrations run as the tables' owner (MIGRATION_DATABASE_URL); the
application connects as another role (AMIF_APP_DB_ROLE) that gets DML on the tables and no
more: no ownership, no TRUNCATE, and only SELECT and INSERT on the append-only audit trail.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, pool, text

HERE = Path(__file__).resolve().parent
APPEND_ONLY = (
    "audit_entries",
    "application_submissions",
    "programme_versions",
    "eligibility_checks",
    "assessment_consolidations",
    "ranking_decisions",
    "project_versions",
    "exchange_rates",  # a correction is a new version; the rate a figure was converted at stays
    # Claims (issue 12): what was submitted, each verification step, and the ledger money moves in.
    "claim_submissions",
    "claim_line_checks",
    "claim_samples",
    "claim_checklist_answers",
    "claim_on_the_spot_checks",
    "ledger_entries",
    "ledger_conversions",
    "lump_sum_records",  # a correction is a new record naming the old one (service.lump_sums)
    "lump_sum_evidence",
    # Progress reports (issue 13): what was submitted and the case officer's outcome of each submission.
    "progress_report_submissions",
    "progress_report_reviews",
    "participant_erasures",  # what retention erased (CPR Art. 82), issue 13
    "transmission_versions",  # what is sent to the Commission (CPR Art. 42): a correction is a new version
    "payment_applications",  # CPR Art. 91: an application made is never changed; the next carries corrections
    # The list of operations (CPR Art. 49), issue 14: each edition and its rows, frozen as published.
    "publication_editions",
    "publication_operations",
)


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(HERE))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(app, revision: str = "head") -> None:
    url = app.config["MIGRATION_DATABASE_URL"]
    if url.startswith("sqlite:///"):
        Path(url[len("sqlite:///") :]).parent.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(url), revision)
    if url.startswith("postgresql"):
        grant_application_role(url, app.config["AMIF_APP_DB_ROLE"])


def grant_application_role(url: str, role: str) -> None:
    engine = create_engine(url, poolclass=pool.NullPool)
    with engine.begin() as connection:
        exists = connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).scalar()
        if not exists:
            raise RuntimeError(f"database role {role} does not exist: create it (LOGIN, not owner) first")
        quoted = connection.dialect.identifier_preparer.quote(role)
        connection.execute(text(f"GRANT USAGE ON SCHEMA public TO {quoted}"))
        connection.execute(text(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {quoted}"))
        connection.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {quoted}"))
        connection.execute(text(f"REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM {quoted}"))
        for table in APPEND_ONLY:
            connection.execute(text(f"REVOKE UPDATE, DELETE ON {table} FROM {quoted}"))
        connection.execute(text(f"REVOKE INSERT, UPDATE, DELETE ON alembic_version FROM {quoted}"))
    engine.dispose()
