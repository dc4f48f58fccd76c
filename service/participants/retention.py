"""The end of retention (CPR Art. 82): a project's participant rows are kept five years from 31 December of the
year in which the managing authority made its last payment to the beneficiary, then erased. Their counts stay
(as :class:`ParticipantTally`, added to any earlier tallies), so the project's figures never change, and each
erasure is recorded (:class:`ParticipantErasure`: the project, how many rows, the last payment, when, by what).

A project with no paid payment has no retention end yet. A later payment (a recovery repaid, a final balance)
moves the end on; rows registered after an erasure are erased by the next run."""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete, func, select

from service.claims.models import Payment
from service.extensions import db
from service.participants.models import Participant, ParticipantErasure, ParticipantIndicator, ParticipantTally
from service.tenancy.model_base import utcnow

YEARS = 5  # CPR Art. 82(1)


def retention_end(last_payment: date) -> date:
    """The first day after retention: 31 December of the last payment's year plus five years has passed."""
    return date(last_payment.year + YEARS, 12, 31)


def last_payments() -> dict[int, date]:
    """Each project's last paid payment's day."""
    rows = db.session.execute(
        select(Payment.project_id, func.max(Payment.paid_on))
        .where(Payment.status == "paid", Payment.paid_on.is_not(None))
        .group_by(Payment.project_id)
    ).all()
    return {project_id: paid_on for project_id, paid_on in rows}


def due(today: date) -> list[tuple[int, date]]:
    """Projects whose retention has ended and which still hold participant rows: (project id, last payment)."""
    holding = set(db.session.scalars(select(Participant.project_id).distinct()))
    return sorted(
        (project_id, paid_on)
        for project_id, paid_on in last_payments().items()
        if project_id in holding and today > retention_end(paid_on)
    )


def erase_project(project_id: int, last_payment: date, *, by: str) -> ParticipantErasure:
    """Move the project's counts into its tallies, delete its participant rows and record the erasure."""
    counts = db.session.execute(
        select(ParticipantIndicator.indicator_code, Participant.sex, Participant.age_band, func.count())
        .join(Participant, Participant.id == ParticipantIndicator.participant_id)
        .where(ParticipantIndicator.project_id == project_id)
        .group_by(ParticipantIndicator.indicator_code, Participant.sex, Participant.age_band)
    ).all()
    tallies = {
        (t.indicator_code, t.sex, t.age_band): t
        for t in db.session.scalars(select(ParticipantTally).where(ParticipantTally.project_id == project_id))
    }
    for code, sex, band, count in counts:
        tally = tallies.get((code, sex, band))
        if tally is None:
            db.session.add(
                ParticipantTally(project_id=project_id, indicator_code=code, sex=sex, age_band=band, count=count)
            )
        else:
            tally.count += count
    db.session.execute(
        delete(ParticipantIndicator)
        .where(ParticipantIndicator.project_id == project_id)
        .execution_options(synchronize_session=False)
    )
    erased = db.session.execute(
        delete(Participant).where(Participant.project_id == project_id).execution_options(synchronize_session=False)
    ).rowcount
    record = ParticipantErasure(
        project_id=project_id,
        participants=erased,
        last_payment=last_payment,
        retention_end=retention_end(last_payment),
        erased_at=utcnow(),
        erased_by=by,
    )
    db.session.add(record)
    db.session.flush()
    return record


def erase_due(today: date, *, by: str) -> list[ParticipantErasure]:
    return [erase_project(project_id, paid_on, by=by) for project_id, paid_on in due(today)]
