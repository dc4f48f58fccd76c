"""The last hour before a call closes: N applicants autosaving and submitting at once.

    .venv/bin/python benchmarks/deadline_peak.py --applicants 50 --duration 60

Creates a fresh PostgreSQL database (an owner role for the migrations and a separate app role
that owns nothing, so row-level security is in force as in production; ``DATABASE_URL``, if set,
must be allowed to create roles and databases), migrates it, loads the reference data and the
tenants, and seeds through the service's own functions an open call in the ``fi`` tenant that
closes in an hour and N applicants, each with an organisation and an API token. Starts gunicorn
on 127.0.0.1 with ``benchmarks/bench_app.py`` (the production app of ``wsgi.py`` plus a bare
one-insert route), runs ``benchmarks/applicants.py`` (locust) against it — first the bare insert,
then the applicants, same concurrency, same think time (``--rounds N``: the two take turns N
times, each for 1/N of its duration) — checks from the database that no
submission was lost or duplicated, and prints the figures. Receipt e-mails go to rq queues in
Redis under a prefix of their own and are counted there, not sent. Drops the database and the
queues afterwards unless ``--keep``. Prints; asserts nothing (exit status 0 unless it broke).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections import Counter, defaultdict
from contextlib import suppress
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
OWNER_ROLE, APP_ROLE, ROLE_PASSWORD = "amif_bench_owner", "amif_bench_app", "amif-bench"  # noqa: S105 - local only
TENANT = "fi"
PHASES = (
    "start application",
    "autosave",
    "add budget line",
    "add indicator",
    "upload attachment",
    "read application",
    "submit",
    "submit (double click)",
)


def log(message: str) -> None:
    print(f"[{datetime.now().strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- the database -------------------------------------------------------------------------------


class Database:
    """A fresh database owned by the migration role; the app role owns nothing (as tests/conftest.py)."""

    def __init__(self, run: str):
        admin = make_url(os.environ.get("DATABASE_URL") or "postgresql://postgres@127.0.0.1:5432/postgres")
        self.admin = admin.set(drivername="postgresql+psycopg")
        self.name = f"amif_bench_{run}"
        self.owner = self.admin.set(username=OWNER_ROLE, password=ROLE_PASSWORD, database=self.name)
        self.app = self.admin.set(username=APP_ROLE, password=ROLE_PASSWORD, database=self.name)
        self._engine = create_engine(
            self.admin.set(database=self.admin.database or "postgres"), isolation_level="AUTOCOMMIT"
        )

    def url(self, which: str) -> str:
        return getattr(self, which).render_as_string(hide_password=False)

    def create(self) -> None:
        with self._engine.connect() as c:
            for role in (OWNER_ROLE, APP_ROLE):
                if not c.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).scalar():
                    c.execute(text(f"CREATE ROLE {role} LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD '{ROLE_PASSWORD}'"))
            c.execute(text(f'CREATE DATABASE "{self.name}" OWNER {OWNER_ROLE}'))

    def drop(self) -> None:
        with self._engine.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
        self._engine.dispose()

    def sessions(self) -> int | None:
        """Connections made to this database so far (PostgreSQL 14+; None before)."""
        with suppress(Exception), self._engine.connect() as c:
            query = "SELECT sessions FROM pg_stat_database WHERE datname = :d"
            return int(c.execute(text(query), {"d": self.name}).scalar())
        return None

    def server_version(self) -> str:
        with self._engine.connect() as c:
            return c.execute(text("SHOW server_version")).scalar().split()[0]


# --- seeding through the service's own functions -------------------------------------------------


def call_body(closes_at: datetime) -> dict:
    now = datetime.now(UTC)
    texts = {
        "fi": {"title": "Kotoutuminen kunnissa", "summary": "Tukea kuntien kotouttamistyöhön.", "body": "…"},
        "sv": {"title": "Integration i kommuner", "summary": "Stöd till kommunernas integrationsarbete."},
        "en": {"title": "Integration in municipalities", "summary": "Support for municipal integration work."},
    }
    return {
        "reference": f"BENCH-{uuid.uuid4().hex[:6].upper()}",
        "texts": texts,
        "objectives": [{"code": "SO2", "budget": "7 800 000,00"}, {"code": "SO1"}],
        "measures": [{"objective": "SO2", "label": {lang: f"Ohjaus ({lang})" for lang in texts}}],
        "budget": "10 800 000,00",
        "cofinancing_rate": "90",
        "competitive": True,
        "eligible_organisation_types": ["ngo", "regional_or_local_authority"],
        "opens_at": (now - timedelta(days=30)).isoformat(),
        "closes_at": closes_at.isoformat(),
        "project_start_earliest": "2027-01-01",
        "project_end_latest": "2029-12-31",
        "max_duration_months": 36,
        "min_grant": "50 000",
        "max_grant": "2 000 000,00",
        "indicator_codes": ["O.2.3", "O.2.3.1", "R.2.9"],
        "required_attachments": [{"key": "partner_letters", "label": {lang: "Yhteistyökirje" for lang in texts}}],
    }


def y_tunnus(serial: int) -> str:
    from service.organisations.numbers import y_tunnus_check_digit

    while True:
        payload = f"{serial:07d}"
        check = y_tunnus_check_digit(payload)
        if check is not None:
            return f"{payload}-{check}"
        serial += 1


def seed(config: dict, applicants: int, closes_at: datetime) -> dict:
    """Migrate, load reference data and tenants, then an open call and the applicants; returns the seed."""
    from flask import g
    from sqlalchemy import select

    from service.accounts.operations import create_user
    from service.accounts.tokens import create_token
    from service.app import create_app
    from service.audit.recorder import set_actor
    from service.calls.operations import create_call, publish_call
    from service.calls.schemas import CallWriteSchema
    from service.catalogue.sync import sync_reference_data
    from service.extensions import db
    from service.migrations.runner import upgrade
    from service.organisations.operations import create_organisation
    from service.tenancy.models import Tenant
    from service.tenancy.scope import tenant_scope
    from service.tenancy.sync import sync_all

    app = create_app(config)
    set_actor("cli", "benchmark")
    with app.app_context():
        upgrade(app)
        sync_reference_data()
        db.session.commit()
        sync_all(app.config["AMIF_TENANTS_DIR"])
        db.session.commit()
        tenant = db.session.scalar(select(Tenant).where(Tenant.code == TENANT))
        tenant_id = tenant.id
    seeded = {"tenant": TENANT, "tenant_id": tenant_id, "applicants": []}
    with app.test_request_context(f"/{TENANT}/"), tenant_scope(tenant_id):
        g.tenant = db.session.get(Tenant, tenant_id)
        call = publish_call(create_call(CallWriteSchema().load(call_body(closes_at))))
        seeded["call_id"] = call.id
        for number in range(applicants):
            user = create_user(
                email=f"hakija-{number}@benchmark.test",
                role="applicant",
                name=f"Hakija {number}",
                language="fi",
                send_welcome=False,
            )
            organisation = create_organisation(
                user, name=f"Yhdistys {number} ry", number=y_tunnus(1_000_000 + number * 7), organisation_type="ngo"
            )
            seeded["applicants"].append(
                {"user_id": user.id, "organisation_id": organisation.id, "token": create_token(user, name="benchmark")}
            )
        db.session.commit()
    with app.app_context():
        db.engine.dispose()
    return seeded


def seed_config(database: Database, folder: Path, redis_url: str, prefix: str, queues: list[str]) -> dict:
    """The app's configuration for seeding: the app role's URL, the migration role's, jobs to rq."""
    return {
        "SQLALCHEMY_DATABASE_URI": database.url("app"),
        "MIGRATION_DATABASE_URL": database.url("owner"),
        "AMIF_APP_DB_ROLE": APP_ROLE,
        "REDIS_URL": redis_url,
        "AMIF_RUN_JOBS_IN_PROCESS": False,
        "AMIF_QUEUE_PREFIX": prefix,
        "AMIF_QUEUES": queues,
        "RATELIMIT_STORAGE_URI": "memory://",
        "AMIF_INSTANCE_DIR": str(folder),
        "AMIF_OUTBOX_DIR": str(folder / "outbox"),
        "SMTP_HOST": "",
    }


