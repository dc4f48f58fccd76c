"""The Commission's consolidated export against one raw SQL aggregate over the same rows, on PostgreSQL, in the
same run (issue 14: 26 tenants × 400 projects × 21 reports × 15 indicator values; the export within 1.5× the
aggregate, under 30 s and 500 MB RSS).

    .venv/bin/python benchmarks/consolidated_export.py [--tenants 26] [--projects 400] [--reports 21]
                                                      [--values 15] [--repeat 2]

Creates a fresh database as the tests do (the app connects as a role that owns nothing, so row-level security is
in force), migrates it, loads the reference data and the two tenants (se in SEK, fi in EUR), then adds tenants up
to ``--tenants`` (copies of fi's settings and programme under the other member states' codes) and, in each, with
plain SQL as the database's administrator: ``--projects`` selected operations (an application, an approved grant
decision, a project and its version planning ``--values`` indicators), ``--reports`` progress reports per project,
each with ``--values`` indicator values (progress_report_values), submitted (the frozen content holding the same
values) and accepted, five ledger entries per project (three declared, two paid; the krona's converted at a rate
loaded for the benchmark) and a frozen transmission.

Then, ``--repeat`` times, in the same run:

- **aggregate**: one SQL statement, as the administrator (no row-level security, no application), over the
  indicator values: per tenant and indicator, their count and sum (``progress_report_values`` joined to
  ``progress_reports``) — the rows the benchmark is sized by, read once;
- **export**: the service's export as the Commission asks for it: ``request_export`` (committed), then its job
  through the job runner (``workers.runner.run_job``), in a child process of its own so that its peak resident
  memory (``ru_maxrss``) is the export's alone: every tenant read in its own tenant scope, its latest frozen
  transmission and its portfolio as of today, the three files written and stored.

It prints each run's seconds, the ratio export / aggregate, the child's peak RSS, and whether the two exports'
files are the same bytes (SHA-256 of each); with ``--parts``, the seconds of each part of the export over every
tenant (the portfolio's queries one by one, a tenant's part whole, the three files). It asserts nothing: it is
not a test, and nothing in tests/ checks timings.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager, nullcontext
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402

# The member states taking part in AMIF besides Sweden and Finland (Denmark does not: Protocol No 22).
COUNTRIES = "AT BE BG CY CZ DE EE EL ES FR HR HU IE IT LT LU LV MT NL PL PT RO SI SK".split()
REDIS = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
RATE = "11.20000000"  # SEK per EUR for the benchmark's months: an illustrative figure, not the Commission's


def _sql(connection, statement: str, params=None) -> None:
    connection.execute(statement, params or {})


def add_tenants(connection, count: int) -> None:
    """Tenants beyond se and fi: fi's settings and programme under other codes (with their own CCI)."""
    for country in COUNTRIES[: max(0, count - 2)]:
        code = country.lower()
        _sql(
            connection,
            """INSERT INTO tenants (code, country, currency, languages, timezone, names, managing_authority, settings,
                                    active, created_at, updated_at)
               SELECT %(code)s, %(country)s, currency, languages, timezone, names, managing_authority, settings, true,
                      now(), now() FROM tenants WHERE code = 'fi'""",
            {"code": code, "country": country},
        )
        _sql(
            connection,
            """INSERT INTO programmes (cci, title, period_start, period_end, currency, version, demo_values, tenant_id)
               SELECT replace(p.cci, 'FI', %(country)s), p.title, p.period_start, p.period_end, p.currency, 1,
                      p.demo_values, t.id
               FROM programmes p JOIN tenants f ON f.id = p.tenant_id AND f.code = 'fi', tenants t
               WHERE t.code = %(code)s""",
            {"code": code, "country": country},
        )
        _sql(
            connection,
            """INSERT INTO programme_allocations (programme_id, objective_code, position, eu_contribution,
                                                  national_cofinancing, tenant_id)
               SELECT np.id, a.objective_code, a.position, a.eu_contribution, a.national_cofinancing, np.tenant_id
               FROM programme_allocations a JOIN tenants f ON f.id = a.tenant_id AND f.code = 'fi'
               JOIN programmes np ON np.tenant_id = (SELECT id FROM tenants WHERE code = %(code)s)""",
            {"code": code},
        )


