"""The participant import against a plain COPY of the same rows, on PostgreSQL, in the same run (issue 13: the
import of 100 000 rows within 3× the COPY).

    .venv/bin/python benchmarks/participant_import.py [--rows 100000] [--repeat 3]

Creates a fresh database as the tests do (tests/conftest.py: the app connects as a role that owns nothing, so
row-level security is in force), migrates it, loads the reference data, the tenants and the demo (whose Finnish
projects are active and plan O.2.3). Then, ``--repeat`` times, on a new generated file of ``--rows`` people
(CSV, ``;``, UTF-8 with a BOM, about 1 % of the people twice, with other indicators):

- **COPY**: ``COPY scratch FROM STDIN (FORMAT csv, HEADER, DELIMITER ';')`` of the file's bytes into a scratch
  table of six text columns (an ordinary logged table, created beforehand), committed;
- **import**: what the service does with the same file: ``start_import`` (the file counted, its header checked,
  stored and the job queued; committed), then the job through the job runner (``workers.runner.run_job``: every
  row checked, hashed, de-duplicated, then written in one transaction), into a project with an empty register.

- **COPY into the register**: the rows the import wrote (participants and their indicators) read out, deleted and
  COPYed back into the register's own tables, with their keys, foreign keys and indexes.

It prints each run's seconds and the ratios import / COPY of the file and import / COPY into the register, and the
best of each. It asserts nothing: it is not a
test, and nothing in tests/ checks timings.
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
from sqlalchemy import select  # noqa: E402

from service.app import create_app  # noqa: E402
from service.extensions import db  # noqa: E402
from tests.conftest import app_config, fresh_database, prepare  # noqa: E402

FIRST = ["Anna", "Eino", "Åsa", "Mikael", "Liisa", "Jussi", "Fatima", "Omar", "Sara", "Ahmed", "Maria", "Jonas"]
LAST = ["Virtanen", "Korhonen", "Lind", "Nieminen", "Mäkinen", "Hassan", "Ali", "Svensson", "Laine", "Berg"]
CODES = ["O.2.3", "O.2.3.2", "O.2.3.3", "O.2.3.2 O.2.3.3"]
SEXES = ["nainen", "mies", "kvinna", "man", "woman", "non-binary"]


def _letters(number: int) -> str:
    """1 -> "b", 26 -> "ba": a number written in letters."""
    letters = ""
    while True:
        number, rest = divmod(number, 26)
        letters = "abcdefghijklmnopqrstuvwxyz"[rest] + letters
        if not number:
            return letters


def generate(rows: int, seed: int, start: date, days: int) -> bytes:
    """``rows`` data rows: distinct people (a serial in the last name part) and about 1 % repeated."""
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    out = io.StringIO()
    out.write("etunimi;sukunimi;syntymäaika;sukupuoli;ensimmäinen osallistuminen;indikaattorit\n")
    for number in range(rows):
        who = number if rng.random() > 0.01 or number == 0 else rng.randrange(number)
        born = date(1940, 1, 1) + timedelta(days=(who * 7919) % 27000)
        first = FIRST[who % len(FIRST)]
        # Names are letters (a serial in digits would be ignored by the key); one in ten is double-barrelled.
        last = f"{LAST[who % len(LAST)]}{'-' if who % 10 == 0 else ''}{_letters(who)}"
        started = start + timedelta(days=rng.randrange(days))
        born_text = born.isoformat() if number % 2 else f"{born.day}.{born.month}.{born.year}"
        out.write(f"{first};{last};{born_text};{SEXES[who % len(SEXES)]};{started.isoformat()};{rng.choice(CODES)}\n")
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


def time_copy(owner_url: str, content: bytes) -> float:
    url = owner_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(url) as connection:
        connection.execute("DROP TABLE IF EXISTS participant_copy_scratch")
        connection.execute(
            "CREATE TABLE participant_copy_scratch (first_name text, last_name text, date_of_birth text, sex text,"
            " first_participation text, indicators text)"
        )
        connection.commit()
        started = time.perf_counter()
        with connection.cursor() as cursor:
            with cursor.copy(
                "COPY participant_copy_scratch FROM STDIN (FORMAT csv, HEADER true, DELIMITER ';', ENCODING 'UTF8')"
            ) as copy:
                copy.write(content[3:])  # COPY does not skip a BOM: the file without it
        connection.commit()
        seconds = time.perf_counter() - started
        copied = connection.execute("SELECT count(*) FROM participant_copy_scratch").fetchone()[0]
        connection.execute("DROP TABLE participant_copy_scratch")
        connection.commit()
    return seconds, copied


REGISTER = ("participants", "participant_indicators")


def time_copy_into_register(admin_url: str, project_id: int) -> tuple[float, dict]:
    """A plain COPY of the very rows the import wrote, back into the register's own tables (with their keys,
    foreign keys and indexes): what storing the result costs the database at the least. The rows are read out,
    deleted, and COPYed in again, as the database's superuser (COPY FROM is refused under row-level security,
    which is why the import itself goes through a temporary table and INSERT … SELECT)."""
    url = admin_url.replace("postgresql+psycopg://", "postgresql://")
    parts: dict[str, bytes] = {}
    with psycopg.connect(url) as connection:
        for table in REGISTER:
            data = bytearray()
            query = f"COPY (SELECT * FROM {table} WHERE project_id = {int(project_id)}) TO STDOUT"
            with connection.cursor().copy(query) as copy:
                for chunk in copy:
                    data += chunk
            parts[table] = bytes(data)
        for table in reversed(REGISTER):
            connection.execute(f"DELETE FROM {table} WHERE project_id = %s", (project_id,))
        connection.commit()
        started = time.perf_counter()
        for table in REGISTER:
            with connection.cursor().copy(f"COPY {table} FROM STDIN") as copy:
                copy.write(parts[table])
        connection.commit()
        seconds = time.perf_counter() - started
        count = "SELECT count(*) FROM {} WHERE project_id = %s"
        counts = {table: connection.execute(count.format(table), (project_id,)).fetchone()[0] for table in REGISTER}
    return seconds, counts


def fresh_project(app):
    """An active Finnish demo project with an empty register (its rows are cleared between runs)."""
    from sqlalchemy import delete

    from service.accounts.models import User
    from service.organisations.models import Membership
    from service.participants.models import Participant, ParticipantImport, ParticipantIndicator
    from service.projects.models import Project

    project = db.session.scalars(
        select(Project)
        .where(Project.status == "active", Project.project_start <= date.today() - timedelta(days=30))
        .order_by(Project.id)
    ).first()
    db.session.execute(delete(ParticipantIndicator).where(ParticipantIndicator.project_id == project.id))
    db.session.execute(delete(Participant).where(Participant.project_id == project.id))
    db.session.execute(delete(ParticipantImport).where(ParticipantImport.project_id == project.id))
    member = db.session.scalar(
        select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.organisation_id == project.organisation_id)
    )
    db.session.commit()
    return project, member


def time_import(app, tenant, content: bytes) -> tuple[float, float, dict]:
    from service.jobs.models import JobRun
    from service.participants import operations
    from service.participants.models import ParticipantImport
    from service.tenancy.scope import tenant_scope
    from workers.runner import run_job

    with app.app_context(), tenant_scope(tenant):
        project, member = fresh_project(app)
        started = time.perf_counter()
        record = operations.start_import(project, filename="bench.csv", content=content, user=member)
        key = f":participants.import:{record.id}"
        job_id = db.session.scalar(select(JobRun.id).where(JobRun.dedupe_key.endswith(key)))
        db.session.commit()
        accepted = time.perf_counter() - started
        import_id = record.id
    ran = run_job(job_id, str(tenant), app=app)
    if ran != "finished":
        raise RuntimeError(f"the import job {job_id} did not run: {ran}")
    total = time.perf_counter() - started
    with app.app_context(), tenant_scope(tenant):
        done = db.session.get(ParticipantImport, import_id)
        outcome = {"status": done.status, "rows": done.rows_done, "created": done.created, "merged": done.merged}
        if done.errors:
            outcome["errors"] = done.errors[:3]
        outcome["project_id"] = done.project_id
    return accepted, total, outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    from service.tenancy.models import Tenant
    from service.tenancy.scope import tenant_scope

    with fresh_database(f"amif_bench_participants_{uuid.uuid4().hex[:8]}") as urls:
        folder = Path(tempfile.mkdtemp(prefix="amif-bench-"))
        prefix = f"amif-bench-{uuid.uuid4().hex[:6]}"
        app = create_app(app_config(urls, "redis://127.0.0.1:6379/0", folder, AMIF_QUEUE_PREFIX=prefix))
        print("preparing the database (migrations, reference data, tenants, demo)…", flush=True)
        prepare(app, demo=True)
        with app.app_context():
            from service.tenancy.scope import platform_scope

            with platform_scope():
                tenant = db.session.scalar(select(Tenant.id).where(Tenant.code == "fi"))
        with app.app_context(), tenant_scope(tenant):
            project, _member = fresh_project(app)
            today = date.today()
            start, days = project.project_start, max((min(project.project_end, today) - project.project_start).days, 1)
        results = []
        for run in range(1, options.repeat + 1):
            content = generate(options.rows, run, start, days)
            copy_seconds, copied = time_copy(urls["owner"], content)
            accepted, import_seconds, outcome = time_import(app, tenant, content)
            register_seconds, stored = time_copy_into_register(urls["admin"], outcome.pop("project_id"))
            ratio = import_seconds / copy_seconds
            results.append((copy_seconds, import_seconds, ratio, register_seconds, import_seconds / register_seconds))
            print(
                f"run {run}: {options.rows:,} rows ({len(content) / 1e6:.1f} MB); COPY {copy_seconds:.3f} s "
                f"({copied:,} rows); import {import_seconds:.3f} s (of which accepting the upload {accepted:.3f} s; "
                f"{outcome}); ratio import/COPY {ratio:.2f}; COPY of the rows written into the register's tables "
                f"{register_seconds:.3f} s ({stored}); ratio import/that COPY {import_seconds / register_seconds:.2f}",
                flush=True,
            )
        best_copy = min(r[0] for r in results)
        best_import = min(r[1] for r in results)
        best_register = min(r[3] for r in results)
        median = len(results) // 2
        print(
            f"best: COPY of the file {best_copy:.3f} s, import {best_import:.3f} s, "
            f"ratio {best_import / best_copy:.2f} "
            f"(median {sorted(r[2] for r in results)[median]:.2f}); COPY of the rows written into the register "
            f"{best_register:.3f} s, ratio {best_import / best_register:.2f} "
            f"(median {sorted(r[4] for r in results)[median]:.2f}); target ≤ 3"
        )
        with app.app_context():
            db.engine.dispose()


if __name__ == "__main__":
    main()