def server_environment(
    database: Database, folder: Path, redis_url: str, prefix: str, queues: list[str], port: int
) -> dict[str, str]:
    """The environment the served app is configured from (``service/config.py``), as in production."""
    return {
        **os.environ,
        "AMIF_ENV": "production",
        "SECRET_KEY": secrets.token_hex(32),
        "DATABASE_URL": database.url("app"),
        "MIGRATION_DATABASE_URL": database.url("owner"),
        "AMIF_APP_DB_ROLE": APP_ROLE,
        "REDIS_URL": redis_url,
        "AMIF_QUEUE_PREFIX": prefix,
        "AMIF_QUEUES": ",".join(queues),
        "AMIF_INSTANCE_DIR": str(folder),
        "AMIF_OUTBOX_DIR": str(folder / "outbox"),
        "SMTP_HOST": "",
        "PORT": str(port),
        "AMIF_BASE_URL": f"http://127.0.0.1:{port}",
    }


# --- gunicorn --------------------------------------------------------------------------------------


def pool_size(options) -> int:
    """The connections each worker keeps open: one per thread unless --pool-size says otherwise (with fewer, a busy
    worker closes connections as they are returned and opens them again, a new PostgreSQL backend each time)."""
    threads = options.threads if options.worker_class == "gthread" else 1
    return options.pool_size or threads


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(options, environment: dict, port: int, folder: Path) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(options.workers),
        "--worker-class",
        options.worker_class,
        "--threads",
        str(options.threads if options.worker_class == "gthread" else 1),  # gunicorn turns sync+threads into gthread
        "--access-logfile",
        str(folder / "access.log"),  # as in production (the Dockerfile logs every request)
        "--error-logfile",
        str(folder / "gunicorn.log"),
        "--chdir",
        str(ROOT),
        "benchmarks.bench_app:app",
    ]
    log("starting " + " ".join(command[2:]))
    return subprocess.Popen(command, env=environment, cwd=ROOT, start_new_session=True)  # noqa: S603


