"""The end of retention (CPR Art. 82: kept five years from 31 December of the year of the MA's last payment to the
beneficiary): the daily job erases the project's participant rows, keeps their counts as tallies (added to any
earlier ones), and records what it erased; a project paid more recently keeps its rows."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from service.claims.models import Payment
from service.extensions import db
from service.jobs.queue import enqueue
from service.participants import retention
from service.participants.models import Participant, ParticipantErasure, ParticipantTally
from service.participants.tasks import RETENTION_JOB
from service.tenancy.scope import tenant_scope
from tests.applications_support import run_jobs
from tests.claims_support import (  # noqa: F401 - fixtures
    admin_headers,
    api,
    applicant,
    assessed,
    claimable,
    open_call,
    organisation,
    person_of,
    ready_to_score,
)
from tests.conftest import tenant_id
from tests.participants_support import person


def test_the_retention_end_is_five_years_from_the_end_of_the_last_payments_year():
    # CPR Art. 82(1): 31 December of the year of the last payment, plus five years.
    assert retention.retention_end(date(2019, 3, 15)) == date(2024, 12, 31)
    assert retention.retention_end(date(2019, 12, 31)) == date(2024, 12, 31)


def _paid(app, project_id: int, paid_on: date, user_id: int) -> None:
    """A paid interim payment of the project, written directly (the claims' own tests cover how it is made)."""
    with app.app_context(), tenant_scope(tenant_id(app, "fi")):
        count = db.session.scalar(select(db.func.count(Payment.id)).where(Payment.project_id == project_id))
        db.session.add(
            Payment(
                project_id=project_id,
                reference=f"P{project_id}-R{count + 1}",
                kind="interim",
                status="paid",
                currency="EUR",
                entitlement=Decimal("1000.00"),
                amount=Decimal("1000.00"),
                prepared_by=user_id,
                approved_by=user_id,
                paid_by=user_id,
                paid_on=paid_on,
            )
        )
        db.session.commit()


def _run_retention(app, key: str) -> None:
    with app.app_context(), tenant_scope(tenant_id(app, "fi")):
        enqueue(RETENTION_JOB, key=key)
        db.session.commit()
    assert run_jobs(app, "fi", RETENTION_JOB)


def test_rows_are_erased_after_retention_and_their_counts_kept(app, client, claimable):
    old, recent = claimable("fi"), claimable("fi")
    for setup in (old, recent):
        base = f"{api('fi')}/projects/{setup['project']['id']}/participants"
        mine = setup["beneficiary"]["headers"]
        for body in (
            {**person(), "indicators": ["O.2.3.1"]},
            {**person(first="Eino", born="2012-01-01", sex="man"), "indicators": ["O.2.3.2"]},
        ):
            assert client.post(base, json=body, headers=mine).status_code == 201
    officer = old["officer"]["id"]
    _paid(app, old["project"]["id"], date(2018, 6, 1), officer)
    _paid(app, old["project"]["id"], date(2019, 2, 1), officer)  # the last payment: retention ended 31.12.2024
    _paid(app, recent["project"]["id"], date(2019, 2, 1), officer)
    _paid(app, recent["project"]["id"], date(2025, 2, 1), officer)  # retention runs to 31.12.2030
    counts_url = f"{api('fi')}/projects/{old['project']['id']}/participants/counts"
    before = client.get(counts_url, headers=old["beneficiary"]["headers"]).json

    _run_retention(app, "first")
    after = client.get(counts_url, headers=old["beneficiary"]["headers"]).json
    assert after == before  # the figures never change
    with app.app_context(), tenant_scope(tenant_id(app, "fi")):
        rows = {p.project_id for p in db.session.scalars(select(Participant))}
        assert old["project"]["id"] not in rows and recent["project"]["id"] in rows
        [erasure] = db.session.scalars(
            select(ParticipantErasure).where(ParticipantErasure.project_id == old["project"]["id"])
        ).all()
        assert (erasure.participants, erasure.last_payment, erasure.retention_end, erasure.erased_by) == (
            2,
            date(2019, 2, 1),
            date(2024, 12, 31),
            RETENTION_JOB,
        )
    # Someone registered after the erasure is erased by the next run; the tallies grow, the figures add up.
    base = f"{api('fi')}/projects/{old['project']['id']}/participants"
    late = {**person(first="Liisa", last="Korhonen"), "indicators": ["O.2.3.1"]}
    assert client.post(base, json=late, headers=old["beneficiary"]["headers"]).status_code == 201
    _run_retention(app, "second")
    final = client.get(counts_url, headers=old["beneficiary"]["headers"]).json
    assert final["O.2.3"]["total"] == 3 and final["O.2.3.1"]["total"] == 2
    with app.app_context(), tenant_scope(tenant_id(app, "fi")):
        tallies = db.session.scalars(
            select(ParticipantTally).where(
                ParticipantTally.project_id == old["project"]["id"],
                ParticipantTally.indicator_code == "O.2.3",
                ParticipantTally.sex == "woman",
                ParticipantTally.age_band == "18_60",
            )
        ).all()
        assert [t.count for t in tallies] == [2]  # Anna, then Liisa, added to the same tally
        erasures = db.session.scalars(
            select(ParticipantErasure.participants)
            .where(ParticipantErasure.project_id == old["project"]["id"])
            .order_by(ParticipantErasure.id)
        ).all()
        assert erasures == [2, 1]
