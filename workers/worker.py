"""``amif worker``: an rq worker on the configured queues, after checking the database role."""

from __future__ import annotations

from rq import Worker
from rq.serializers import JSONSerializer

from service.tenancy.database_check import verify_database_role
from workers.queues import connection, queue


def start(app, *, burst: bool = False, queues: list[str] | None = None) -> bool:
    if not app.config["REDIS_URL"]:
        raise SystemExit("REDIS_URL is not set: the embedded default runs jobs in the web process")
    verify_database_role(app)
    redis = connection(app)
    names = queues or app.config["AMIF_QUEUES"]
    worker = Worker([queue(app, n, redis) for n in names], connection=redis, serializer=JSONSerializer)
    return worker.work(burst=burst, with_scheduler=True)