def wait_ready(process: subprocess.Popen, port: int, folder: Path, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"gunicorn exited ({process.returncode}):\n{(folder / 'gunicorn.log').read_text()[-3000:]}"
            )
        with suppress(OSError):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        time.sleep(0.3)
    raise RuntimeError("gunicorn did not become ready in time")


def stop(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)  # graceful: the master stops its workers
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


class CpuSampler:
    """CPU seconds over time: the whole machine, gunicorn (master and workers), the load generator, and
    the PostgreSQL backends serving this database; everything else is other processes (on a shared
    machine, other people's work). Sampled every half second while the load runs."""

    def __init__(self, database: Database):
        import psutil

        self.psutil = psutil
        self.database = database
        self.samples: list[tuple[float, float, float, float, float]] = []
        self._processes: dict[int, object] = {}
        self._used: dict[str, dict[int, tuple[float, float]]] = {}
        self._backends: set[int] = set()
        self._engine = create_engine(database.admin.set(database=database.name), isolation_level="AUTOCOMMIT")

    def _cpu(self, category: str, pids) -> float:
        """CPU seconds the category's processes used since each was first seen; a process that has
        gone keeps what it had used, so the sum never goes down."""
        used = self._used.setdefault(category, {})
        for pid in pids:
            try:
                process = self._processes.get(pid)
                if process is None:
                    process = self._processes[pid] = self.psutil.Process(pid)
                times = process.cpu_times()
            except self.psutil.Error:
                continue
            now = times.user + times.system
            used[pid] = (used.get(pid, (now, now))[0], now)
        return sum(last - first for first, last in used.values())

    def _tree(self, pid: int) -> list[int]:
        try:
            root = self.psutil.Process(pid)
            return [pid, *(child.pid for child in root.children(recursive=True))]
        except self.psutil.Error:
            return []

    def postgres(self, *, look_up: bool = True) -> float:
        """CPU seconds of the PostgreSQL backends serving this database (since each was first seen); ``look_up``
        finds the backends again first (a pool may have opened a connection since)."""
        if look_up:
            with suppress(Exception), self._engine.connect() as c:
                query = "SELECT pid FROM pg_stat_activity WHERE datname = :d AND pid <> pg_backend_pid()"
                self._backends |= {row[0] for row in c.execute(text(query), {"d": self.database.name})}
        return self._cpu("postgres", self._backends)

    def close(self) -> None:
        self._engine.dispose()

    def sample(self, gunicorn_pid: int, load_pid: int) -> None:
        postgres = self.postgres(look_up=len(self.samples) % 4 == 0)
        times = self.psutil.cpu_times()
        busy = sum(getattr(times, f, 0.0) for f in ("user", "nice", "system", "irq", "softirq", "steal"))
        self.samples.append(
            (
                time.time(),
                busy,
                self._cpu("gunicorn", self._tree(gunicorn_pid)),
                self._cpu("load", [*self._tree(load_pid), os.getpid()]),
                postgres,
            )
        )

    def run(self, gunicorn: subprocess.Popen, load: subprocess.Popen, limit: float, phase_file: Path, on_phase) -> int:
        deadline = time.monotonic() + limit
        phase = None
        while load.poll() is None:
            if time.monotonic() > deadline:
                load.kill()
                raise RuntimeError("the load generator ran past its time limit")
            self.sample(gunicorn.pid, load.pid)
            with suppress(OSError):
                now = phase_file.read_text()
                if now != phase:
                    phase = now
                    on_phase(phase, [p for p in self._tree(gunicorn.pid) if p != gunicorn.pid])
            time.sleep(0.5)
        self.close()
        return load.returncode

    def between(self, start: float, end: float) -> dict | None:
        """Per category: CPU seconds and the share of the machine's capacity in [start, end]."""
        inside = [s for s in self.samples if start <= s[0] <= end]
        if len(inside) < 2:
            return None
        first, last = inside[0], inside[-1]
        seconds = last[0] - first[0]
        capacity = seconds * (os.cpu_count() or 1)
        busy, gunicorn, load, postgres = (last[i] - first[i] for i in range(1, 5))
        other = max(busy - gunicorn - load - postgres, 0.0)
        return {
            "seconds": seconds,
            "busy": busy / capacity,
            "gunicorn": gunicorn,
            "load": load,
            "postgres": postgres,
            "other": other,
            "capacity": capacity,
        }


