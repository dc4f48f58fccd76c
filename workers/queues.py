"""Named rq queues on Redis, JSON-serialised (never pickle)."""

from __future__ import annotations

from redis import Redis
from rq import Queue, Retry
from rq.serializers import JSONSerializer

# Retries after 10 s, 1 min and 5 min; a job that still fails stays visible as failed.
RETRY = Retry(max=3, interval=[10, 60, 300])


def connection(app) -> Redis:
    return Redis.from_url(app.config["REDIS_URL"])


def queue_name(app, name: str) -> str:
    return f"{app.config['AMIF_QUEUE_PREFIX']}:{name}"


def queue(app, name: str, redis: Redis | None = None) -> Queue:
    return Queue(queue_name(app, name), connection=redis or connection(app), serializer=JSONSerializer)


def dispatch_to_rq(app):
    def dispatch(job_id: str, scope_setting: str, queue_key: str) -> None:
        queue(app, queue_key).enqueue(
            "workers.runner.run_job",
            job_id,
            scope_setting,
            job_id=job_id,
            retry=RETRY,
            meta={"scope": scope_setting},
            failure_ttl=7 * 24 * 3600,
            result_ttl=24 * 3600,
        )

    return dispatch
