"""Building, checking and publishing the list of operations; removing natural persons' names when their time is
up. Plain functions: they flush, the caller (the request, the job) commits.

Operations are the projects whose grant is in force (service.decisions.in_force) and that are not cancelled. The
total eligible cost, the EU budget and the co-financing rate are the latest project version's. An amount not in
euro carries the Commission's rate (service.exchange) of the month the grant decision in force was approved, in
the tenant's time zone, as the programme's committed amounts are converted (service.programmes.committed)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import func, select

from service.applications.models import Application
from service.decisions.in_force import grants_in_force
from service.errors import Conflict
from service.exchange.operations import RateBook, RateMissing
from service.extensions import db
from service.organisations.models import Organisation
from service.programmes.models import Programme
from service.projects.models import Project
from service.publication import rules
from service.publication.models import OperationRecord, PublicationEdition, PublishedOperation
from service.receipts import content_sha256
from service.reports.models import ProgressReport
from service.tenancy.current import current_tenant, tenant_today

MAX_LOCATION = 200


def _by_id(model, ids: list[int]) -> dict:
    """The rows of ``model`` with these ids, by id, in one query (none asked, none read)."""
    return {row.id: row for row in db.session.scalars(select(model).where(model.id.in_(ids)))} if ids else {}


def today() -> date:
    return tenant_today()


@dataclass
class Candidate:
    """An operation as the next edition would publish it (``values`` typed; the name of a natural person in
    ``personal_name``, never in the frozen row)."""

    project: Project
    values: dict
    natural_person: bool
    personal_name: str | None
    problems: list[str] = field(default_factory=list)


def operations_in_force() -> list[Project]:
    grants = grants_in_force()
    if not grants:
        return []
    return list(
        db.session.scalars(
            select(Project)
            .where(Project.status == "active", Project.application_id.in_(list(grants)))
            .order_by(Project.reference, Project.id)
        )
    )


def record_of(project_id: int) -> OperationRecord | None:
    return db.session.scalar(select(OperationRecord).where(OperationRecord.project_id == project_id))


def _achievements(project_id: int) -> str:
    """The "progress" narrative of the latest accepted progress report (Art. 49(3): actual achievements)."""
    report = db.session.scalar(
        select(ProgressReport)
        .where(ProgressReport.project_id == project_id, ProgressReport.status == "accepted")
        .order_by(ProgressReport.period_end.desc())
        .limit(1)
    )
    return report.progress.strip() if report else ""


def candidates(on: date | None = None) -> list[Candidate]:
    """Every operation as it would be published ``on`` (today by default), with its problems."""
    on = on or today()
    tenant = current_tenant()
    projects = operations_in_force()
    grants = grants_in_force()
    applications = _by_id(Application, [p.application_id for p in projects])
    organisations = _by_id(Organisation, [p.organisation_id for p in projects])
    records = {r.project_id: r for r in db.session.scalars(select(OperationRecord))}
    programme = db.session.scalar(select(Programme).order_by(Programme.id).limit(1))
    months = {
        p.id: grants[p.application_id].approved_at.astimezone(tenant.zone).date().replace(day=1) for p in projects
    }
    book = RateBook((p.current.currency, months[p.id]) for p in projects if p.current.currency)
    result = []
    for project in projects:
        version = project.current
        application = applications[project.application_id]
        organisation = organisations[project.organisation_id]
        record = records.get(project.id)
        natural = organisation.organisation_type in rules.NATURAL_PERSON_TYPES
        rate = month = None
        missing = None
        if version.currency and version.currency != rules.EURO and version.eligible_cost is not None:
            try:
                converted = book.to_euro(version.eligible_cost, version.currency, months[project.id])
                rate, month = f"{converted.rate.normalize():f}", converted.month.strftime("%Y-%m")
            except RateMissing as error:
                missing = error.message()
        values = {
            "Operation_Unique_Identifier": project.reference,
            "Operation_Name_Programme_Language": project.title,
            "Operation_Name_English": project.title if application.language == "en" else "",
            "Operation_Summary_Programme_Language": (application.sections or {}).get("summary", "").strip(),
            "Operation_Achievements_Programme_Language": _achievements(project.id),
            "Operation_Start_Date": project.project_start,
            "Operation_End_Date": project.project_end,
            "Total_Eligible_Expenditure_amount": version.eligible_cost,
            "Total_Eligible_Expenditure_Currency": version.currency or "",
            "Total_Eligible_Expenditure_Exchange_Rate": rate or "",
            "Total_Eligible_Expenditure_Exchange_Rate_Month": month or "",
            "Project_EU_Budget": version.eu_amount,
            "Cofinancing_Rate": version.cofinancing_rate,
            "Beneficiary_Name": organisation.name,
            "Beneficiary_Country": organisation.country,
            "Operation_Location": record.location if record else "",
            "Operation_Country": tenant.country,
            "Category_Of_Intervention": project.intervention_field or "",
            "Specific_Objective": project.specific_objective or "",
            "Fund_Code": rules.FUND_CODE,
            "Programme_Code": programme.cci if programme else "",
            "First_Publication_Date": record.first_published_on if record and record.first_published_on else on,
        }
        personal = None
        if natural:
            first = record.first_published_on if record else None
            expired = rules.personal_data_expired(first, on) or (record is not None and record.personal_data_removed_on)
            personal = None if expired else organisation.name
            values["Beneficiary_Name"] = personal or ""
        candidate = Candidate(project, values, natural, personal)
        candidate.problems = rules.row_problems(values, name_removed=natural and personal is None)
        if missing:
            candidate.problems.append(missing)
        result.append(candidate)
    return result


def problems_of(found: list[Candidate]) -> dict[str, list[str]]:
    """Each operation's problems by its code: the rules' and a missing exchange rate's message."""
    removed = frozenset(i for i, c in enumerate(found) if c.natural_person and c.personal_name is None)
    problems = rules.edition_problems([c.values for c in found], removed)
    for candidate in found:
        code = candidate.values["Operation_Unique_Identifier"]
        extra = [p for p in candidate.problems if p not in problems.get(code, [])]
        if extra:
            problems.setdefault(code, []).extend(extra)
    return problems