class Profiler:
    """``py-spy record --gil`` on every gunicorn worker during the applicant phase: where the workers'
    CPU goes (only samples of a thread holding the GIL, so waiting for PostgreSQL or for the CPU does
    not count). Optional: ``--py-spy PATH`` (``pip install py-spy`` anywhere; it is a standalone binary)."""

    PACKAGES = (
        ("sqlalchemy/", "SQLAlchemy"),
        ("psycopg", "psycopg"),
        ("service/", "service (AMIF Hub)"),
        ("marshmallow/", "marshmallow"),
        ("flask_babel/", "Babel"),
        ("babel/", "Babel"),
        ("flask", "Flask and extensions"),
        ("werkzeug/", "Werkzeug"),
        ("gunicorn/", "gunicorn"),
        ("json/", "json"),
        ("redis/", "Redis and rq"),
        ("rq/", "Redis and rq"),
    )

    def __init__(self, executable: str, folder: Path, seconds: float):
        self.executable, self.folder, self.seconds = executable, folder, seconds
        self.processes: list[subprocess.Popen] = []

    def on_phase(self, phase: str, workers: list[int]) -> None:
        if phase != "applicants" or self.processes:
            return
        for pid in workers:
            command = [self.executable, "record", "--gil", "--rate", "100", "--format", "raw"]
            command += ["--duration", str(max(int(self.seconds), 1)), "--pid", str(pid)]
            command += ["--output", str(self.folder / f"py-spy-{pid}.txt")]
            self.processes.append(subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))  # noqa: S603

    def wait(self) -> None:
        for process in self.processes:
            try:
                process.wait(timeout=self.seconds + 30)
            except subprocess.TimeoutExpired:
                process.kill()

    def summary(self) -> list[str]:
        own: Counter = Counter()
        inclusive: Counter = Counter()
        total = 0
        for path in self.folder.glob("py-spy-*.txt"):
            for line in path.read_text().splitlines():
                stack, _, count = line.rpartition(" ")
                frames = stack.split(";")
                if not any("wsgi_app" in f for f in frames):
                    continue  # idle threads, the arbiter's loop
                total += int(count)
                own[self._package(frames[-1])] += int(count)
                for frame in {f.rsplit(":", 1)[0] + ")" for f in frames if "(service/" in f}:
                    inclusive[frame] += int(count)
        if not total:
            return ["py-spy recorded nothing (is it allowed to ptrace? run as root or with CAP_SYS_PTRACE)"]
        lines = [f"py-spy --gil on the workers, applicant phase ({total} samples at 100 Hz of request handling):"]
        lines.append(
            "  own time by package: " + ", ".join(f"{n} {100 * c / total:.0f}%" for n, c in own.most_common(8))
        )
        lines.append("  AMIF Hub functions, time including what they call:")
        lines += [f"    {100 * c / total:5.1f}%  {frame}" for frame, c in inclusive.most_common(14)]
        return lines

    def _package(self, frame: str) -> str:
        where = frame[frame.rfind("(") + 1 :]
        return next((name for prefix, name in self.PACKAGES if where.startswith(prefix)), "other")


# --- checking and reporting ----------------------------------------------------------------------


