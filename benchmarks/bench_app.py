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
"""

from __future__ import annotations

import uuid
from contextvars import ContextVar

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
