"""Progress reports: created for each reporting period of an active project once it has begun (by the calendar
job, or when the beneficiary asks), saved as they are typed, submitted (frozen, with a receipt) and accepted or
returned by the MA's case officer.

The figures are cumulative from the project's start. Participant indicators come from the register
(service.participants.operations.counts), never typed: read live while the report is open and frozen into the
submission. Other indicators are typed with their evidence. An "of which" value never exceeds its parent's, and a
typed value never falls below the latest accepted report's (a cumulative figure cannot shrink; a correction is
the MA's to make). A report belongs to the project as it stood: an amendment (a new version with new targets or
period) leaves reports as they are; a report records the version it was last saved against.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import get_locale
from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import select

from service import autosave
from service.applications.attachments import store_upload
from service.applications.forms import integer
from service.calls.models import Call
from service.catalogue.models import Indicator
from service.errors import Conflict
from service.extensions import db
from service.participants import operations as register
from service.participants.identity_numbers import contains_identity_number
from service.participants.rules import Breakdown
from service.projects.models import Project
from service.receipts import content_sha256
from service.reports import notifications, rules
from service.reports.models import (
    NARRATIVE,
    ProgressReport,
    ReportEvidence,
    ReportReview,
    ReportSubmission,
    ReportValue,
)
from service.reports.settings import report_settings
from service.tenancy.current import current_tenant, tenant_today
from service.tenancy.model_base import utcnow

MAX_TEXT = 20_000
MAX_VALUE = 10**9
MAX_EVIDENCE = 20


def today() -> date:
    return tenant_today()


def periods_of(project: Project) -> list[rules.Period]:
    """The project's reporting periods: its call's rhythm when the tenant sets one for the call, else the
    tenant's (tenants/<code>/reports.toml)."""
    settings = report_settings()
    call = db.session.get(Call, project.call_id)
    months = settings.months_for(call.reference if call is not None else None)
    return rules.reporting_periods(
        project.project_start, project.project_end, months, settings.due_days, settings.final_due_days
    )


def reports_of(project: Project) -> list[ProgressReport]:
    return list(
        db.session.scalars(
            select(ProgressReport).where(ProgressReport.project_id == project.id).order_by(ProgressReport.sequence)
        )
    )


def project_of(report: ProgressReport) -> Project:
    return db.session.get(Project, report.project_id)


def ensure_active(project: Project) -> None:
    if project.status != "active":
        raise Conflict(_("The project is not active: its reports cannot be changed."))


def create_due(project: Project, *, on: date | None = None) -> list[ProgressReport]:
    """The reports of the project's periods that have begun and have none yet (the calendar's periods of the
    project as it stands). Returns those created."""
    ensure_active(project)
    on = on or today()
    existing = reports_of(project)
    taken = {report.period_start for report in existing}
    sequence = max((report.sequence for report in existing), default=0)
    created = []
    for period in rules.begun(periods_of(project), on):
        if period.start in taken:
            continue
        sequence += 1
        report = ProgressReport(
            project_id=project.id,
            organisation_id=project.organisation_id,
            sequence=sequence,
            reference=f"{project.reference}-R{sequence}",
            period_start=period.start,
            period_end=period.end,
            final=period.final,
            due_on=period.due,
            status="draft",
            project_version=project.current.sequence,
            created_at=utcnow(),
        )
        db.session.add(report)
        created.append(report)
    db.session.flush()
    return created


# -- The indicators ---------------------------------------------------------------------------------------------


@dataclass
class Row:
    """One indicator of a report as shown: its planned value, the value achieved and the share of the plan."""

    key: str
    code: str | None
    name: str
    unit: str
    target: int | None
    participant: bool
    parent: str | None = None  # the parent's key, for an "of which" indicator
    achieved: int | None = None
    breakdown: Breakdown | None = None
    evidence: list = field(default_factory=list)

    @property
    def share(self):
        return rules.share_achieved(self.achieved, self.target)


def _catalogue() -> dict[str, Indicator]:
    return {indicator.code: indicator for indicator in db.session.scalars(select(Indicator).order_by(Indicator.id))}