def verify(database: Database, tenant_id: int) -> dict:
    """What the database holds, read as the app role inside the tenant (row-level security applies)."""
    engine = create_engine(database.url("app"))
    with engine.begin() as c:
        c.execute(text("SELECT set_config('app.tenant_id', :t, true)"), {"t": str(tenant_id)})
        submissions = c.execute(
            text("SELECT application_id, sequence FROM application_submissions ORDER BY application_id, sequence")
        ).all()
        # A receipt is a notification (kind "receipt", key "receipt:<submission id>") to the person who submitted,
        # e-mailed by a "notifications.deliver" job (service.applications.submission, service.notifications).
        without_receipt = c.execute(
            text(
                "SELECT count(*) FROM application_submissions s WHERE NOT EXISTS (SELECT 1 FROM notifications n "
                "WHERE n.kind = 'receipt' AND n.key = 'receipt:' || s.id)"
            )
        ).scalar_one()
        receipts = c.execute(text("SELECT count(*) FROM notifications WHERE kind = 'receipt'")).scalar_one()
        deliveries = c.execute(
            text(
                "SELECT count(*) FROM job_runs j JOIN notifications n ON n.id = (j.arguments->>'notification_id')::int "
                "WHERE j.name = 'notifications.deliver' AND n.kind = 'receipt'"
            )
        ).scalar_one()
        bare_rows = c.execute(text("SELECT count(*) FROM job_runs WHERE name = 'benchmark.insert'")).scalar_one()
        statuses = dict(c.execute(text("SELECT status, count(*) FROM applications GROUP BY status")).all())
    engine.dispose()
    by_application: dict[int, list[int]] = defaultdict(list)
    for application_id, sequence in submissions:
        by_application[application_id].append(sequence)
    return {
        "submissions": dict(by_application),
        "receipts": receipts,
        "receipt_deliveries": deliveries,
        "without_receipt": without_receipt,
        "bare_rows": bare_rows,
        "application_statuses": statuses,
    }


def redis_queues(redis_url: str, prefix: str, queues: list[str], *, delete: bool) -> dict[str, int]:
    from redis import Redis
    from rq import Queue
    from rq.serializers import JSONSerializer

    connection = Redis.from_url(redis_url)
    counts = {}
    for name in queues:
        queue = Queue(f"{prefix}:{name}", connection=connection, serializer=JSONSerializer)
        counts[name] = queue.count
        if delete:
            queue.delete(delete_jobs=True)
    connection.close()
    return counts


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=1000, method="inclusive")[round(fraction * 1000) - 1]


def _round(row: list) -> int:
    return row[6] if len(row) > 6 else 1


def summarise(rows: list[list], windows: dict[int, tuple[float, float]]) -> dict:
    """Over the requests started within the phase's time (in each round, its own window): count, p50/p95/p99/max,
    errors, SQL statements; req/s over the requests completed within it. Requests after it (users finishing
    the application in hand, under a falling load) are left out here and counted apart."""
    rows = [r for r in rows if _round(r) in windows]
    inside = [r for r in rows if windows[_round(r)][0] <= r[2] <= windows[_round(r)][1]]
    latencies = sorted(r[3] for r in inside)
    completed = sum(1 for r in rows if r[2] + r[3] / 1000 <= windows[_round(r)][1])
    seconds = sum(end - start for start, end in windows.values())
    errors = Counter(r[4] for r in inside if not 200 <= r[4] < 300)
    statements = [r[5] for r in inside if len(r) > 5 and r[5] >= 0]
    return {
        "sql": statistics.fmean(statements) if statements else float("nan"),
        "requests": len(inside),
        "rate": completed / seconds if seconds > 0 else float("nan"),
        "p50": percentile(latencies, 0.50),
        "p95": percentile(latencies, 0.95),
        "p99": percentile(latencies, 0.99),
        "max": latencies[-1] if latencies else float("nan"),
        "errors": sum(errors.values()),
        "by_status": dict(errors),
    }


def counted(ids: list[int]) -> str:
    return f"{len(ids)} {ids}" if ids else "0"


