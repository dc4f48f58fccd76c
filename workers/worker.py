"""``amif worker``: an rq worker on the configured queues, after checking the database role.

It waits for PostgreSQL and Redis instead of exiting (Kubernetes would restart it in a loop): at start,
and again whenever rq's loop gives up on Redis. A stop request (SIGTERM) ends it as usual.
"""

from __future__ import annotations

import logging
import time

from redis import Redis
from rq import Worker
from rq.serializers import JSONSerializer

from service.outages import is_database_outage, is_redis_outage
from service.tenancy.database_check import verify_database_role
from workers.queues import connection, queue

log = logging.getLogger(__name__)
MAX_WAIT = 30.0  # seconds between two tries, at most
RESTART_PAUSE = 5.0  # seconds before rq's loop is started again after it stopped by itself


def start(app, *, burst: bool = False, queues: list[str] | None = None, sleep=time.sleep) -> bool:
    if not app.config["REDIS_URL"]:
        raise SystemExit("REDIS_URL is not set: the embedded default runs jobs in the web process")
    names = queues or app.config["AMIF_QUEUES"]
    while True:
        wait_for_dependencies(app, sleep=sleep)
        redis = connection(app)
        worker = Worker([queue(app, n, redis) for n in names], connection=redis, serializer=JSONSerializer)
        try:
            worked = worker.work(burst=burst, with_scheduler=True)
        except Exception as error:
            if not is_redis_outage(error):
                raise
            log.warning("worker: Redis went away (%s); waiting for it", error)
            continue
        if burst or worker._shutdown_requested_date is not None:  # rq notes SIGTERM / SIGINT (warm shutdown)
            return worked
        log.warning("worker: rq stopped its loop (Redis timed out?); starting again in %g s", RESTART_PAUSE)
        sleep(RESTART_PAUSE)  # a persistent error must not become a hot loop of new rq workers


def wait_for_dependencies(app, *, sleep=time.sleep) -> None:
    """Return once the database (as a safe role) and Redis answer; until then log and try again."""
    delay, logged = 1.0, None
    while True:
        missing = unavailable(app)
        if missing is None:
            if logged is not None:
                log.info("worker: PostgreSQL and Redis answer again")
            return
        if missing != logged:
            log.warning("worker: waiting for %s", missing)
            logged = missing
        sleep(delay)
        delay = min(delay * 2, MAX_WAIT)


def unavailable(app) -> str | None:
    """Which dependency does not answer, or None. An unsafe database role is no outage: it raises."""
    try:
        verify_database_role(app)
    except Exception as error:
        if not is_database_outage(error):
            raise
        return f"PostgreSQL ({type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''})"
    try:
        Redis.from_url(app.config["REDIS_URL"], socket_timeout=5, socket_connect_timeout=5).ping()
    except Exception as error:
        if not is_redis_outage(error):
            raise
        return f"Redis ({error})"
    return None