def plan_rows(project: Project, language: str = "en") -> list[Row]:
    """The project's indicators as its current version plans them, and the register's "of which" breakdowns of
    its participant indicators; nothing achieved yet."""
    catalogue = _catalogue()
    counted = set(register.participant_indicators(project))
    rows: list[Row] = []
    planned = project.current.content.get("indicators", [])
    for item in planned:
        code = item.get("code")
        known = catalogue.get(code) if code else None
        rows.append(
            Row(
                key=item["key"],
                code=code,
                name=known.label(language) if known else item.get("name") or item["key"],
                unit=known.unit if known else item.get("unit") or "",
                target=item.get("target"),
                participant=code in counted,
                parent=known.parent_code if known and known.parent_code else None,
            )
        )
    keys = {row.key for row in rows}
    for code in register.participant_indicators(project):
        if code not in keys:
            known = catalogue[code]
            rows.append(Row(code, code, known.label(language), known.unit, None, True, known.parent_code or None))
    return rows


def typed_keys(project: Project) -> list[str]:
    return [row.key for row in plan_rows(project) if not row.participant]


def indicator_rows(report: ProgressReport, language: str = "en") -> list[Row]:
    """The report's indicators: as frozen in its latest submission once submitted, else live (typed values as
    saved, participants from the register now)."""
    project = project_of(report)
    if not report.editable and report.submissions:
        return [_row_of(item) for item in report.submissions[-1].content["indicators"]]
    rows = plan_rows(project, language)
    counts = register.counts(project.id)
    values = {value.indicator_key: value for value in report.values}
    for row in rows:
        if row.participant:
            row.breakdown = counts.get(row.code) or Breakdown()
            row.achieved = row.breakdown.total
        elif row.key in values:
            row.achieved = values[row.key].value
            row.evidence = list(values[row.key].evidence)
    return rows


def _row_json(row: Row) -> dict:
    return {
        "key": row.key,
        "code": row.code,
        "name": row.name,
        "unit": row.unit,
        "target": row.target,
        "participant": row.participant,
        "parent": row.parent,
        "achieved": row.achieved,
        "by_sex": row.breakdown.by_sex if row.breakdown else None,
        "by_age": row.breakdown.by_age if row.breakdown else None,
        "evidence": [{"id": e.id, "filename": e.filename, "sha256": e.sha256} for e in row.evidence],
    }


def _row_of(item: dict) -> Row:
    breakdown = None
    if item.get("by_sex") is not None:
        breakdown = Breakdown(item["achieved"] or 0, dict(item["by_sex"]), dict(item["by_age"]))
    return Row(
        key=item["key"],
        code=item["code"],
        name=item["name"],
        unit=item["unit"],
        target=item["target"],
        participant=item["participant"],
        parent=item["parent"],
        achieved=item["achieved"],
        breakdown=breakdown,
        evidence=[_Frozen(**e) for e in item["evidence"]],
    )


@dataclass(frozen=True)
class _Frozen:
    id: int
    filename: str
    sha256: str


def rows_json(rows: list[Row]) -> list[dict]:
    return [{**_row_json(row), "share": None if row.share is None else str(row.share)} for row in rows]


def accepted_values(report: ProgressReport) -> dict[str, int]:
    """The typed values of the project's latest accepted report before this one."""
    earlier = db.session.scalars(
        select(ProgressReport)
        .where(
            ProgressReport.project_id == report.project_id,
            ProgressReport.status == "accepted",
            ProgressReport.period_start < report.period_start,
        )
        .order_by(ProgressReport.period_start.desc())
    ).first()
    if earlier is None or not earlier.submissions:
        return {}
    return {
        item["key"]: item["achieved"]
        for item in earlier.submissions[-1].content["indicators"]
        if not item["participant"] and item["achieved"] is not None
    }


# -- Saving -----------------------------------------------------------------------------------------------------


def ensure_editable(report: ProgressReport) -> None:
    if not report.editable:
        raise Conflict(_("The report has been submitted and cannot be changed."))


def _check_text(errors: dict, name: str, text) -> None:
    if not isinstance(text, str):
        errors[name] = [_("Write text.")]
    elif len(text) > MAX_TEXT:
        errors[name] = [_("At most %(count)s characters.", count=MAX_TEXT)]
    elif contains_identity_number(text):
        errors[name] = [_("Remove the personal identity number: a report never holds one.")]