def latest_edition() -> PublicationEdition | None:
    return db.session.scalar(select(PublicationEdition).order_by(PublicationEdition.sequence.desc()).limit(1))


def publish(*, user=None, trigger: str = "managing_authority", on: date | None = None) -> PublicationEdition:
    """Publish a new edition of every operation in force, frozen. Refused (409, each operation with its
    problems, nothing written) when any row breaks the list's rules (service.publication.rules)."""
    on = on or today()
    found = candidates(on)
    problems = problems_of(found)
    if problems:
        raise Conflict(
            _(
                "The list cannot be published until the operations named are corrected (%(count)s).",
                count=len(problems),
            ),
            details={"operations": problems},
        )
    sequence = (db.session.scalar(select(func.max(PublicationEdition.sequence))) or 0) + 1
    frozen = []
    for candidate in found:
        stored = rules.to_json(candidate.values)
        if candidate.natural_person:
            stored["Beneficiary_Name"] = None  # kept beside the operation, removed after two years
        frozen.append((candidate, stored))
    edition = PublicationEdition(
        sequence=sequence,
        published_on=on,
        published_by=getattr(user, "id", None),
        trigger=trigger,
        content_sha256=content_sha256({"rows": [stored for _c, stored in frozen]}),
    )
    db.session.add(edition)
    db.session.flush()
    for position, (candidate, stored) in enumerate(frozen, 1):
        db.session.add(
            PublishedOperation(
                edition_id=edition.id,
                position=position,
                project_id=candidate.project.id,
                natural_person=candidate.natural_person,
                values=stored,
            )
        )
        record = record_of(candidate.project.id) or _new_record(candidate.project.id)
        if record.first_published_on is None:
            record.first_published_on = on
        if candidate.natural_person and candidate.personal_name and record.personal_data_removed_on is None:
            record.personal_name = candidate.personal_name
    db.session.flush()
    return edition


def _new_record(project_id: int) -> OperationRecord:
    record = OperationRecord(project_id=project_id, location="")
    db.session.add(record)
    return record


def set_location(project: Project, location) -> OperationRecord:
    """Record where the operation takes place (a municipality, a region): required before it is published."""
    text = location.strip() if isinstance(location, str) else ""
    if not text:
        raise ValidationError({"location": [_("Enter the place where the operation takes place.")]})
    if len(text) > MAX_LOCATION or any(ord(c) < 32 for c in text):
        raise ValidationError(
            {"location": [_("At most %(count)s characters, without control characters.", count=MAX_LOCATION)]}
        )
    record = record_of(project.id) or _new_record(project.id)
    record.location = text
    db.session.flush()
    return record


def remove_expired_personal_data(on: date | None = None) -> int:
    """Erase the names of natural persons first published two years ago or more (Art. 49(3))."""
    on = on or today()
    removed = 0
    for record in db.session.scalars(select(OperationRecord).where(OperationRecord.personal_name.is_not(None))):
        if rules.personal_data_expired(record.first_published_on, on):
            record.personal_name = None
            record.personal_data_removed_on = on
            removed += 1
    db.session.flush()
    return removed


def public_rows(edition: PublicationEdition, on: date | None = None) -> list[dict]:
    """The edition's rows as the public sees them ``on``: a natural person's name only until two years after
    the operation's first publication (checked on the day read as well, so it goes on the day, not at the
    next run of the job)."""
    on = on or today()
    records = {r.project_id: r for r in db.session.scalars(select(OperationRecord))}
    rows = []
    for row in edition.rows:
        values = rules.from_json(row.values)
        if row.natural_person:
            record = records.get(row.project_id)
            shown = (
                record is not None
                and record.personal_name
                and not rules.personal_data_expired(record.first_published_on, on)
            )
            values["Beneficiary_Name"] = record.personal_name if shown else ""
        rows.append(values)
    return rows


def run_schedule(on: date | None = None) -> dict:
    """The periodic job's work in one tenant: remove expired personal data; publish a new edition when the last
    one is four months old or older (or none exists). A list that breaks the rules is not published: the MA's
    page shows why."""
    on = on or today()
    removed = remove_expired_personal_data(on)
    last = latest_edition()
    if not rules.edition_due(last.published_on if last else None, on):
        return {"published": False, "removed": removed, "problems": 0}
    try:
        edition = publish(trigger="schedule", on=on)  # checks every row before it writes anything
    except Conflict as refused:
        return {"published": False, "removed": removed, "problems": len(refused.details["operations"])}
    return {"published": True, "edition": edition.sequence, "removed": removed, "problems": 0}
