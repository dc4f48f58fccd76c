"""The benchmark's WSGI entry point: the production app of ``wsgi.py`` plus one bare route.

``gunicorn benchmarks.bench_app:app`` serves exactly what ``gunicorn wsgi:app`` serves (same
factory, same refusal to start as the table owner, same hooks) and additionally
``POST /benchmark/<tenant>/insert``, which does the least a tenant write can do through the same
request machinery: the tenant is resolved from the URL and its scope entered (so the
transaction sets ``app.tenant_id`` and row-level security applies), one row is inserted, and
the framework's after-request hook commits once. No token check, no audit entry, no JSON
schema: it is the floor under which no tenant write can go.

The row is a ``job_runs`` row named ``benchmark.insert`` with status ``finished``: an existing,
small, tenant-scoped table that is not audited, so no migration is needed, and the row is
never dispatched to a queue (``enqueue`` is not called). The benchmark drops its database
afterwards; with ``--keep`` the rows stay, recognisable by their name.

The route lives here and only here: the service itself (``wsgi.py``, ``service/``) never has it.

Every response also carries ``X-Benchmark-SQL``: how many SQL statements the request executed
(SQLAlchemy's ``before_cursor_execute``; BEGIN, COMMIT and the pool's ping are not statements
there). Counted around the whole WSGI call, so the statements of the commit hook count too.

With ``AMIF_BENCH_PYINSTRUMENT`` set to a folder (``deadline_peak.py --pyinstrument``), every request under
``/api/`` is profiled by pyinstrument in the thread that serves it (pyinstrument samples the thread that started
it; each serving thread keeps its own profiler, started and stopped around each request, whose sessions
pyinstrument combines); when the worker exits, the threads' sessions are combined and written as text, one file
per worker process: where the workers' time goes while they serve applicants (py-spy needs ptrace, refused here).
"""

from __future__ import annotations

import atexit
import os
import threading
import uuid
from contextvars import ContextVar
from functools import reduce
from pathlib import Path

from flask import Blueprint, g, jsonify
from sqlalchemy import event

from service.extensions import csrf, db
from service.jobs.models import JobRun
from service.tenancy.requests import bind_tenant_urls
from wsgi import app

NAME = "benchmark.insert"

bare = Blueprint("benchmark", __name__, url_prefix="/benchmark/<tenant>")
bind_tenant_urls(bare)


@bare.before_request
def _json_errors():
    g.is_api = True


@bare.post("/insert")
def insert():
    row_id = uuid.uuid4().hex
    db.session.add(JobRun(id=row_id, dedupe_key=f"benchmark:{row_id}", name=NAME, arguments={}, status="finished"))
    db.session.flush()
    return jsonify({"id": row_id}), 201


csrf.exempt(bare)  # no cookies, no session: nothing to forge
app.register_blueprint(bare)


_statements: ContextVar[list[int] | None] = ContextVar("benchmark_sql_statements", default=None)


def _count(conn, cursor, statement, parameters, context, executemany):
    counter = _statements.get()
    if counter is not None:
        counter[0] += 1


class CountStatements:
    """WSGI middleware: the number of SQL statements of the request, in a response header."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        counter = [0]
        token = _statements.set(counter)

        def start(status, headers, exc_info=None):
            headers.append(("X-Benchmark-SQL", str(counter[0])))
            return start_response(status, headers, exc_info)

        try:
            return self.wsgi_app(environ, start)
        finally:
            _statements.reset(token)


with app.app_context():
    event.listen(db.engine, "before_cursor_execute", _count)
app.wsgi_app = CountStatements(app.wsgi_app)


class ProfileRequests:
    """WSGI middleware: pyinstrument around each API request, per serving thread; the combined profile is written
    to ``folder/pyinstrument-<pid>.txt`` when the worker exits."""

    def __init__(self, wsgi_app, folder: str):
        from pyinstrument import Profiler  # a development tool (requirements-dev.lock), imported only when asked

        self.wsgi_app, self.folder, self.profiler_class = wsgi_app, Path(folder), Profiler
        self.local = threading.local()
        self.profilers: list = []
        self.lock = threading.Lock()
        atexit.register(self.write)

    def __call__(self, environ, start_response):
        if not environ.get("PATH_INFO", "").startswith("/api/"):
            return self.wsgi_app(environ, start_response)
        profiler = getattr(self.local, "profiler", None)
        if profiler is None:
            profiler = self.local.profiler = self.profiler_class(interval=0.001)
            with self.lock:
                self.profilers.append(profiler)
        profiler.start()
        try:
            return list(self.wsgi_app(environ, start_response))  # the body is made inside the profiled span
        finally:
            profiler.stop()

    def write(self) -> None:
        from pyinstrument.session import Session

        sessions = [p.last_session for p in self.profilers if p.last_session is not None]
        if sessions:
            combined = reduce(Session.combine, sessions)
            profiler = self.profiler_class()
            profiler._last_session = combined  # noqa: SLF001 - pyinstrument renders a session through a profiler
            path = self.folder / f"pyinstrument-{os.getpid()}.txt"
            path.write_text(profiler.output_text(show_all=False, color=False), encoding="utf-8")


if os.environ.get("AMIF_BENCH_PYINSTRUMENT"):
    app.wsgi_app = ProfileRequests(app.wsgi_app, os.environ["AMIF_BENCH_PYINSTRUMENT"])