def _parents_by_key(project: Project) -> dict[str, str | None]:
    return {row.key: row.parent for row in plan_rows(project)}


def _value_problems(report: ProgressReport, project: Project, values: dict[str, int]) -> dict[str, list[str]]:
    """Of-which values above their parent and values below the latest accepted report, by indicator key."""
    names = {row.key: row.name for row in plan_rows(project, language())}
    problems: dict[str, list[str]] = {}
    for key, parent in rules.breakdowns_above_parent(values, _parents_by_key(project)).items():
        problems[key] = [
            _(
                "An “of which” value cannot exceed its parent (%(parent)s: %(value)s).",
                parent=names.get(parent, parent),
                value=values[parent],
            )
        ]
    for key, accepted in rules.below_accepted(values, accepted_values(report)).items():
        problems.setdefault(key, []).append(
            _("Values are cumulative from the start: at least %(value)s, as in the accepted report.", value=accepted)
        )
    return problems


def language() -> str:
    return str(get_locale() or "en")


def lock(report: ProgressReport) -> None:
    """Read the report again under a row lock (PostgreSQL): two writes of one report run one after the other.
    SQLite has no row locks: the version column refuses the loser there."""
    db.session.flush()
    db.session.refresh(report, with_for_update=True)


def save(report: ProgressReport, data: dict, *, user, read_version: int | None = None) -> ProgressReport:
    """Save the narrative and typed values given (the fields not given stay as they are). ``data``: the
    narrative's texts by name and "values", {indicator key: whole number}."""
    lock(report)
    ensure_editable(report)
    project = project_of(report)
    ensure_active(project)
    if read_version is not None and read_version != report.version:
        raise Conflict(_("The report changed since you read it. Check it again before saving."))
    errors: dict = {}
    for name in NARRATIVE:
        if name in data:
            _check_text(errors, name, data[name])
    typed = typed_keys(project)
    given = data.get("values") or {}
    value_errors: dict[str, list[str]] = {}
    if not isinstance(given, dict):
        errors["values"] = [_("Give the values by indicator.")]
        given = {}
    for key, value in given.items():
        if key not in typed:
            value_errors[key] = [_("Not an indicator of this project that is typed (participants are counted).")]
        elif isinstance(value, bool) or not isinstance(value, int):
            value_errors[key] = [_("Write a whole number.")]
        elif not 0 <= value <= MAX_VALUE:
            value_errors[key] = [_("Write a whole number between 0 and %(most)s.", most=MAX_VALUE)]
    if not value_errors:
        merged = {value.indicator_key: value.value for value in report.values} | dict(given)
        value_errors = _value_problems(report, project, {k: v for k, v in merged.items() if k in given or k in typed})
    if value_errors:
        errors["values"] = value_errors
    if errors:
        raise ValidationError(errors)
    before = {name: field_value(report, name) for name in fields_of(data)}
    for name in NARRATIVE:
        if name in data:
            setattr(report, name, data[name].strip())
    existing = {value.indicator_key: value for value in report.values}
    for key, value in given.items():
        if key in existing:
            existing[key].value = value
        else:
            report.values.append(ReportValue(indicator_key=key, value=value))
    stamp = autosave.stamp(user, report.version + 1)  # the version this save makes (one UPDATE)
    changed = {name: stamp for name, value in before.items() if field_value(report, name) != value}
    report.field_versions = {**(report.field_versions or {}), **changed}
    report.project_version = project.current.sequence
    report.updated_by = user.id
    report.updated_at = utcnow()
    db.session.flush()
    return report


VALUE = "value-"  # a typed indicator's field in the form and in autosave: "value-<indicator key>"


def fields_of(data: dict) -> list[str]:
    """The form's field names that ``data`` (as save takes it) sets."""
    values = data.get("values") if isinstance(data.get("values"), dict) else {}
    return [name for name in NARRATIVE if name in data] + [VALUE + key for key in values]


