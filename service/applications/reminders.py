"""Reminders before deadlines, once each (the key is the deadline's own): the members of an organisation
whose supplement is due soon, and those with a draft in a call that closes soon.

How long before: [U] product choices, not rules from the seeds — two days before a supplement deadline
(which is itself only five working days away), three days before a call closes.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from service.applications.models import Application, SupplementRequest
from service.calls.models import Call
from service.extensions import db
from service.jobs.queue import job
from service.notifications.operations import members_of, notify
from service.tenancy.model_base import utcnow

SUPPLEMENT_NOTICE = timedelta(days=2)
CLOSING_NOTICE = timedelta(days=3)


def remind(now=None) -> dict:
    now = now or utcnow()
    supplements = db.session.scalars(
        select(SupplementRequest).where(
            SupplementRequest.answered_at.is_(None),
            SupplementRequest.deadline > now,
            SupplementRequest.deadline <= now + SUPPLEMENT_NOTICE,
        )
    ).all()
    told = 0
    for request in supplements:
        application = request.application
        told += len(
            notify(
                members_of(application.organisation_id),
                "reminder_supplement",
                f"reminder:supplement:{request.id}",
                reference=application.reference,
                title=application.title,
                deadline=request.deadline.isoformat(),
                application_id=application.id,
            )
        )
    drafts = db.session.execute(
        select(Application, Call)
        .join(Call, Call.id == Application.call_id)
        .where(
            Application.status == "draft",
            Call.status == "published",
            Call.closes_at > now,
            Call.closes_at <= now + CLOSING_NOTICE,
        )
    ).all()
    for application, call in drafts:
        told += len(
            notify(
                members_of(application.organisation_id),
                "reminder_call_closing",
                f"reminder:closing:{application.id}:{call.closes_at.isoformat()}",
                call=call.reference,
                title=application.title,
                closes_at=call.closes_at.isoformat(),
                application_id=application.id,
            )
        )
    return {"supplements": len(supplements), "drafts": len(drafts), "notified": told}


# The job keeps the name it had when the notifications package sent the reminders: runs recorded under it
# stay known to the runner and the sweeper.
@job("notifications.send_reminders")
def send_reminders() -> dict:
    return remind()
