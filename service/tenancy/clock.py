"""The clock every timestamp and every "today" reads (service.tenancy.model_base.utcnow,
service.tenancy.current.tenant_today): the real one, except while the demo plays its history.

``amif demo`` (never in production) gives its projects a past: their call, applications and grants a year or so
before the day it is loaded, their claims and progress reports months before it. It does so by playing those steps
through the ordinary operations with the clock set back (:func:`played_at`): every rule is checked against the day
the step is played at, and every timestamp, ledger day and audit record tells that day, so the history is
consistent however it is read. The clock runs on from the instant it is set to, so steps keep their order."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime, time, timedelta
from time import monotonic
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

_PLAYED: ContextVar[tuple[datetime, float] | None] = ContextVar("amif_played_at", default=None)
PLAYED_TIME = time(10, 0)  # a step of the demo's history is played at 10:00 in the tenant's time zone


def now() -> datetime:
    """The current instant in UTC: the real one, or the played one while the demo plays its history."""
    played = _PLAYED.get()
    if played is None:
        return datetime.now(UTC)
    instant, began = played
    return instant + timedelta(seconds=monotonic() - began)


@contextmanager
def played_at(instant: datetime | None) -> Iterator[None]:
    """Within this block the clock reads ``instant`` (aware), running on from it; None keeps the real clock.
    Only for the demo's history: refused in production."""
    if instant is None:
        yield
        return
    if instant.tzinfo is None:
        raise ValueError("the demo's history is played at an aware instant")
    if has_app_context() and current_app.config.get("AMIF_ENV") == "production":
        raise RuntimeError("the clock is never set back in production")
    token = _PLAYED.set((instant.astimezone(UTC), monotonic()))
    try:
        yield
    finally:
        _PLAYED.reset(token)


def days_ago(days: int | None, zone: ZoneInfo) -> datetime | None:
    """10:00 in ``zone`` on the day ``days`` before today (the day the demo is loaded); None for None (played
    now)."""
    if days is None:
        return None
    day = now().astimezone(zone).date() - timedelta(days=int(days))
    return datetime.combine(day, PLAYED_TIME, tzinfo=zone)