def add_indicators(connection, values: int) -> list[str]:
    """The first ``values`` common indicators planned by every programme."""
    codes = [
        row[0]
        for row in connection.execute(
            "SELECT DISTINCT code FROM indicators WHERE code ~ '^[OR]\\.[1-3]\\.' ORDER BY code LIMIT %(n)s",
            {"n": values},
        )
    ]
    _sql(
        connection,
        """INSERT INTO programme_indicators (programme_id, indicator_code, position, milestone_2024, target_2029,
                                            tenant_id)
           SELECT p.id, c.code, 100 + c.n, 1000, 5000, p.tenant_id
           FROM programmes p, unnest(%(codes)s::text[]) WITH ORDINALITY AS c(code, n)
           ON CONFLICT DO NOTHING""",
        {"codes": codes},
    )
    return codes


def add_operations(connection, projects: int, reports: int, codes: list[str]) -> None:
    """In every tenant: an organisation, a user, a call, then ``projects`` selected operations with their reports,
    values, submissions, reviews and ledger entries, by set-based INSERTs."""
    _sql(
        connection,
        """INSERT INTO organisations (name, country, number, organisation_type, created_at, tenant_id)
           SELECT 'Benchmark beneficiary', t.country, '0000000-0', 'ngo', now(), t.id FROM tenants t""",
    )
    _sql(
        connection,
        """INSERT INTO users (email, name, role, active, created_at, version, tenant_id)
           SELECT 'bench@' || t.code || '.bench', 'Benchmark', 'admin', true, now(), 1, t.id FROM tenants t""",
    )
    _sql(
        connection,
        """INSERT INTO calls (reference, status, texts, measures, currency, budget, cofinancing_rate, cofinancing_basis,
                              indirect_rate, competitive, eligible_organisation_types, addressed_organisations,
                              opens_at, closes_at, assessment, required_attachments, indicator_codes, created_at,
                              version, tenant_id)
           SELECT 'BENCH-1', 'closed', '{}', '[]', t.currency, 1000000000, 75, 'total', 7, true, '[]', '[]',
                  '2024-01-01', '2024-03-01', '{}', '[]', '[]', now(), 1, t.id FROM tenants t""",
    )
    _sql(
        connection,
        """CREATE TEMP TABLE bench_base AS
           SELECT t.id AS tenant_id, t.currency, o.id AS organisation_id, u.id AS user_id, c.id AS call_id
           FROM tenants t JOIN organisations o ON o.tenant_id = t.id JOIN users u ON u.tenant_id = t.id
           JOIN calls c ON c.tenant_id = t.id WHERE c.reference = 'BENCH-1'""",
    )
    _sql(
        connection,
        """INSERT INTO applications (call_id, organisation_id, reference, language, title, status, sections,
                                     field_versions, direct_costs, indirect_costs, total_cost, eu_amount,
                                     own_contribution, created_by, created_at, updated_at, version, tenant_id)
           SELECT b.call_id, b.organisation_id, 'BENCH-' || n, 'en', 'Operation ' || n, 'approved', '{}', '{}',
                  100000 + n, 0, 100000 + n, 75000, 25000 + n, b.user_id, now(), now(), 1, b.tenant_id
           FROM bench_base b, generate_series(1, %(projects)s) n""",
        {"projects": projects},
    )
    _sql(
        connection,
        """INSERT INTO decisions (application_id, call_id, reference, kind, status, currency, eligible_cost, eu_amount,
                                  cofinancing_rate, cofinanced_cost, conditions, indicator_targets, reduction_reason,
                                  override_reason, reasons, reason_details, explanation, correction_reason,
                                  prepared_by, prepared_at, approved_by, approved_at, return_reason, version,
                                  tenant_id)
           SELECT a.id, a.call_id, 'D-' || a.reference, 'grant', 'approved', b.currency, a.total_cost, 75000, 75,
                  a.total_cost, '', '[]', '', '', '[]', '{}', '', '', b.user_id, '2025-03-03', b.user_id,
                  timestamptz '2025-03-10 09:00+00' + (a.id %% 300) * interval '1 day', '', 1, a.tenant_id
           FROM applications a JOIN bench_base b ON b.tenant_id = a.tenant_id""",
    )
    _sql(
        connection,
        """INSERT INTO projects (application_id, call_id, organisation_id, reference, title, status, project_start,
                                 project_end, created_at, version, tenant_id, specific_objective, intervention_field)
           SELECT a.id, a.call_id, a.organisation_id, 'P-' || a.reference, a.title, 'active', '2019-09-01',
                  '2027-12-31', now(), 1, a.tenant_id, 'SO' || (1 + a.id %% 3), lpad((1 + a.id %% 7)::text, 3, '0')
           FROM applications a""",
    )
    plan = json.dumps({"indicators": [{"key": code, "code": code, "target": 100} for code in codes]})
    _sql(
        connection,
        """INSERT INTO project_versions (project_id, sequence, kind, decision_id, content, content_sha256, reason,
                                         created_by, created_at, tenant_id)
           SELECT p.id, 1, 'start', d.id, %(plan)s::json, repeat('0', 64), '', b.user_id, '2025-03-10', p.tenant_id
           FROM projects p JOIN decisions d ON d.application_id = p.application_id
           JOIN bench_base b ON b.tenant_id = p.tenant_id""",
        {"plan": plan},
    )
    _sql(
        connection,
        """INSERT INTO progress_reports (project_id, organisation_id, sequence, reference, period_start, period_end,
                                         final, due_on, status, project_version, activities, progress,
                                         horizontal_principles, problems, created_at, updated_at, version, tenant_id)
           SELECT p.id, p.organisation_id, s, p.reference || '-R' || s,
                  date '2019-09-01' + (s - 1) * interval '4 months',
                  date '2019-09-01' + s * interval '4 months' - interval '1 day', false,
                  date '2019-09-01' + s * interval '4 months' + interval '30 days', 'accepted', 1, '', '', '', '',
                  now(), now(), 1, p.tenant_id
           FROM projects p, generate_series(1, %(reports)s) s""",
        {"reports": reports},
    )
    _sql(
        connection,
        """INSERT INTO progress_report_values (report_id, indicator_key, value, tenant_id)
           SELECT r.id, c.code, r.sequence * (1 + c.n %% 5), r.tenant_id
           FROM progress_reports r, unnest(%(codes)s::text[]) WITH ORDINALITY AS c(code, n)""",
        {"codes": codes},
    )
    _sql(
        connection,
        """INSERT INTO progress_report_submissions (report_id, sequence, receipt, submitted_by, submitted_at, content,
                                                    content_sha256, tenant_id)
           SELECT r.id, 1, r.reference || '-1', b.user_id, r.period_end + interval '10 days',
                  json_build_object('indicators', (SELECT json_agg(json_build_object(
                      'key', v.indicator_key, 'code', v.indicator_key, 'achieved', v.value, 'participant', false)
                      ORDER BY v.indicator_key)
                      FROM progress_report_values v WHERE v.tenant_id = r.tenant_id AND v.report_id = r.id)),
                  repeat('0', 64), r.tenant_id
           FROM progress_reports r JOIN bench_base b ON b.tenant_id = r.tenant_id""",
    )
    _sql(
        connection,
        """INSERT INTO progress_report_reviews (report_id, submission, outcome, comment, reviewed_by, reviewed_at,
                                                tenant_id)
           SELECT r.id, 1, 'accepted', '', b.user_id, r.period_end + interval '20 days', r.tenant_id
           FROM progress_reports r JOIN bench_base b ON b.tenant_id = r.tenant_id""",
    )
    _sql(
        connection,
        """INSERT INTO ledger_entries (project_id, kind, currency, amount, eu_amount, recorded_on, created_by,
                                       created_at, tenant_id)
           SELECT p.id, (ARRAY['claimed', 'claimed', 'claimed', 'paid', 'paid'])[k], b.currency,
                  CASE WHEN k <= 3 THEN 10000 + k ELSE 0 END, CASE WHEN k <= 3 THEN 0 ELSE 7500 + k END,
                  date '2025-06-01' + (k * 61 + p.id %% 28) * interval '1 day', b.user_id, now(), p.tenant_id
           FROM projects p JOIN bench_base b ON b.tenant_id = p.tenant_id, generate_series(1, 5) k""",
    )
    months = [
        row[0]
        for row in connection.execute(
            "SELECT DISTINCT date_trunc('month', approved_at)::date "
            "FROM decisions UNION SELECT DISTINCT date_trunc('month', "
            "recorded_on)::date FROM ledger_entries"
        )
    ]
    for month in months:
        _sql(
            connection,
            """INSERT INTO exchange_rates (currency, month, version, rate, source, unverified, correction_reason,
                                           loaded_at, loaded_by)
               VALUES ('SEK', %(month)s, 1, %(rate)s, 'benchmark: an illustrative rate', true, '', now(), 'benchmark')
               ON CONFLICT DO NOTHING""",
            {"month": month, "rate": RATE},
        )
    _sql(
        connection,
        """INSERT INTO ledger_conversions (entry_id, month, rate, rate_version, amount_eur, eu_amount_eur,
                                           converted_at, tenant_id)
           SELECT e.id, date_trunc('month', e.recorded_on)::date, %(rate)s, 1, round(e.amount / %(rate)s, 2),
                  round(e.eu_amount / %(rate)s, 2), now(), e.tenant_id
           FROM ledger_entries e WHERE e.currency = 'SEK'""",
        {"rate": RATE},
    )


