"""Building, reviewing and freezing the Commission's data transmissions (CPR Art. 42).

A draft is asked for a cut-off ("202512") once that day has passed; a background job builds it
(service.transmissions.tasks) and checks it against the schema; a draft without problems is frozen by the MA as
a version: append-only, with the SHA-256 of its content, never changed after. A correction of a cut-off already
sent is a new draft frozen as the next sequence of the same version. Each draft is shown with what differs from
the version before it (the previous version of the same cut-off, else of the cut-off before)."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from service.errors import Conflict
from service.extensions import db
from service.i18n import format_day
from service.jobs.queue import enqueue
from service.jobs.sweeper import given_up
from service.receipts import content_sha256
from service.tenancy.current import tenant_today
from service.tenancy.model_base import utcnow
from service.transmissions import rules, schema
from service.transmissions.models import TransmissionDraft, TransmissionVersion

BUILD_JOB = "transmissions.build"
# A draft waiting for its job or being built refuses a second build of its cut-off. A failed one does not: its
# retries may be spent, and the MA can always ask again.
UNFINISHED = ("queued", "building")


def today() -> date:
    return tenant_today()


def start(version: str, *, user, on: date | None = None) -> TransmissionDraft:
    """Ask for the transmission of the cut-off ``version``; its job builds it."""
    on = on or today()
    try:
        cut = rules.from_version(version if isinstance(version, str) else "")
    except rules.NotACutOff as error:
        raise ValidationError(
            {
                "version": [
                    _(
                        "Give the cut-off as year and month, e.g. 202512: December, March, June, August or October "
                        "(the transmissions due 31 January, 30 April, 31 July, 30 September and 30 November)."
                    )
                ]
            }
        ) from error
    if rules.is_future(cut, on):
        raise ValidationError(
            {
                "version": [
                    _(
                        "The cut-off %(day)s has not passed yet: its data are not complete.",
                        day=format_day(cut.as_at),
                    )
                ]
            }
        )
    building = db.session.scalar(
        select(TransmissionDraft).where(
            TransmissionDraft.version == cut.version, TransmissionDraft.status.in_(UNFINISHED)
        )
    )
    if building is not None and given_up(BUILD_JOB, str(building.id)):
        building.status = "failed"  # its job failed every attempt: it will never be built, and holds no cut-off
        db.session.flush()
        building = None
    if building is not None:
        raise Conflict(
            _("The transmission %(version)s is being built already.", version=cut.version),
            details={"draft": building.id},
        )
    draft = TransmissionDraft(
        version=cut.version,
        cut_off=cut.as_at,
        due_on=cut.due,
        status="queued",
        problems=[],
        created_by=user.id,
        created_at=utcnow(),
    )
    db.session.add(draft)
    db.session.flush()
    enqueue(BUILD_JOB, key=str(draft.id), draft_id=draft.id)
    return draft


def versions_of(version: str) -> list[TransmissionVersion]:
    return list(
        db.session.scalars(
            select(TransmissionVersion)
            .where(TransmissionVersion.version == version)
            .order_by(TransmissionVersion.sequence)
        )
    )


def frozen_from(draft: TransmissionDraft) -> TransmissionVersion | None:
    return db.session.scalar(select(TransmissionVersion).where(TransmissionVersion.draft_id == draft.id))


def previous_version(draft: TransmissionDraft) -> TransmissionVersion | None:
    """The version a draft is compared with: the latest frozen before it of the same cut-off (it corrects that),
    else the latest of an earlier cut-off (the data are cumulative: the difference is what happened since)."""
    mine = frozen_from(draft)
    same = select(TransmissionVersion).where(TransmissionVersion.version == draft.version)
    if mine is not None:
        same = same.where(TransmissionVersion.sequence < mine.sequence)
    found = db.session.scalar(same.order_by(TransmissionVersion.sequence.desc()).limit(1))
    if found is not None:
        return found
    return db.session.scalar(
        select(TransmissionVersion)
        .where(TransmissionVersion.cut_off < draft.cut_off)
        .order_by(TransmissionVersion.cut_off.desc(), TransmissionVersion.sequence.desc())
        .limit(1)
    )


def differences(draft: TransmissionDraft) -> tuple[TransmissionVersion | None, list[dict]]:
    if draft.content is None:
        return None, []
    previous = previous_version(draft)
    return previous, rules.differences(previous.content if previous else None, draft.content)


def freeze(draft: TransmissionDraft, *, user) -> TransmissionVersion:
    """Freeze a built draft without problems as the next version of its cut-off."""
    db.session.flush()
    db.session.refresh(draft, with_for_update=True)  # two freezes of one draft: one after the other
    if draft.status == "frozen":
        done = frozen_from(draft)
        raise Conflict(
            _("This transmission is frozen already: %(name)s.", name=version_name(done)),
            details={"version": done.id if done else None},
        )
    if draft.status != "ready" or draft.content is None:
        raise Conflict(_("Only a built transmission without problems can be frozen."))
    found = schema.problems(draft.content)  # checked again: what is frozen always fits the schema
    if found:
        raise Conflict(_("The transmission does not fit its schema; it cannot be frozen."), details={"problems": found})
    sequence = (
        db.session.scalar(
            select(func.max(TransmissionVersion.sequence)).where(TransmissionVersion.version == draft.version)
        )
        or 0
    ) + 1
    frozen = TransmissionVersion(
        draft_id=draft.id,
        version=draft.version,
        sequence=sequence,
        cut_off=draft.cut_off,
        due_on=draft.due_on,
        content=draft.content,
        content_sha256=content_sha256(draft.content),
        frozen_by=user.id,
        frozen_at=utcnow(),
    )
    try:
        with db.session.begin_nested():
            db.session.add(frozen)
            db.session.flush()
    except IntegrityError as error:  # another draft of the cut-off was frozen at the same moment
        raise Conflict(
            _("Another transmission of this cut-off was frozen at the same moment. Reload and check.")
        ) from error
    draft.status = "frozen"
    db.session.flush()
    return frozen


def version_name(version: TransmissionVersion | None) -> str:
    """ "202512" for the transmission, "202512 (2)" for its first correction."""
    if version is None:
        return ""
    return version.version if version.sequence == 1 else f"{version.version} ({version.sequence})"


def drafts() -> list[TransmissionDraft]:
    return list(db.session.scalars(select(TransmissionDraft).order_by(TransmissionDraft.id.desc())))


def all_versions() -> list[TransmissionVersion]:
    return list(
        db.session.scalars(
            select(TransmissionVersion).order_by(
                TransmissionVersion.cut_off.desc(), TransmissionVersion.sequence.desc()
            )
        )
    )
