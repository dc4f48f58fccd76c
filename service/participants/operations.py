"""Registering participants and counting them, per project.

Registering the same person again (same keyed hash in the same project) never adds a second participant: the
indicators named are added to the first registration, whose sex, age band and first participation stay as they
were (registered at first participation). So a person counts once per project per indicator, and every "of which"
indicator brings its parent (service.participants.rules.with_parents): a breakdown never exceeds its parent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import func, select

from service.catalogue.models import Indicator
from service.errors import Conflict
from service.extensions import db
from service.jobs.queue import enqueue
from service.participants import imports, keys, rules
from service.participants.identity_numbers import contains_identity_number
from service.participants.messages import date_message, identity_number_message, import_message
from service.participants.models import Participant, ParticipantImport, ParticipantIndicator, ParticipantTally
from service.projects.models import Project
from service.tenancy.current import tenant_today
from service.tenancy.model_base import utcnow

PARTICIPANT_UNIT = "participants"  # the unit of the catalogue's participant indicators (AMIF Annex VIII)


def today() -> date:
    return tenant_today()


def indicator_parents() -> dict[str, str | None]:
    """Each common indicator's parent ("of which" breakdowns), from the shared catalogue."""
    return dict(db.session.execute(select(Indicator.code, Indicator.parent_code)).all())


def participant_indicators(project: Project) -> list[str]:
    """The common participant indicators the register counts for the project: those of its plan and their "of
    which" breakdowns (a participant in a language course counts toward O.2.3.1 when the plan names O.2.3)."""
    catalogue = db.session.execute(select(Indicator.code, Indicator.unit, Indicator.parent_code)).all()
    participant = {code: parent for code, unit, parent in catalogue if unit == PARTICIPANT_UNIT}
    planned = [i["code"] for i in project.current.content.get("indicators", []) if i.get("code") in participant]
    codes: list[str] = []
    for code in planned:
        codes.append(code)
        codes.extend(sorted(child for child, parent in participant.items() if parent == code and child not in planned))
    return codes


@dataclass(frozen=True)
class Registration:
    participant: Participant
    created: bool  # False: the person was registered already; the indicators were added to that registration


def register(
    project: Project,
    *,
    first_name: str,
    last_name: str,
    born: date,
    sex: str,
    first_participation: date,
    indicators: list[str],
    user,
) -> Registration:
    """Register a participant of the project, or add indicators to the person's registration."""
    if project.status != "active":
        raise Conflict(_("The project is not active: no participants can be registered."))
    errors: dict[str, list[str]] = {}
    for field, name in (("first_name", first_name), ("last_name", last_name)):
        if contains_identity_number(name or ""):
            errors[field] = [identity_number_message()]
    if "first_name" not in errors and not rules.normalise_name(first_name):
        errors["first_name"] = [_("Write the first name, or the part of it your project uses.")]
    if "last_name" not in errors and not rules.normalise_name(last_name):
        errors["last_name"] = [_("Write the last name, or the part of it your project uses.")]
    if sex not in rules.SEXES:
        errors["sex"] = [_("Choose woman, man or non-binary.")]
    for name, reason in rules.date_problems(born, first_participation, today()).items():
        errors["date_of_birth" if name == "born" else name] = [date_message(reason)]
    if not errors and not (project.project_start <= first_participation <= project.project_end):
        errors["first_participation"] = [_("The first participation must be inside the project period.")]
    allowed = participant_indicators(project)
    if not indicators:
        errors["indicators"] = [_("Choose at least one indicator the person counts toward.")]
    elif any(code not in allowed for code in indicators):
        errors["indicators"] = [
            _("Choose among the project's participant indicators: %(codes)s.", codes=", ".join(allowed))
        ]
    if errors:
        raise ValidationError(errors)
    key = rules.person_key(keys.tenant_key(), first_name, last_name, born)
    codes = rules.with_parents(indicators, indicator_parents())
    participant = db.session.scalars(
        select(Participant).where(Participant.project_id == project.id, Participant.person_key == key).with_for_update()
    ).first()
    created = participant is None
    if created:
        band = rules.age_band(born, first_participation)
        participant = Participant(
            project_id=project.id,
            person_key=key,
            sex=sex,
            age_band=band,
            child=band == "under_18",
            first_participation=first_participation,
            registered_by=user.id,
            registered_at=utcnow(),
        )
        db.session.add(participant)
        db.session.flush()
    known = {row.indicator_code for row in participant.indicators}
    for code in sorted(codes - known):
        participant.indicators.append(ParticipantIndicator(project_id=project.id, indicator_code=code))
    db.session.flush()
    return Registration(participant, created)


def counts(project_id: int) -> dict[str, rules.Breakdown]:
    """Each participant indicator's count for the project, by sex and age band: the register's rows plus the
    tallies of participants erased at the end of retention."""
    live = db.session.execute(
        select(ParticipantIndicator.indicator_code, Participant.sex, Participant.age_band, func.count())
        .join(Participant, Participant.id == ParticipantIndicator.participant_id)
        .where(ParticipantIndicator.project_id == project_id)
        .group_by(ParticipantIndicator.indicator_code, Participant.sex, Participant.age_band)
    ).all()
    kept = db.session.execute(
        select(
            ParticipantTally.indicator_code, ParticipantTally.sex, ParticipantTally.age_band, ParticipantTally.count
        ).where(ParticipantTally.project_id == project_id)
    ).all()
    return rules.tally([*live, *kept])


def start_import(project: Project, *, filename: str, content: bytes, user) -> ParticipantImport:
    """Accept a file of participants for import and queue the job that checks and writes it. What is wrong with
    the file as a whole is refused here at once (422, nothing kept): not a CSV in UTF-8 or an XLSX workbook, a
    column missing, no rows, more than a million rows (counted before any other work). Each row is checked by
    the job (service.participants.tasks), which registers the rows only if every one is valid."""
    if project.status != "active":
        raise Conflict(_("The project is not active: no participants can be registered."))
    if not content:
        raise ValidationError({"file": [_("Choose a CSV or XLSX file to import.")]})
    try:
        if imports.count_rows(content) > imports.MAX_ROWS:
            raise imports.FileProblem("too_many_rows", limit=imports.MAX_ROWS)
        header = next(imports.file_rows(content), None)
        if header is None:
            raise imports.FileProblem("empty")
        imports.header_columns(header[1])
    except imports.FileProblem as problem:
        raise ValidationError({"file": [import_message(problem.as_error())]}) from problem
    record = ParticipantImport(
        project_id=project.id,
        filename=(filename or "participants")[:255],
        status="queued",
        content=content,
        created_by=user.id,
        created_at=utcnow(),
        errors=[],
    )
    db.session.add(record)
    db.session.flush()
    enqueue("participants.import", key=str(record.id), import_id=record.id)
    return record


def imports_of(project: Project) -> list[ParticipantImport]:
    return list(
        db.session.scalars(
            select(ParticipantImport)
            .where(ParticipantImport.project_id == project.id)
            .order_by(ParticipantImport.id.desc())
            .limit(20)
        )
    )