def add_transmissions(connection) -> None:
    """A frozen transmission per tenant (what the export carries beside the portfolio)."""
    content = {
        "version": "202610",
        "cut_off": "2026-10-31",
        "due_on": "2026-11-30",
        "currency": "EUR",
        "financial": [
            {
                "specific_objective": "SO1",
                "type_of_intervention": "001",
                "operations": 1,
                "eligible_cost": "100.00",
                "fund_contribution": "75.00",
                "declared_expenditure": "0.00",
            }
        ],
        "indicators": None,
        "conversions": [],
    }
    _sql(
        connection,
        """INSERT INTO transmission_drafts (version, cut_off, due_on, status, rows_total, rows_done, content, problems,
                                            created_by, created_at, built_at, tenant_id)
           SELECT '202610', '2026-10-31', '2026-11-30', 'frozen', 2, 2, %(content)s::json, '[]', b.user_id, now(),
                  now(), b.tenant_id FROM bench_base b""",
        {"content": json.dumps(content)},
    )
    _sql(
        connection,
        """INSERT INTO transmission_versions (draft_id, version, sequence, cut_off, due_on, content, content_sha256,
                                              frozen_by, frozen_at, tenant_id)
           SELECT d.id, d.version, 1, d.cut_off, d.due_on, jsonb_set(d.content::jsonb, '{programme}',
                  to_jsonb(p.cci))::json, repeat('a', 64), d.created_by, '2026-11-20 10:00+00', d.tenant_id
           FROM transmission_drafts d JOIN programmes p ON p.tenant_id = d.tenant_id""",
    )