def field_value(report: ProgressReport, name: str) -> str:
    """A field of the report as the form shows it: a narrative's text, a typed value's digits ("" if none)."""
    if name.startswith(VALUE):
        found = next((v.value for v in report.values if v.indicator_key == name[len(VALUE) :]), None)
        return "" if found is None else str(found)
    return getattr(report, name)


def save_fields(report: ProgressReport, changes: dict, *, read_version: int, user) -> ProgressReport:
    """Save the fields typed since ``read_version`` (service.autosave): {narrative name: text,
    "value-<key>": digits}. A field someone else changed since to a different value is a conflict (409 with
    their text, who and when); nothing is saved."""
    lock(report)
    ensure_editable(report)
    ensure_active(project_of(report))
    errors: dict = {}
    data: dict = {"values": {}}
    for name, raw in changes.items():
        if name in NARRATIVE:
            data[name] = raw.replace("\r\n", "\n") if isinstance(raw, str) else raw
        elif name.startswith(VALUE) and name[len(VALUE) :]:
            number = integer(raw)
            if number is None:
                errors[name] = [_("Write a whole number.")]
            else:
                data["values"][name[len(VALUE) :]] = number
        else:
            errors[name] = [_("Unknown field.")]
    if errors:
        raise ValidationError(errors)
    if read_version > report.version:
        raise Conflict(_("This version does not exist yet. Reload the report."))

    def current(name: str) -> str:
        return field_value(report, name)

    sent = {
        name: (str(data["values"][name[len(VALUE) :]]) if name.startswith(VALUE) else data[name].strip())
        for name in changes
    }
    conflicts = autosave.conflicts(report.field_versions, sent, current, read_version)
    if conflicts:
        raise Conflict(
            _("Someone else changed this in the meantime. Their text is shown; nothing of yours was saved yet."),
            details={"conflicts": conflicts, "version": report.version},
        )
    try:
        return save(report, data, user=user)
    except ValidationError as error:
        raise ValidationError(by_field(error.messages, list(changes))) from error


def by_field(messages: dict, sent: list[str]) -> dict:
    """The save's errors by the form's field names; a value refused because of another indicator's (an "of
    which" above its parent) is told at the field that was sent, so the page shows it where the person typed."""
    found: dict = {}
    for name, texts in messages.items():
        if name == "values" and isinstance(texts, dict):
            for key, value_texts in texts.items():
                found[VALUE + key] = value_texts
        else:
            found[name] = texts
    if not any(name in found for name in sent):
        merged = [text for texts in found.values() if isinstance(texts, list) for text in texts]
        found.update({name: merged for name in sent})
    return found


def add_evidence(report: ProgressReport, key: str, *, filename: str, data: bytes, user) -> ReportEvidence:
    """A document behind a typed value (the value is saved first)."""
    ensure_editable(report)
    ensure_active(project_of(report))
    value = next((v for v in report.values if v.indicator_key == key), None)
    if value is None:
        raise ValidationError({"indicator": [_("Save the indicator's value before adding its evidence.")]})
    if len(value.evidence) >= MAX_EVIDENCE:
        raise ValidationError({"file": [_("At most %(count)s documents per indicator.", count=MAX_EVIDENCE)]})
    name, content_type, digest = store_upload(filename, data)
    evidence = ReportEvidence(
        filename=name,
        content_type=content_type,
        size=len(data),
        sha256=digest,
        uploaded_by=user.id,
        uploaded_at=utcnow(),
    )
    value.evidence.append(evidence)
    report.updated_at = utcnow()
    db.session.flush()
    return evidence


# -- Submitting and reviewing -----------------------------------------------------------------------------------


def problems_of(report: ProgressReport) -> dict:
    """What keeps the report from being submitted: the narrative's required parts, a value for every typed
    indicator, and the rules of the values."""
    problems: dict = {}
    for name in ("activities", "progress"):
        if not getattr(report, name).strip():
            problems[name] = [_("Write this part of the report.")]
    project = project_of(report)
    values = {value.indicator_key: value.value for value in report.values}
    missing = {key: [_("Give the value achieved so far.")] for key in typed_keys(project) if key not in values}
    missing.update(_value_problems(report, project, values))
    if missing:
        problems["values"] = missing
    return problems