def report(options, results: dict, checked: dict, queued: dict, setup: dict) -> None:
    window: dict[str, dict[int, tuple[float, float]]] = defaultdict(dict)  # phase -> round -> (start, end)
    for p in results["phases"]:
        window[p["phase"]][p.get("round", 1)] = (p["started"], p["ended"])
    requests = results["requests"]
    bare = summarise([r for r in requests if r[0] == "bare"], window["bare"])
    applicant_rows = [r for r in requests if r[0] == "applicants"]
    table = [("bare insert", bare)]
    for name in PHASES:
        rows = [r for r in applicant_rows if r[1] == name]
        if rows:
            table.append((name + (" PATCH" if name == "autosave" else ""), summarise(rows, window["applicants"])))
    everything = summarise(applicant_rows, window["applicants"])
    table.append(("all applicant requests", everything))

    applications = results["applications"]
    acknowledged = {a["application_id"] for a in applications if 201 in a["submit"]}
    stored = checked["submissions"]
    lost = sorted(a for a in acknowledged if stored.get(a) != [1])
    duplicated = sorted(a for a, sequences in stored.items() if len(sequences) > 1)
    unacknowledged = sorted(a for a in stored if a not in acknowledged)
    doubles = [a for a in applications if a.get("double")]
    double_refusals = sum(1 for a in doubles for s in a["submit"] if s == 409)
    submitted_in_window = sum(
        1
        for r in applicant_rows
        if r[1].startswith("submit") and r[4] == 201 and r[2] + r[3] / 1000 <= window["applicants"][_round(r)][1]
    )
    seconds = sum(end - start for start, end in window["applicants"].values())
    bare_seconds = sum(end - start for start, end in window["bare"].values())
    rounds = sorted(window["applicants"])

    print()
    print(
        f"AMIF Hub deadline peak: {options.applicants} concurrent applicants for {options.duration:g} s "
        f"(bare insert {options.bare_duration:g} s), think time {options.think:g} s "
        f"(bare {options.think if options.bare_think is None else options.bare_think:g} s; x0.5-1.5), "
        f"{options.saves_min}-{options.saves_max} autosaves per application"
    )
    print(
        f"gunicorn {options.worker_class} --workers {options.workers} --threads {options.threads} "
        f"(DATABASE_POOL_SIZE {pool_size(options)}); "
        f"PostgreSQL {setup['postgres']} (app role, RLS forced); {os.cpu_count()} cores shared by "
        f"gunicorn, PostgreSQL and the load generator; locust FastHttpUser on 127.0.0.1"
    )
    print()
    header = (
        f"{'phase':<24}{'requests':>9}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}"
        f"{'errors':>8}{'SQL/req':>9}"
    )
    print(header)
    print("-" * len(header))
    for name, s in table:
        print(
            f"{name:<24}{s['requests']:>9}{s['rate']:>9.1f}{s['p50']:>9.1f}{s['p95']:>9.1f}"
            f"{s['p99']:>9.1f}{s['max']:>9.1f}{s['errors']:>8}{s['sql']:>9.1f}"
        )
    print()
    submitted = len(acknowledged)
    print(
        f"submissions: {submitted} acknowledged (201), {submitted_in_window} within the {seconds:.1f} s window "
        f"= {submitted_in_window / seconds:.2f} submissions/s; {len(applications)} applications started, "
        f"{sum(1 for a in applications if a['failed_at'])} abandoned on an error"
    )
    ratio = everything["rate"] / bare["rate"] if bare["rate"] else float("nan")
    print(
        f"throughput ratio: applicant requests {everything['rate']:.1f}/s / bare inserts {bare['rate']:.1f}/s "
        f"= {ratio:.2f}"
    )
    if len(rounds) > 1:
        per_round = []
        for number in rounds:
            a = summarise(applicant_rows, {number: window["applicants"][number]})["rate"]
            b = summarise([r for r in requests if r[0] == "bare"], {number: window["bare"][number]})["rate"]
            per_round.append((number, a, b, a / b if b else float("nan")))
        print(
            f"throughput ratio per round ({len(rounds)} rounds, bare and applicants in turn): "
            + ", ".join(f"{a:.1f}/{b:.1f} = {r:.2f}" for _, a, b, r in per_round)
            + f"; median {statistics.median(r for *_, r in per_round):.2f}"
        )
    print(
        f"lost submissions: {counted(lost)}; duplicated: {counted(duplicated)}; "
        f"stored without a 201 to the client: {counted(unacknowledged)}"
    )
    if doubles:
        print(
            f"double-clicked submits: {len(doubles)} applications, {double_refusals} second clicks refused with 409 "
            "(expected; counted in the errors above or in the tail)"
        )
    print(
        f"bare inserts: {sum(1 for r in requests if r[0] in ('warmup', 'bare') and r[4] == 201)} answered 201, "
        f"{checked['bare_rows']} rows in job_runs ({bare['requests']} in {bare_seconds:.1f} s measured)"
    )
    stored_count = sum(len(sequences) for sequences in stored.values())
    one_each = checked["receipts"] == checked["receipt_deliveries"] == stored_count and not checked["without_receipt"]
    print(
        f"receipts: {checked['receipts']} receipt notifications for {stored_count} stored submissions, "
        f"{checked['without_receipt']} without one, {checked['receipt_deliveries']} e-mail delivery jobs for them "
        f"({'one each' if one_each else 'MISMATCH'}), rq queues {queued} "
        f"(no worker ran: queued and counted, not sent); applications in the database: "
        f"{checked['application_statuses']}"
    )
    errors = {
        f"{name}": s["by_status"]
        for name, s in [("bare insert", bare), *[(n, s) for n, s in table[1:-1]]]
        if s["by_status"]
    }
    print(f"errors by status: {errors or 'none'}")
    if setup.get("sessions") is not None:
        kept = options.workers * pool_size(options)
        print(
            f"PostgreSQL connections opened during the load: {setup['sessions']} (the workers keep up to {kept} open, "
            f"the CPU sampler 1; more means connections closed and opened again)"
        )
    sampler = setup["cpu"]
    for label, phase, count in (
        ("bare insert", "bare", bare["requests"]),
        ("applicants", "applicants", everything["requests"]),
    ):
        parts = [sampler.between(*w) for w in window[phase].values()]
        if None in parts or not count:
            continue
        cpu = {key: sum(part[key] for part in parts) for key in ("seconds", "gunicorn", "postgres", "load", "other")}
        cpu["capacity"] = sum(part["capacity"] for part in parts)
        cpu["busy"] = sum(part["busy"] * part["capacity"] for part in parts) / cpu["capacity"]
        print(
            f"CPU, {label} phase: machine {100 * cpu['busy']:.0f}% busy ({os.cpu_count()} cores); per request "
            f"gunicorn {1000 * cpu['gunicorn'] / count:.1f} ms, PostgreSQL {1000 * cpu['postgres'] / count:.1f} ms, "
            f"load generator {1000 * cpu['load'] / count:.1f} ms; other processes on the machine used "
            f"{100 * cpu['other'] / cpu['capacity']:.0f}% of it"
        )
    tail = [r for r in applicant_rows if r[2] > window["applicants"][_round(r)][1]]
    if tail:
        tail_errors = Counter(r[4] for r in tail if not 200 <= r[4] < 300)
        tail_latencies = sorted(r[3] for r in tail)
        drained = sum(p["drained"] - p["ended"] for p in results["phases"] if p["phase"] == "applicants")
        print(
            f"finishing tail (after the {seconds:.0f} s, applications in hand, falling load; not in the table): "
            f"{len(tail)} requests in {drained:.1f} s, "
            f"p95 {percentile(tail_latencies, 0.95):.0f} ms, errors {dict(tail_errors) or 0}"
        )
    cut_off = {f"{p['phase']} {p.get('round', 1)}": p["cut_off"] for p in results["phases"] if p["cut_off"]}
    if cut_off:
        print(f"users still busy when the grace period ended (cut off): {cut_off}")
    print()
    if len(rounds) > 1:
        ratio = statistics.median(r for *_, r in per_round)  # the target is judged on the rounds' median
    targets = [
        ("p95 of all applicant requests < 300 ms", everything["p95"] < 300, f"{everything['p95']:.0f} ms"),
        (
            "throughput >= half the bare endpoint's",
            ratio >= 0.5,
            f"ratio {ratio:.2f}{', the median of the rounds' if len(rounds) > 1 else ''}",
        ),
        ("no lost or duplicated submissions", not lost and not duplicated, f"{len(lost)} lost, {len(duplicated)} dup"),
    ]
    for label, met, value in targets:
        print(f"target {label}: {'met' if met else 'NOT met'} ({value})")


