"""The list's periodic job: in each tenant, daily, remove the names whose two years are up and publish a new
edition when the last one is four months old (CPR Art. 49(3))."""

from service.jobs.queue import job

EVERY = 86400  # seconds: daily; an edition is due by the day, and the job does nothing until then


@job("publication.schedule")
def schedule() -> dict:
    from service.publication.operations import run_schedule

    return run_schedule()
