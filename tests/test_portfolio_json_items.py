"""The portfolio's indicator sums are computed by the database from the frozen documents' JSON
(service.portfolio.json_items): PostgreSQL with ``json_to_recordset``, SQLite with ``json_each``. Both must count as
the rule says — an item counts when its code is present and not empty and its value is not null; a value is a JSON
number or a string of digits; a code is flagged when any of its items has the flag true — over the same documents.
This module checks PostgreSQL; tests/test_portfolio_embedded.py calls the same check on the embedded default."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from service.extensions import db
from service.portfolio.json_items import item_sums
from service.reports.models import ProgressReport, ReportSubmission
from service.tenancy.scope import tenant_scope
from tests.conftest import tenant_id

DOCUMENTS = (
    {
        "indicators": [
            {"code": "O.1.1", "achieved": 3, "participant": False},
            {"code": "O.1.1", "achieved": "4"},  # a string of digits counts as its number
            {"code": "R.1.5", "achieved": 2, "participant": True},
            {"code": "", "achieved": 9},  # no code: not counted
            {"code": "O.1.2", "achieved": None},  # no value: not counted
            {"achieved": 7},  # no code at all
        ]
    },
    {"indicators": []},
    {"summary": "a document without indicators"},
    {"indicators": [{"code": "R.1.5", "achieved": 5, "participant": False}, {"code": "O.1.2", "achieved": 0}]},
)


def by_the_rule(documents) -> tuple[dict[str, int], set[str]]:
    """The rule as Python states it (the portfolio summed this way before the database did)."""
    sums: dict[str, int] = {}
    flagged: set[str] = set()
    for document in documents:
        for item in document.get("indicators", []):
            if item.get("code") and item.get("achieved") is not None:
                sums[item["code"]] = sums.get(item["code"], 0) + int(item["achieved"])
                if item.get("participant") is True:
                    flagged.add(item["code"])
    return sums, flagged


def assert_item_sums_follow_the_rule(application, code: str) -> None:
    """Adds DOCUMENTS as submissions of one of the tenant's reports, sums them in the database, rolls back."""
    with application.app_context(), tenant_scope(tenant_id(application, code)):
        report = db.session.scalar(select(ProgressReport).order_by(ProgressReport.id).limit(1))
        assert report is not None, "the demo has progress reports"
        added = [
            ReportSubmission(
                report_id=report.id,
                sequence=1000 + number,
                receipt=f"TEST-{number}",
                submitted_by=1,
                submitted_at=datetime(2026, 1, 1, tzinfo=UTC),
                content=document,
                content_sha256="0" * 64,
            )
            for number, document in enumerate(DOCUMENTS)
        ]
        db.session.add_all(added)
        db.session.flush()
        try:
            ids = select(ReportSubmission.id).where(ReportSubmission.id.in_([s.id for s in added]))
            found = item_sums(ReportSubmission.content, ids, array="indicators", value="achieved", flag="participant")
            assert found == by_the_rule(DOCUMENTS) == ({"O.1.1": 7, "R.1.5": 7, "O.1.2": 0}, {"R.1.5"})
            without_flag = item_sums(ReportSubmission.content, ids, array="indicators", value="achieved")
            assert without_flag == ({"O.1.1": 7, "R.1.5": 7, "O.1.2": 0}, set())
            nothing = item_sums(
                ReportSubmission.content, ids.where(ReportSubmission.id < 0), array="indicators", value="achieved"
            )
            assert nothing == ({}, set())
        finally:
            db.session.rollback()


def test_indicator_sums_on_postgresql_follow_the_rule(app):
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql")
    assert_item_sums_follow_the_rule(app, "fi")