def content_of(report: ProgressReport) -> dict:
    project = project_of(report)
    return {
        "reference": report.reference,
        "project": project.reference,
        "project_version": project.current.sequence,
        "period": {"start": report.period_start.isoformat(), "end": report.period_end.isoformat()},
        "final": report.final,
        **{name: getattr(report, name) for name in NARRATIVE},
        "indicators": [_row_json(row) for row in indicator_rows(report, current_tenant().default_language)],
    }


def submit(report: ProgressReport, *, user, read_version: int | None = None) -> ReportSubmission:
    lock(report)
    if report.status in ("submitted", "accepted"):
        latest = report.submissions[-1]
        raise Conflict(
            _("This report has already been submitted (receipt %(receipt)s).", receipt=latest.receipt),
            details={"receipt": latest.receipt},
        )
    if read_version is not None and read_version != report.version:
        raise Conflict(_("The report changed since you read it. Check it again before submitting."))
    project = project_of(report)
    ensure_active(project)
    problems = problems_of(report)
    if problems:
        raise ValidationError(problems)
    content = content_of(report)
    sequence = len(report.submissions) + 1
    digest = content_sha256(content)
    submission = ReportSubmission(
        report_id=report.id,
        sequence=sequence,
        receipt=f"{report.reference}-{sequence}-{digest[:8].upper()}",
        submitted_by=user.id,
        submitted_at=utcnow(),
        content=content,
        content_sha256=digest,
    )
    db.session.add(submission)
    report.submissions.append(submission)
    report.status = "submitted"
    report.project_version = project.current.sequence
    report.updated_at = utcnow()
    db.session.flush()
    notifications.notify_submitted(report, project)
    return submission


def review(report: ProgressReport, *, outcome: str, comment: str, user) -> ReportReview:
    """The case officer accepts the submitted report, or returns it with comments for the beneficiary."""
    lock(report)
    if report.status != "submitted":
        raise Conflict(_("Only a submitted report not yet reviewed can be accepted or returned."))
    errors: dict = {}
    if outcome not in ("accepted", "returned"):
        errors["outcome"] = [_("Choose accept or return.")]
    comment = comment if isinstance(comment, str) else ""
    if outcome == "returned" and not comment.strip():
        errors["comment"] = [_("Say what the beneficiary should change.")]
    else:
        _check_text(errors, "comment", comment)
    if errors:
        raise ValidationError(errors)
    record = ReportReview(
        report_id=report.id,
        submission=len(report.submissions),
        outcome=outcome,
        comment=comment.strip(),
        reviewed_by=user.id,
        reviewed_at=utcnow(),
    )
    db.session.add(record)
    report.reviews.append(record)
    report.status = outcome
    report.updated_at = utcnow()
    db.session.flush()
    notifications.notify_reviewed(report, record)
    return record


# -- The calendar -----------------------------------------------------------------------------------------------


def overdue_reports(on: date | None = None) -> list[ProgressReport]:
    """The tenant's reports not submitted (draft or returned) whose due day has passed, of active projects."""
    on = on or today()
    return list(
        db.session.scalars(
            select(ProgressReport)
            .join(Project, Project.id == ProgressReport.project_id)
            .where(
                Project.status == "active",
                ProgressReport.status.in_(("draft", "returned")),
                ProgressReport.due_on < on,
            )
            .order_by(ProgressReport.due_on, ProgressReport.id)
        )
    )


def run_calendar(on: date | None = None) -> dict:
    """Create the due reports of every active project and remind the beneficiaries of reports due soon."""
    on = on or today()
    created = 0
    for project in db.session.scalars(select(Project).where(Project.status == "active").order_by(Project.id)):
        created += len(create_due(project, on=on))
    days = report_settings().reminder_days
    pending = db.session.scalars(
        select(ProgressReport)
        .join(Project, Project.id == ProgressReport.project_id)
        .where(Project.status == "active", ProgressReport.status.in_(("draft", "returned")))
        .order_by(ProgressReport.id)
    ).all()
    told = 0
    for report in pending:
        if rules.to_remind(report.due_on, on, days):
            told += len(notifications.remind(report))
    return {"created": created, "notified": told}
