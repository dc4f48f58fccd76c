"""The periodic clean-up of old idempotency keys (per tenant, enqueued by ``amif scheduler``)."""

from __future__ import annotations

from service.idempotency.operations import forget_old_keys
from service.jobs.queue import job


@job("idempotency.forget_old_keys")
def forget_old_keys_job() -> dict:
    return {"forgotten": forget_old_keys()}