def time_aggregate(admin_url: str) -> tuple[float, int]:
    with psycopg.connect(admin_url) as connection:
        started = time.perf_counter()
        rows = connection.execute(
            """SELECT r.tenant_id, v.indicator_key, count(*), sum(v.value)
               FROM progress_report_values v JOIN progress_reports r ON r.tenant_id = v.tenant_id AND r.id = v.report_id
               GROUP BY r.tenant_id, v.indicator_key"""
        ).fetchall()
        return time.perf_counter() - started, len(rows)


def child(urls: dict, instance: str) -> None:
    """One export, in this process: prints {"seconds", "maxrss_mb", "files": {format: sha256}} as JSON."""
    from sqlalchemy import select

    from service.accounts.models import PlatformUser
    from service.app import create_app
    from service.consolidated.models import ConsolidatedExport
    from service.consolidated.operations import files_of, request_export
    from service.extensions import db
    from service.jobs.models import JobRun
    from service.tenancy.scope import platform_scope
    from tests.conftest import app_config
    from workers.runner import run_job

    app = create_app(app_config(urls, REDIS, Path(instance), AMIF_QUEUE_PREFIX=f"bench-{uuid.uuid4().hex[:8]}"))
    with app.app_context(), platform_scope():
        person = db.session.scalar(select(PlatformUser).where(PlatformUser.role == "commission"))
        export = request_export(date.today(), person=person)
        export_id = export.id
        db.session.commit()
        job_id = db.session.scalar(
            select(JobRun.id).where(JobRun.name == "consolidated.build").order_by(JobRun.enqueued_at.desc())
        )
    profiler = None
    if os.environ.get("AMIF_BENCH_PROFILE"):
        from pyinstrument import Profiler

        profiler = Profiler()
        profiler.start()
    started = time.perf_counter()
    run_job(job_id, "platform", app=app)
    seconds = time.perf_counter() - started
    if profiler is not None:
        profiler.stop()
        Path(os.environ["AMIF_BENCH_PROFILE"]).write_text(profiler.output_text(show_all=False), encoding="utf-8")
    with app.app_context(), platform_scope():
        export = db.session.get(ConsolidatedExport, export_id)
        files = {fmt: (row.sha256, row.size) for fmt, row in files_of([export])[export.id].items()}
        status = export.status
    print(
        json.dumps(
            {
                "seconds": seconds,
                "status": status,
                "files": files,
                "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tenants", type=int, default=26)
    parser.add_argument("--projects", type=int, default=400)
    parser.add_argument("--reports", type=int, default=21)
    parser.add_argument("--values", type=int, default=15)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--profile", help="write the last export's profile (pyinstrument, text) to this file")
    parser.add_argument("--keep", metavar="NAME", help="generate into database NAME and keep it (for --reuse)")
    parser.add_argument("--reuse", metavar="NAME", help="measure on database NAME kept by --keep: no generation")
    parser.add_argument("--parts", action="store_true", help="also time the export's parts, one by one")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--parts-child", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        urls, instance = json.loads(arguments.child)
        child(urls, instance)
        return
    if arguments.parts_child:
        urls, instance = json.loads(arguments.parts_child)
        parts(urls, instance)
        return

    from service.accounts.operations import create_platform_user
    from service.app import create_app
    from service.extensions import db
    from service.tenancy.scope import platform_scope
    from tests.conftest import app_config, fresh_database, prepare

    if arguments.reuse:
        with tempfile.TemporaryDirectory() as tmp:
            measure(_kept(arguments.reuse, create=False), tmp, arguments)
        return
    database = _kept(arguments.keep, create=True) if arguments.keep else None
    context = nullcontext(database) if database else fresh_database(f"amif_bench_consolidated_{int(time.time())}")
    with context as urls, tempfile.TemporaryDirectory() as tmp:
        application = create_app(app_config(urls, REDIS, Path(tmp), AMIF_QUEUE_PREFIX=f"bench-{uuid.uuid4().hex[:8]}"))
        prepare(application, demo=False)  # the reference data, the tenants and their programmes
        with application.app_context(), platform_scope():
            create_platform_user(
                email="commission@bench.example",
                role="commission",
                name="Desk officer",
                password="benchmark-password-2026",  # noqa: S106 - a throwaway database's user
            )
            db.session.commit()
            db.engine.dispose()
        admin = urls["admin"].replace("postgresql+psycopg://", "postgresql://")
        started = time.perf_counter()
        with psycopg.connect(admin) as connection:
            _sql(connection, "DELETE FROM transmission_versions")  # none in the demo; the benchmark's own below
            add_tenants(connection, arguments.tenants)
            codes = add_indicators(connection, arguments.values)
            add_operations(connection, arguments.projects, arguments.reports, codes)
            add_transmissions(connection)
            connection.commit()
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute("VACUUM ANALYZE")
            counts = connection.execute(
                """SELECT (SELECT count(*) FROM tenants WHERE active), (SELECT count(*) FROM projects),
                          (SELECT count(*) FROM progress_reports), (SELECT count(*) FROM progress_report_values)"""
            ).fetchone()
        print(
            f"data: {counts[0]} tenants, {counts[1]} projects, {counts[2]} reports, {counts[3]} indicator values "
            f"(generated in {time.perf_counter() - started:.1f} s)"
        )
        measure(urls, tmp, arguments)


def _kept(name: str, *, create: bool) -> dict:
    """The URLs of a database kept between runs (tests/conftest.py's roles), created when asked."""
    from sqlalchemy import create_engine, text

    from tests.conftest import APP_ROLE, OWNER_ROLE, ROLE_PASSWORD, _admin_url

    admin = _admin_url()
    if create:
        engine = create_engine(admin.set(database=admin.database or "postgres"), isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            for role in (OWNER_ROLE, APP_ROLE):
                if not connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).scalar():
                    connection.execute(
                        text(f"CREATE ROLE {role} LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD '{ROLE_PASSWORD}'")
                    )
            connection.execute(text(f'CREATE DATABASE "{name}" OWNER {OWNER_ROLE}'))
        engine.dispose()
    return {
        "admin": admin.set(database=name).render_as_string(hide_password=False),
        "owner": admin.set(username=OWNER_ROLE, password=ROLE_PASSWORD, database=name).render_as_string(
            hide_password=False
        ),
        "app": admin.set(username=APP_ROLE, password=ROLE_PASSWORD, database=name).render_as_string(
            hide_password=False
        ),
    }


def parts(urls: dict, instance: str) -> None:
    """Where the export's time goes: its parts over every tenant timed one by one, as the export calls them (each
    tenant in its own scope), the second of two passes (warm). Prints one line per part."""
    import csv
    import io
    from collections import defaultdict
    from dataclasses import asdict

    from sqlalchemy import select

    from service.app import create_app
    from service.catalogue.models import Indicator
    from service.consolidated.rows import latest_transmission, tenant_part
    from service.consolidated.rules import KEYS
    from service.consolidated.writers import ExportFiles, _json
    from service.extensions import db
    from service.portfolio import figures
    from service.programmes.util import current_programme
    from service.tenancy.models import Tenant
    from service.tenancy.scope import platform_scope, tenant_scope
    from tests.conftest import app_config

    app = create_app(app_config(urls, REDIS, Path(instance), AMIF_QUEUE_PREFIX=f"bench-{uuid.uuid4().hex[:8]}"))
    as_of = date.today()
    with app.app_context():
        with platform_scope():
            tenants = list(db.session.scalars(select(Tenant.id).where(Tenant.active.is_(True)).order_by(Tenant.code)))
        spent: dict[str, float] = defaultdict(float)

        @contextmanager
        def clock(name: str):
            started = time.perf_counter()
            yield
            spent[name] += time.perf_counter() - started

        for _pass in range(2):
            spent.clear()
            written = []
            for tenant in tenants:
                with tenant_scope(tenant):
                    with clock("programme"):
                        current_programme()
                    with clock("selected operations"):
                        selected = figures.selected_operations(as_of)
                    with clock("financial figures (the ledger grouped)"):
                        figures.financial(as_of, selected)
                    with clock("planned (the project versions' JSON)"):
                        figures._planned(as_of, selected)
                    with clock("achieved (the latest submissions' JSON)"):
                        figures._achieved(as_of, selected)
                    with clock("catalogue"):
                        list(db.session.scalars(select(Indicator)))
                    with clock("latest transmission"):
                        latest_transmission(as_of)
                    with clock("a tenant's part, whole (the above once more, and its rows)"):
                        written.append(tenant_part(db.session.get(Tenant, tenant), as_of))
                db.session.expunge_all()
            with tempfile.TemporaryDirectory() as directory:
                files = ExportFiles(Path(directory), as_of)
                with clock("the three files"):
                    for part, rows in written:
                        files.add(asdict(part), rows)
                    files.close()
                with clock("of which CSV (the same rows again, alone)"):
                    for _part, rows in written:
                        csv.writer(io.StringIO()).writerows([row[key] for key in KEYS] for row in rows)
                with clock("of which JSON (the same rows again, alone)"):
                    for part, rows in written:
                        _json({**asdict(part), "rows": rows})
        for name, seconds in spent.items():
            print(f"{name}: {seconds:.3f} s ({seconds / len(tenants) * 1000:.0f} ms per tenant)")


def measure(urls: dict, tmp: str, arguments) -> None:
    admin = urls["admin"].replace("postgresql+psycopg://", "postgresql://")
    results = []
    for run in range(1, arguments.repeat + 1):
        aggregate, groups = time_aggregate(admin)
        output = subprocess.run(  # noqa: S603 - this script, by its own path
            [sys.executable, __file__, "--child", json.dumps([urls, tmp])],
            capture_output=True,
            text=True,
            check=False,
            cwd=ROOT,
            env={**os.environ, **({"AMIF_BENCH_PROFILE": arguments.profile} if arguments.profile else {})},
        )
        if output.returncode != 0:
            print(output.stderr[-4000:])
            raise SystemExit(f"the export failed (exit {output.returncode})")
        export = json.loads(output.stdout.strip().splitlines()[-1])
        results.append((aggregate, export))
        sizes = ", ".join(f"{k} {v[1]} B" for k, v in sorted(export["files"].items()))
        print(
            f"run {run}: aggregate {aggregate:.3f} s ({groups} groups), export {export['seconds']:.3f} s "
            f"[{export['status']}], ratio {export['seconds'] / aggregate:.2f}, export peak RSS "
            f"{export['maxrss_mb']:.0f} MB, files {sizes}"
        )
    best_aggregate = min(a for a, _e in results)
    best_export = min(e["seconds"] for _a, e in results)
    same = len({json.dumps(e["files"], sort_keys=True) for _a, e in results}) == 1
    print(
        f"best: aggregate {best_aggregate:.3f} s, export {best_export:.3f} s, ratio "
        f"{best_export / best_aggregate:.2f} (target ≤ 1.5), export < 30 s: {best_export < 30}, peak RSS "
        f"{max(e['maxrss_mb'] for _a, e in results):.0f} MB (target < 500), same bytes in every run: {same}"
    )
    if arguments.parts:
        print("the export's parts (26 tenants' worth when run on the default data; warm):", flush=True)
        subprocess.run(  # noqa: S603 - this script, by its own path
            [sys.executable, __file__, "--parts-child", json.dumps([urls, tmp])], check=True, cwd=ROOT
        )


if __name__ == "__main__":
    main()
