"""The claims' background work: convert the ledger entries that waited for their month's exchange rate."""

from __future__ import annotations

from service.claims import ledger
from service.jobs.queue import job

EVERY = 3600  # seconds: a rate loaded today converts what waited for it within the hour


@job("claims.convert_pending")
def convert_pending() -> dict:
    """In each tenant's scope: the entries whose month's rate has since been loaded, converted and frozen."""
    return {"converted": ledger.convert_pending()}
