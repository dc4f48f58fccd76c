"""Idempotency keys plug themselves in: old keys are forgotten every hour, in each tenant."""

from service.domains import Domain, Periodic
from service.idempotency import models, tasks

DOMAIN = Domain(
    name="idempotency",
    models=(models,),
    jobs=(tasks.forget_old_keys_job,),
    periodic=(Periodic("idempotency.forget_old_keys", every=3600, per_tenant=True),),
)