# --- the run -------------------------------------------------------------------------------------


def _folder(path: str) -> Path:
    folder = Path(path).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--applicants", type=int, default=50, help="concurrent applicants (and bare-insert users)")
    parser.add_argument("--duration", type=float, default=60, help="seconds of the applicant phase")
    parser.add_argument("--bare-duration", type=float, default=20, help="seconds of the bare insert phase")
    parser.add_argument("--warmup", type=float, default=3, help="seconds of unreported bare inserts first")
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="bare insert and applicants take turns this many times, each for 1/N of its duration (a drifting "
        "machine then slows both alike); the ratio target is judged on the rounds' median",
    )
    parser.add_argument("--think", type=float, default=0.5, help="mean think time between requests, seconds")
    parser.add_argument(
        "--bare-think", type=float, default=None, help="think time of the bare phase (default: --think)"
    )
    parser.add_argument("--saves-min", type=int, default=5)
    parser.add_argument("--saves-max", type=int, default=10)
    parser.add_argument("--double-submit", type=float, default=0.0, help="share of submits sent twice at once")
    parser.add_argument("--same-attachment", action="store_true", help="every applicant uploads the same bytes")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--worker-class", default="gthread", choices=("gthread", "sync"))
    parser.add_argument(
        "--pool-size",
        type=int,
        help="DATABASE_POOL_SIZE of the served app: connections each worker keeps open (default: its threads)",
    )
    parser.add_argument("--py-spy", metavar="PATH", help="profile the workers in the applicant phase with this py-spy")
    parser.add_argument(
        "--pyinstrument",
        metavar="FOLDER",
        help="profile every API request in the workers with pyinstrument; one text file per worker in FOLDER",
    )
    parser.add_argument("--keep", action="store_true", help="keep the database, queues and temporary folder")
    parser.add_argument("--json", help="also write the raw results here")
    options = parser.parse_args(argv)
    if options.saves_min < 1 or options.saves_max < options.saves_min:
        parser.error("need 1 <= --saves-min <= --saves-max")
    if options.rounds < 1:
        parser.error("need --rounds >= 1")

    run = uuid.uuid4().hex[:8]
    folder = Path(tempfile.mkdtemp(prefix=f"amif-bench-{run}-"))
    redis_url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    prefix = f"amif-bench-{run}"
    queues = ["default", "mail", "reports"]
    database = Database(run)
    gunicorn = None
    try:
        log(f"database {database.name}, temporary folder {folder}")
        database.create()
        config = seed_config(database, folder, redis_url, prefix, queues)
        # The call closes in an hour, or just after the run if that is longer.
        closes_at = datetime.now(UTC) + max(
            timedelta(hours=1), timedelta(seconds=options.warmup + options.bare_duration + options.duration + 600)
        )
        log(f"migrating and seeding {options.applicants} applicants")
        seeded = seed(config, options.applicants, closes_at)
        seed_file = folder / "seed.json"
        seed_file.write_text(json.dumps(seeded))

        port = free_port()
        environment = server_environment(database, folder, redis_url, prefix, queues, port)
        environment["DATABASE_POOL_SIZE"] = str(pool_size(options))
        if options.pyinstrument:
            environment["AMIF_BENCH_PYINSTRUMENT"] = str(_folder(options.pyinstrument))
        gunicorn = start_gunicorn(options, environment, port, folder)
        wait_ready(gunicorn, port, folder)
        log(f"gunicorn ready on 127.0.0.1:{port} (pid {gunicorn.pid}); load: bare insert, then applicants")

        out = folder / "results.json"
        load = [
            sys.executable,
            str(HERE / "applicants.py"),
            f"--host=http://127.0.0.1:{port}",
            f"--seed={seed_file}",
            f"--out={out}",
            f"--users={options.applicants}",
            f"--duration={options.duration}",
            f"--bare-duration={options.bare_duration}",
            f"--warmup={options.warmup}",
            f"--think={options.think}",
            f"--bare-think={options.think if options.bare_think is None else options.bare_think}",
            f"--saves-min={options.saves_min}",
            f"--saves-max={options.saves_max}",
            f"--double-submit={options.double_submit}",
            "--grace=60",
            f"--rounds={options.rounds}",
        ] + (["--same-attachment"] if options.same_attachment else [])
        limit = options.warmup + options.bare_duration + options.duration + options.rounds * 3 * 60 + 60
        sampler = CpuSampler(database)
        sessions_before = database.sessions()
        profiler = Profiler(options.py_spy, folder, options.duration) if options.py_spy else None
        returncode = sampler.run(
            gunicorn,
            subprocess.Popen(load, cwd=ROOT),  # noqa: S603
            limit,
            Path(f"{out}.phase"),
            profiler.on_phase if profiler else lambda phase, workers: None,
        )
        if returncode != 0:
            raise RuntimeError(f"the load generator failed ({returncode})")
        if profiler:
            profiler.wait()
        stop(gunicorn)
        gunicorn = None
        time.sleep(1)  # the workers' backends count their sessions as they exit
        sessions = database.sessions() - sessions_before if sessions_before is not None else None

        results = json.loads(out.read_text())
        checked = verify(database, seeded["tenant_id"])
        queued = redis_queues(redis_url, prefix, queues, delete=False)
        if options.json:
            Path(options.json).write_text(json.dumps({"results": results, "checked": checked, "queued": queued}))
        setup = {"postgres": database.server_version(), "cpu": sampler, "sessions": sessions}
        report(options, results, checked, queued, setup)
        if profiler:
            print()
            print("\n".join(profiler.summary()))
        if options.pyinstrument:
            written = sorted(Path(options.pyinstrument).glob("pyinstrument-*.txt"))
            print(f"\npyinstrument: {', '.join(str(path) for path in written) or 'nothing written'}")
        return 0
    finally:
        stop(gunicorn)
        if options.keep:
            log(f"kept: database {database.name}, queues {prefix}:*, folder {folder}")
        else:
            with suppress(Exception):
                redis_queues(redis_url, prefix, queues, delete=True)
            database.drop()
            for path in sorted(folder.rglob("*"), reverse=True):
                path.rmdir() if path.is_dir() else path.unlink()
            folder.rmdir()


if __name__ == "__main__":
    sys.exit(main())
