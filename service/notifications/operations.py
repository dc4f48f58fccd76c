"""Telling people things: one notification per person and key, delivered in the app at once and by
e-mail through the background queue. Whatever asks twice with the same key (a retried job, a repeated
request) tells each person once."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from service.accounts.models import User
from service.extensions import db
from service.jobs.queue import enqueue
from service.notifications.models import Notification
from service.organisations.models import Membership
from service.tenancy.model_base import utcnow


def notify(users, kind: str, key: str, *, new_key: bool = False, **params) -> list[Notification]:
    """A notification of this kind to each active person, unless they already have one with this key.

    ``new_key``: the key names something made in this very transaction (a submission's receipt: its id is new), so
    nobody can have a notification with it yet, nor its e-mail a job: both are written at once, without looking for
    them first and without a savepoint (three statements fewer per person; a submit is the busiest write before a
    deadline)."""
    created = []
    for user in users:
        if not user.active:
            continue
        notification = Notification(user_id=user.id, key=key, kind=kind, params=params, created_at=utcnow())
        if new_key:
            db.session.add(notification)
            db.session.flush()
        elif not _told(user, key, notification):
            continue
        enqueue("notifications.deliver", key=str(notification.id), new_key=True, notification_id=notification.id)
        created.append(notification)
    return created


def _told(user, key: str, notification: Notification) -> bool:
    """Whether ``notification`` was written: not when the person has one with this key already."""
    exists = db.session.scalar(select(Notification.id).where(Notification.user_id == user.id, Notification.key == key))
    if exists is not None:
        return False
    try:
        with db.session.begin_nested():  # someone else's transaction may have told them just now
            db.session.add(notification)
    except IntegrityError:
        return False
    return True


def members_of(organisation_id: int) -> list[User]:
    """The active people who act for an organisation."""
    return list(
        db.session.scalars(
            select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.organisation_id == organisation_id, User.active.is_(True))
            .order_by(User.id)
        )
    )


def notifications_for(user, *, limit: int = 200) -> list[Notification]:
    return list(
        db.session.scalars(
            select(Notification)
            .where(Notification.user_id == user.id)
            .order_by(Notification.created_at.desc(), Notification.id.desc())
            .limit(limit)
        )
    )


def unread_count(user) -> int:
    from sqlalchemy import func

    return db.session.scalar(
        select(func.count(Notification.id)).where(Notification.user_id == user.id, Notification.read_at.is_(None))
    )


def mark_read(notifications: list[Notification]) -> None:
    now = utcnow()
    for notification in notifications:
        if notification.read_at is None:
            notification.read_at = now
    db.session.flush()


def unread_for_current_user() -> int:
    """For the menu: how many of the signed-in person's notifications are unread (0 when signed out)."""
    from flask_login import current_user

    if not current_user or not current_user.is_authenticated or not hasattr(current_user, "tenant_id"):
        return 0
    return unread_count(current_user)
