"""Named rq queues on Redis, JSON-serialised (never pickle), and the hand-off of committed jobs to them.

Handing a job to Redis is delivery, not the job itself: the job is its row (service.jobs.models), committed
with the request that asked for it. So a hand-off has a short timeout and never raises. When Redis does
not answer, hand-offs pause for a few seconds (a request during a Redis outage costs no waiting) and the
sweeper (service.jobs.sweeper) hands the job over when Redis answers again.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import UTC, datetime, timedelta

from redis import Redis
from redis.backoff import NoBackoff
from redis.exceptions import RedisError
from redis.retry import Retry as RedisRetry
from rq import Queue, Retry
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus
from rq.registry import ScheduledJobRegistry
from rq.serializers import JSONSerializer

log = logging.getLogger(__name__)

# Retries after 10 s, 1 min and 5 min; a job that still fails stays visible as failed.
RETRY = Retry(max=3, interval=[10, 60, 300])
OVERDUE = timedelta(seconds=60)  # a retry this late was dropped by rq's scheduler: the sweeper sends it


def connection(app) -> Redis:
    return Redis.from_url(app.config["REDIS_URL"])


def queue_name(app, name: str) -> str:
    return f"{app.config['AMIF_QUEUE_PREFIX']}:{name}"


def queue(app, name: str, redis: Redis | None = None) -> Queue:
    return Queue(queue_name(app, name), connection=redis or connection(app), serializer=JSONSerializer)


class RqDispatcher:
    """Hands committed job runs to rq (the rq job id is the run's id)."""

    def __init__(self, app):
        self.app = app
        self.timeout = float(app.config["AMIF_HANDOFF_TIMEOUT"])
        self.pause = float(app.config["AMIF_HANDOFF_PAUSE"])
        self._paused_until = 0.0
        self._redis: Redis | None = None
        self._lock = threading.Lock()

    def _connection(self) -> Redis:
        with self._lock:
            if self._redis is None:
                self._redis = Redis.from_url(
                    self.app.config["REDIS_URL"],
                    socket_timeout=self.timeout,
                    socket_connect_timeout=self.timeout,
                    retry=RedisRetry(NoBackoff(), 0),  # one try: the sweeper is the retry
                )
            return self._redis

    def hand_off(self, job_id: str, scope_setting: str, queue_key: str) -> bool:
        """Give the run to its rq queue; False (never an exception) when Redis does not take it now."""
        if time.monotonic() < self._paused_until:
            return False
        try:
            queue(self.app, queue_key, self._connection()).enqueue(
                "workers.runner.run_job",
                job_id,
                scope_setting,
                job_id=job_id,
                retry=RETRY,
                meta={"scope": scope_setting},
                failure_ttl=7 * 24 * 3600,
                result_ttl=24 * 3600,
            )
        except RedisError as error:
            self._paused_until = time.monotonic() + self.pause
            log.warning("Redis did not take job %s (%s); the sweeper hands it over when Redis answers", job_id, error)
            return False
        self._paused_until = 0.0
        return True

    def states(self, job_ids: list[str]) -> dict[str, str | None]:
        """What rq knows of each run: its rq status, None when Redis holds no such job (lost), or "overdue"
        for a retry whose time passed more than OVERDUE ago (rq's scheduler died, e.g. with a Redis outage,
        and its worker restarts it only in its 10-minute maintenance)."""
        if not job_ids:
            return {}
        redis = self._connection()
        jobs = Job.fetch_many(job_ids, connection=redis, serializer=JSONSerializer)
        self._paused_until = 0.0  # Redis answered: hand-offs may go again
        states = {}
        for job_id, job in zip(job_ids, jobs, strict=True):
            status = job.get_status(refresh=False) if job is not None else None
            if status == JobStatus.SCHEDULED and self._overdue(job, redis):
                status = "overdue"
            states[job_id] = status
        return states

    def _overdue(self, job: Job, redis: Redis) -> bool:
        """A retry past its time by more than OVERDUE leaves rq's schedule here: the sweeper sends it now, and
        a revived rq scheduler cannot send it a second time."""
        schedule = ScheduledJobRegistry(job.origin, connection=redis)
        try:
            due = schedule.get_scheduled_time(job.id)
        except NoSuchJobError:
            return True  # scheduled, yet in no schedule: nothing will move it
        if due >= datetime.now(UTC) - OVERDUE:
            return False
        schedule.remove(job.id)
        return True

    def in_flight(self, job_ids: list[str]) -> set[str]:
        """rq cannot tell a live run from one whose worker was killed: the run's lease does."""
        return set()
