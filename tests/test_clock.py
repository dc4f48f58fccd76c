"""The clock (service.tenancy.clock): the real one, except within ``played_at``, which the demo uses to play its
history; it runs on from the instant set, is never naive, and is refused in production."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask

from service.tenancy.clock import days_ago, played_at
from service.tenancy.model_base import utcnow

PLAYED = datetime(2025, 3, 14, 9, 0, tzinfo=UTC)  # any instant in the past


def test_played_at_sets_the_clock_back_and_lets_it_run_on():
    with played_at(PLAYED):
        first = utcnow()
        second = utcnow()
        assert PLAYED <= first <= second < PLAYED + timedelta(minutes=1)
    assert utcnow() - datetime.now(UTC) < timedelta(seconds=1)  # the real clock again
    with played_at(None):  # nothing to play: the real clock
        assert utcnow() > PLAYED + timedelta(days=1)


def test_days_ago_counts_from_the_clock_s_today_at_ten_in_the_zone():
    from zoneinfo import ZoneInfo

    stockholm = ZoneInfo("Europe/Stockholm")
    with played_at(PLAYED):
        day = days_ago(30, stockholm)
    assert day == datetime(2025, 2, 12, 10, 0, tzinfo=stockholm)  # 14 March − 30 days, 10:00 local
    assert days_ago(None, stockholm) is None


def test_the_clock_is_never_set_back_to_a_naive_instant_nor_in_production():
    with pytest.raises(ValueError):
        with played_at(datetime(2025, 3, 14, 9, 0)):
            pass
    production = Flask(__name__)
    production.config["AMIF_ENV"] = "production"
    with production.app_context(), pytest.raises(RuntimeError, match="production"):
        with played_at(PLAYED):
            pass
    assert utcnow() > PLAYED + timedelta(days=1)
