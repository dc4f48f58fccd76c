"""What one applicant request costs the app, in-process: CPU milliseconds and SQL statements per request.

    .venv/bin/python benchmarks/request_cost.py --applications 40
    .venv/bin/python benchmarks/request_cost.py --applications 40 --pyinstrument /tmp/cost.txt
    .venv/bin/python benchmarks/request_cost.py --applications 40 --calls
    .venv/bin/python benchmarks/request_cost.py --applications 60 --postgres-cpu
    .venv/bin/python benchmarks/request_cost.py --applications 20 --wal

The same database, seed and requests as ``deadline_peak.py`` (its ``Database`` and ``seed``, the
requests of ``applicant_flow.py``), sent one after another through Flask's test client to the app
``gunicorn`` serves there (``bench_app.py``: the production app of ``wsgi.py``, configured from the
same environment, ``AMIF_ENV=production``). No HTTP server, no concurrency and no think time: each
request's CPU time is the serving thread's own (``time.thread_time``), and its SQL statements are counted
(``X-Benchmark-SQL``). Other processes do not take that CPU time, but on a shared virtual machine the same
requests have taken from 5.5 to 8.8 ms of it an hour apart (the host's load): compare runs made one after the
other, or count with ``--calls`` the Python function calls of each request (cProfile), which are the same for
the same code and requests whatever the machine does. The first application is a
warm-up and is not counted. Asserts nothing; drops the database and the queues afterwards.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

import applicant_flow
from deadline_peak import (
    PHASES,
    ROOT,
    CpuSampler,
    Database,
    log,
    redis_queues,
    seed,
    seed_config,
    server_environment,
)
from sqlalchemy import create_engine, text


def _profiler(path: str | None):
    if not path:
        return None
    from pyinstrument import Profiler  # a development tool (requirements-dev.lock), imported only when asked
    from pyinstrument.stack_sampler import get_stack_sampler

    # Sample on this thread's CPU clock, not the wall clock: where the CPU goes, whatever the machine's load
    # (waits for PostgreSQL then take no samples).
    get_stack_sampler().timer_func = time.thread_time
    return Profiler(interval=0.0005)


class WalMeter:
    """Where PostgreSQL's write-ahead log is (``pg_current_wal_insert_lsn``, in bytes), read on a connection of its
    own: the log's bytes a request wrote are the difference around it. The log is the whole cluster's, so anything
    else writing to it meanwhile (another database's tests) is counted too: a figure for a quiet cluster."""

    def __init__(self, database: Database):
        self._engine = create_engine(database.admin.set(database=database.name), isolation_level="AUTOCOMMIT")
        self._connection = self._engine.connect()

    def position(self) -> int:
        return int(self._connection.execute(text("SELECT pg_current_wal_insert_lsn() - '0/0'::pg_lsn")).scalar())

    def close(self) -> None:
        self._connection.close()
        self._engine.dispose()


def measure(
    client,
    seeded: dict,
    options,
    shown: list[str] | None = None,
    profiler=None,
    backends: CpuSampler | None = None,
    wal: WalMeter | None = None,
) -> dict[str, list[tuple[float, float, int, int, float, int]]]:
    """Every request of ``options.applications`` applications (after one warm-up), then as many bare inserts
    (``bench_app.py``): per request name, (CPU ms, wall ms, SQL statements, Python calls or -1, PostgreSQL CPU ms or
    -1, bytes of write-ahead log or -1). With ``shown``
    (a list the engine's statements are appended to, see :func:`show_statements`), each request's statements are
    printed, once per request name. With ``profiler``, the measured requests named ``options.profile_only`` (all when it
    is empty) are profiled."""
    costs: dict[str, list[tuple[float, float, int, int, float, int]]] = defaultdict(list)
    counting = False
    base = f"/api/v1/{seeded['tenant']}/applications"

    def send(method, url, name, **kwargs):
        headers = {"Authorization": f"Bearer {me['token']}", **kwargs.pop("headers", {})}
        profiled = profiler is not None and counting and options.profile_only in ("", name)
        calls = cProfile.Profile() if options.calls and counting else None
        # Read before the profilers start: their counts and samples are the request's only.
        postgres = (
            backends.postgres(look_up=sum(map(len, costs.values())) % 50 == 0)
            if backends is not None and counting
            else None
        )
        logged = wal.position() if wal is not None and counting else None
        if profiled:
            profiler.start()
        if calls:
            calls.enable()
        cpu, wall = time.thread_time(), time.perf_counter()
        response = client.open(url, method=method, headers=headers, **kwargs)
        if calls:
            calls.disable()
        if profiled:
            profiler.stop()
        body = response.get_json(silent=True) or {}
        cpu, wall = time.thread_time() - cpu, time.perf_counter() - wall
        postgres = 1000 * (backends.postgres(look_up=False) - postgres) if postgres is not None else -1.0
        logged = wal.position() - logged if logged is not None else -1
        if counting:
            statements = int(response.headers.get("X-Benchmark-SQL", -1))
            called = sum(entry.callcount for entry in calls.getstats()) if calls else -1
            costs[name].append((1000 * cpu, 1000 * wall, statements, called, postgres, logged))
        if shown is not None:
            if counting and len(costs[name]) == 1:
                print(f"\n{method} {name}: {len(shown)} statements", *(f"  {s}" for s in shown), sep="\n")
            shown.clear()
        if response.status_code >= 400:
            raise RuntimeError(f"{name}: {response.status_code} {body}")
        return response.status_code, body

    def submit(record, url, body):
        record["submit"] = [send("POST", url, "submit", json=body)[0]]

    for number in range(options.applications + 1):
        counting = number > 0
        me = seeded["applicants"][number % len(seeded["applicants"])]
        record = {"application_id": None, "submit": [], "failed_at": None}
        applicant_flow.apply(record, base, seeded, me, options, send, lambda: None, submit)
        if record["submit"] != [201]:
            raise RuntimeError(f"application {number}: {record}")
    requests = sum(len(rows) for rows in costs.values())
    for _ in range(requests if counting else 1):
        send("POST", f"/benchmark/{seeded['tenant']}/insert", "bare insert", data=b"")
    return costs


def _line(name: str, rows, options) -> None:
    cpu, wall, sql, calls, postgres, logged = zip(*rows, strict=True)
    line = (
        f"{name:<24}{len(rows):>7}{statistics.fmean(cpu):>9.2f}{statistics.median(cpu):>9.2f}"
        f"{statistics.fmean(wall):>9.2f}{statistics.fmean(sql):>9.2f}"
    )
    line += f"{statistics.fmean(calls):>11.0f}" if options.calls else ""
    line += f"{statistics.fmean(postgres):>9.2f}" if options.postgres_cpu else ""
    print(line + (f"{statistics.fmean(logged):>9.0f}" if options.wal else ""))


def show_statements(engine) -> list[str]:
    """The engine's statements, one line each, appended to the list returned (for ``--show-sql``)."""
    from sqlalchemy import event

    shown: list[str] = []

    def _append(conn, cursor, statement, parameters, context, executemany):
        shown.append(" ".join(statement.split())[:2000])

    event.listen(engine, "before_cursor_execute", _append)
    return shown


def report(costs: dict[str, list[tuple[float, float, int, int, float, int]]], options) -> None:
    print()
    print(
        f"AMIF Hub applicant requests in-process: {options.applications} applications, "
        f"{options.saves_min}-{options.saves_max} autosaves each, one request at a time (thread CPU time)"
    )
    header = f"{'request':<24}{'count':>7}{'CPU ms':>9}{'CPU p50':>9}{'wall ms':>9}{'SQL/req':>9}"
    if options.calls:
        header += f"{'calls/req':>11}"
    if options.postgres_cpu:
        header += f"{'PG ms':>9}"
    if options.wal:
        header += f"{'WAL B':>9}"
    print(header)
    print("-" * len(header))
    everything = []
    for name in PHASES:
        rows = costs.get(name)
        if not rows:
            continue
        everything += rows
    for name, rows in [*((n, costs[n]) for n in PHASES if costs.get(n)), ("all applicant requests", everything)]:
        _line(name, rows, options)
    _line("bare insert", costs["bare insert"], options)
    ratio = statistics.fmean(r[0] for r in costs["bare insert"]) / statistics.fmean(r[0] for r in everything)
    print(f"CPU per bare insert / CPU per applicant request: {ratio:.2f}")
    if options.calls:
        calls = statistics.fmean(r[3] for r in costs["bare insert"]) / statistics.fmean(r[3] for r in everything)
        print(
            f"Python calls per bare insert / per applicant request: {calls:.2f} (cProfile's count of function calls "
            "in the serving thread: the same for the same code and requests, whatever the machine's load; the CPU "
            "columns then include the profiler's own cost)"
        )
    if options.postgres_cpu:
        postgres = statistics.fmean(r[4] for r in costs["bare insert"]) / statistics.fmean(r[4] for r in everything)
        machine = statistics.fmean(r[0] + r[4] for r in costs["bare insert"]) / statistics.fmean(
            r[0] + r[4] for r in everything
        )
        print(
            f"PostgreSQL CPU per bare insert / per applicant request: {postgres:.2f}; the serving thread's and "
            f"PostgreSQL's together: {machine:.2f} (PG ms: the backends' CPU, read in 10 ms ticks around each "
            "request: the mean over many requests is unbiased, a single request's is not)"
        )
    if options.wal:
        print(
            "WAL B: bytes of PostgreSQL's write-ahead log written during the request (the cluster's: on a quiet "
            "cluster, the request's; the same for the same requests whatever the machine's speed)"
        )
    print(
        "CPU ms: the serving thread's CPU time (Flask's test client included, no HTTP server, no access log); "
        "wall ms adds the waits for PostgreSQL and for the CPU (this one depends on the machine's load)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--applications", type=int, default=40, help="applications measured (after one warm-up)")
    parser.add_argument("--applicants", type=int, default=10, help="seeded applicants, taking turns")
    parser.add_argument("--saves-min", type=int, default=5)
    parser.add_argument("--saves-max", type=int, default=10)
    parser.add_argument("--pyinstrument", metavar="FILE", help="profile the measured requests; the text goes here")
    parser.add_argument("--profile-only", metavar="NAME", default="", help="with --pyinstrument: only this request")
    parser.add_argument("--show-sql", action="store_true", help="print the SQL statements of each kind of request")
    parser.add_argument(
        "--calls",
        action="store_true",
        help="count the Python function calls of each request (cProfile): a figure the machine's load does not move",
    )
    parser.add_argument(
        "--postgres-cpu",
        action="store_true",
        help="also the PostgreSQL backends' CPU per request (from /proc, in 10 ms ticks: a mean over many requests)",
    )
    parser.add_argument(
        "--wal",
        action="store_true",
        help="also the bytes of write-ahead log PostgreSQL wrote per request (the cluster's: run it on a quiet one)",
    )
    options = parser.parse_args(argv)
    options.same_attachment = False
    if options.applications < 1 or options.saves_min < 1 or options.saves_max < options.saves_min:
        parser.error("need --applications >= 1 and 1 <= --saves-min <= --saves-max")

    run = uuid.uuid4().hex[:8]
    folder = Path(tempfile.mkdtemp(prefix=f"amif-cost-{run}-"))
    redis_url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    prefix, queues = f"amif-bench-{run}", ["default", "mail", "reports"]
    database = Database(run)
    try:
        log(f"database {database.name}, temporary folder {folder}")
        database.create()
        closes_at = datetime.now(UTC) + timedelta(hours=1)
        seeded = seed(seed_config(database, folder, redis_url, prefix, queues), options.applicants, closes_at)
        os.environ.update(server_environment(database, folder, redis_url, prefix, queues, 80))
        sys.path.insert(0, str(ROOT))  # wsgi.py, which bench_app.py serves
        from benchmarks.bench_app import app
        from service.extensions import db

        profiler = _profiler(options.pyinstrument)
        with app.test_client() as client:
            first = {**vars(options), "applications": 0}
            measure(client, seeded, argparse.Namespace(**first))  # warm-up: imports, compiled templates, pools
            if options.show_sql:
                with app.app_context():
                    shown = show_statements(db.engine)
            backends = CpuSampler(database) if options.postgres_cpu else None
            wal = WalMeter(database) if options.wal else None
            costs = measure(client, seeded, options, shown if options.show_sql else None, profiler, backends, wal)
            for meter in (backends, wal):
                if meter is not None:
                    meter.close()
        with app.app_context():
            db.engine.dispose()
        report(costs, options)
        if profiler:
            Path(options.pyinstrument).write_text(profiler.output_text(show_all=False, color=False), encoding="utf-8")
            flat = Path(options.pyinstrument).with_suffix(".flat.txt")  # each function's own time, largest first
            flat.write_text(profiler.output_text(color=False, flat=True, show_all=True), encoding="utf-8")
            print(f"pyinstrument: {options.pyinstrument} (the tree), {flat} (each function's own time)")
        return 0
    finally:
        redis_queues(redis_url, prefix, queues, delete=True)
        database.drop()
        for path in sorted(folder.rglob("*"), reverse=True):
            path.rmdir() if path.is_dir() else path.unlink()
        folder.rmdir()


if __name__ == "__main__":
    sys.exit(main())
