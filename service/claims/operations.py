"""A beneficiary's claim: opened for the next claim period, its lines saved as they are typed, submitted
(frozen, with a receipt) when every line is evidenced and within the limits; returned by the MA for
supplements by a deadline and submitted again.

Every line's date is inside the project period; staff costs are computed from their basis (seed 004), indirect
costs from the flat rate (CPR Art. 54(a)), never typed. Submitting posts to the ledger what each line and the
indirect costs changed since the last submission, so the ledger's "claimed" is always what stands declared.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import func, select

from service.applications.attachments import store_upload
from service.applications.budget import SIMPLIFIED
from service.applications.deadlines import add_working_days
from service.claims import ledger, notifications, rules, simplified
from service.claims.figures import standing_by_category
from service.claims.labels import CATEGORY_LABELS
from service.claims.models import Claim, ClaimEvidence, ClaimLine, ClaimSubmission, LedgerEntry, LineCheck, Payment
from service.claims.models.ledger import INDIRECT
from service.claims.settings import claim_settings
from service.errors import Conflict
from service.extensions import db
from service.i18n import format_day
from service.money import ZERO
from service.money.display import format_amount, wire
from service.projects.models import Project
from service.receipts import content_sha256
from service.tenancy.current import current_tenant
from service.tenancy.model_base import utcnow

MAX_LINES = 500
MAX_EVIDENCE = 20


# -- Opening ------------------------------------------------------------------------------------------------


def _plan(project: Project) -> dict:
    return project.current.content


def budget_of(project: Project) -> tuple[dict[str, Decimal], dict[int, dict[str, Decimal]]]:
    """The approved budget per cost category, and per year and category (the applied budget the grant rests on)."""
    by_category: dict[str, Decimal] = defaultdict(lambda: ZERO)
    by_year: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    for line in _plan(project)["applied_budget"]["lines"]:
        amount = Decimal(line["amount"])
        by_category[line["category"]] += amount
        by_year[int(line["year"])][line["category"]] += amount
    return dict(by_category), {year: dict(cats) for year, cats in sorted(by_year.items())}


def periods_of(project: Project) -> list[tuple[date, date]]:
    return rules.claim_periods(project.project_start, project.project_end, claim_settings().period_months)


def claims_of(project: Project) -> list[Claim]:
    return list(db.session.scalars(select(Claim).where(Claim.project_id == project.id).order_by(Claim.sequence)))


def open_claim(project: Project, *, user, today: date | None = None) -> Claim:
    """A draft claim for the project's next claim period that has begun. Lines parked in earlier claims are
    carried into it, each keeping the rate of the claim it came from."""
    if project.status != "active":
        raise Conflict(_("The project is not active: no claim can be made on it."))
    financing = project.financing
    if financing is None:
        raise Conflict(_("The project has no granted financing to claim against."))
    today = today or ledger.today()
    existing = claims_of(project)
    if any(c.status != "verified" for c in existing):
        raise Conflict(_("The project has a claim not yet verified: finish it before opening the next."))
    taken = {c.period_start for c in existing}
    periods = [p for p in periods_of(project) if p[0] not in taken]
    if not periods:
        raise Conflict(_("Every claim period of the project has a claim."))
    start, end = periods[0]
    if start > today:
        raise Conflict(
            _("The next claim period begins on %(day)s.", day=format_day(start)),
        )
    sequence = len(existing) + 1
    claim = Claim(
        project_id=project.id,
        organisation_id=project.organisation_id,
        sequence=sequence,
        reference=f"{project.reference}-C{sequence}",
        period_start=start,
        period_end=end,
        final=end == project.project_end,
        status="draft",
        currency=financing.currency,
        eligible_cost=financing.eligible_cost.amount,
        cofinanced_cost=financing.cofinanced_cost.amount,
        eu_amount=financing.eu_amount.amount,
        indirect_rate=Decimal(_plan(project)["applied_budget"].get("indirect_rate") or "0"),
        created_by=user.id,
        created_at=utcnow(),
        lines=[],
    )
    db.session.add(claim)
    db.session.flush()
    _carry_parked_lines(project, claim, user=user)
    return claim


def _carry_parked_lines(project: Project, claim: Claim, *, user) -> None:
    carried = set(
        db.session.scalars(
            select(ClaimLine.carried_from_id)
            .join(Claim, Claim.id == ClaimLine.claim_id)
            .where(Claim.project_id == project.id, ClaimLine.carried_from_id.is_not(None))
        )
    )
    parked = db.session.scalars(
        select(LedgerEntry).where(
            LedgerEntry.project_id == project.id, LedgerEntry.kind == "parked", LedgerEntry.line_id.is_not(None)
        )
    )
    for entry in parked:
        if entry.line_id in carried:
            continue
        original = db.session.get(ClaimLine, entry.line_id)
        copy = ClaimLine(
            claim_id=claim.id,
            **{
                column: getattr(original, column)
                for column in (
                    "category",
                    "description",
                    "supplier",
                    "document_number",
                    "expense_date",
                    "staff_method",
                    "monthly_gross",
                    "percentage",
                    "months",
                    "annual_gross",
                    "basis_hours",
                    "hours",
                    "option",
                    "units",
                    "unit_amount",
                    "amount",
                )
            },
            carried_from_id=original.id,
            rate_claim_id=original.rate_claim_id or original.claim_id,
            created_by=user.id,
            created_at=utcnow(),
        )
        copy.evidence = [
            ClaimEvidence(
                kind=e.kind,
                filename=e.filename,
                content_type=e.content_type,
                size=e.size,
                sha256=e.sha256,
                uploaded_by=e.uploaded_by,
                uploaded_at=e.uploaded_at,
            )
            for e in original.evidence
        ]
        claim.lines.append(copy)
    db.session.flush()


# -- Lines --------------------------------------------------------------------------------------------------


def ensure_editable(claim: Claim) -> None:
    if not claim.editable:
        raise Conflict(_("The claim has been submitted and cannot be changed."))


def _project(claim: Claim) -> Project:
    return db.session.get(Project, claim.project_id)


def line_amount(data: dict) -> Decimal:
    """A line's amount: staff costs computed from their basis, a unit cost or lump sum from its option (filled in
    by service.claims.simplified.resolve), anything else as typed."""
    if data["category"] == "staff" and data.get("staff_method") == "percentage":
        return rules.staff_by_percentage(data["monthly_gross"], data["percentage"], data["months"])
    if data["category"] == "staff" and data.get("staff_method") == "hourly":
        return rules.staff_by_hours(data["annual_gross"], data["basis_hours"], data["hours"])
    return data["amount"]


def _check_line(claim: Claim, data: dict, line: ClaimLine | None = None) -> None:
    project = _project(claim)
    errors: dict[str, list[str]] = {}
    budget, _years = budget_of(project)
    if data["category"] not in budget:
        errors["category"] = [_("The approved budget has no costs of this category.")]
    if not (project.project_start <= data["expense_date"] <= project.project_end):
        errors["expense_date"] = [
            _(
                "The date must be inside the project period, %(start)s – %(end)s.",
                start=format_day(project.project_start),
                end=format_day(project.project_end),
            )
        ]
    if data["expense_date"] > ledger.today():
        errors.setdefault("expense_date", []).append(_("A cost can only be claimed once it has been paid."))
    if data["category"] == "staff":
        needed = {
            "percentage": ("monthly_gross", "percentage", "months"),
            "hourly": ("annual_gross", "basis_hours", "hours"),
        }.get(data.get("staff_method"))
        if needed is None:
            errors["staff_method"] = [_("Choose how the staff cost is calculated.")]
        else:
            for key in needed:
                if data.get(key) is None:
                    errors[key] = [_("Required for this way of calculating staff costs.")]
        if data.get("staff_method") == "hourly" and not errors:
            if data["hours"] > data["basis_hours"]:
                errors["hours"] = [
                    _(
                        "At most %(hours)s hours: never more hours than the hourly rate was computed on.",
                        hours=data["basis_hours"],
                    )
                ]
    elif data["category"] in SIMPLIFIED:
        errors.update(simplified.resolve(_plan(project), data))
        option = simplified.options_of(_plan(project)).get(data.get("option") or "")
        if not errors and option.category == "lump_sums" and simplified.lump_sum_taken(claim, option, line=line):
            errors["option"] = [_("This lump sum is already claimed: a lump sum is paid once, in full.")]
    elif data.get("amount") is None:
        errors["amount"] = [_("Give the amount paid.")]
    if errors:
        raise ValidationError(errors)
    if line_amount(data) <= 0:
        raise ValidationError({"amount": [_("The amount must be more than zero.")]})


STAFF_FIELDS = ("staff_method", "monthly_gross", "percentage", "months", "annual_gross", "basis_hours", "hours")


def save_line(claim: Claim, data: dict, *, user, line: ClaimLine | None = None) -> ClaimLine:
    """Add a line, or change one of a claim still being written (a carried line only by the MA's rules: its
    amount and date stay as parked)."""
    ensure_editable(claim)
    if line is not None and line.carried_from_id is not None:
        raise Conflict(_("A line carried from an earlier claim cannot be changed."))
    if line is None and len(claim.lines) >= MAX_LINES:
        raise ValidationError({"lines": [_("At most %(count)s lines per claim.", count=MAX_LINES)]})
    _check_line(claim, data, line)
    if line is None:
        line = ClaimLine(claim_id=claim.id, created_by=user.id, created_at=utcnow())
        claim.lines.append(line)
    line.category = data["category"]
    line.description = data["description"]
    line.supplier = data.get("supplier") or ""
    line.document_number = data.get("document_number") or ""
    line.expense_date = data["expense_date"]
    staff = data["category"] == "staff"
    for key in STAFF_FIELDS:
        setattr(line, key, data.get(key) if staff else None)
    scheme = data["category"] in SIMPLIFIED
    for key in ("option", "units", "unit_amount"):
        setattr(line, key, data.get(key) if scheme else None)
    line.amount = line_amount(data)
    claim.updated_at = utcnow()
    db.session.flush()
    return line


def delete_line(claim: Claim, line: ClaimLine) -> None:
    ensure_editable(claim)
    if line.carried_from_id is not None:
        raise Conflict(_("A line carried from an earlier claim cannot be removed."))
    posted = db.session.scalar(select(func.count(LedgerEntry.id)).where(LedgerEntry.line_id == line.id))
    if posted:
        raise Conflict(_("A line that was part of a submitted claim cannot be removed; set it to what you claim."))
    claim.lines.remove(line)
    claim.updated_at = utcnow()
    db.session.flush()


EVIDENCE_KINDS = ("invoice", "payslip", "timesheet", "assignment", "payment", "contract", "output", "other")


def add_evidence(claim: Claim, line: ClaimLine, *, kind: str, filename: str, data: bytes, user) -> ClaimEvidence:
    ensure_editable(claim)
    if kind not in EVIDENCE_KINDS:
        raise ValidationError({"kind": [_("Choose what the document is.")]})
    if len(line.evidence) >= MAX_EVIDENCE:
        raise ValidationError({"file": [_("At most %(count)s documents per line.", count=MAX_EVIDENCE)]})
    name, content_type, digest = store_upload(filename, data)
    evidence = ClaimEvidence(
        line_id=line.id,
        kind=kind,
        filename=name,
        content_type=content_type,
        size=len(data),
        sha256=digest,
        uploaded_by=user.id,
        uploaded_at=utcnow(),
    )
    line.evidence.append(evidence)
    claim.updated_at = utcnow()
    db.session.flush()
    return evidence


# -- Limits and submission ----------------------------------------------------------------------------------


def limits_of(claim: Claim, *, lines: list[ClaimLine] | None = None) -> rules.Limits:
    """The claim against the approved budget (each category with the tenant's tolerance) and the grant."""
    project = _project(claim)
    budget, by_year = budget_of(project)
    this: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for line in claim.lines if lines is None else lines:
        this[line.category] += line.amount
    before = standing_by_category(project.id, exclude_claim=claim.id)
    indirect_before = before.pop(INDIRECT, ZERO)
    return rules.limits(
        budget=budget,
        tolerance_percent=claim_settings().category_tolerance_percent,
        before=before,
        this=dict(this),
        indirect_rate=claim.indirect_rate,
        indirect_before=indirect_before,
        grant=claim.eligible_cost,
        by_year=by_year,
    )


def problems_of(claim: Claim) -> dict[str, list[str]]:
    """What stops the claim from being submitted, by field."""
    problems: dict[str, list[str]] = defaultdict(list)
    if not claim.lines:
        problems["lines"].append(_("Add at least one cost."))
    for number, line in enumerate(claim.lines, start=1):
        if not line.evidence:
            problems["lines"].append(_("Line %(number)s has no evidence attached.", number=number))
    limits = limits_of(claim)
    for limit in limits.over:
        problems["lines"].append(
            _(
                "The costs of %(category)s come to %(total)s, above the %(allowed)s the budget allows.",
                category=category_label(limit.category),
                total=format_amount(limit.total),
                allowed=format_amount(limit.allowed),
            )
        )
    if limits.over_grant:
        problems["lines"].append(
            _(
                "The claims come to %(total)s, above the eligible cost granted, %(grant)s.",
                total=format_amount(limits.total),
                grant=format_amount(limits.grant),
            )
        )
    for (person, year), hours in _hours_above_basis(claim).items():
        problems["lines"].append(
            _(
                "%(person)s: %(hours)s hours in %(year)s, more than the hours the hourly rate was computed on.",
                person=person,
                hours=format_amount(hours),
                year=year,
            )
        )
    for person, shares in _varying_shares(claim).items():
        problems["lines"].append(
            _(
                "%(person)s: a fixed share of working time must be the same every month, not %(shares)s.",
                person=person,
                shares=", ".join(f"{format_amount(share)} %" for share in shares),
            )
        )
    return dict(problems)


def _varying_shares(claim: Claim) -> dict[str, list[Decimal]]:
    """Persons paid by a fixed percentage whose percentage differs between lines of the project: seed 004,
    "Procentandelen är fast och får inte variera mellan månaderna"."""
    rows = db.session.execute(
        select(ClaimLine.supplier, ClaimLine.description, ClaimLine.percentage)
        .join(Claim, Claim.id == ClaimLine.claim_id)
        .where(Claim.project_id == claim.project_id, ClaimLine.staff_method == "percentage")
    )
    shares: dict[str, set[Decimal]] = defaultdict(set)
    for supplier, description, percentage in rows:
        shares[supplier or description].add(percentage)
    return {person: sorted(values) for person, values in shares.items() if len(values) > 1}


def _hours_above_basis(claim: Claim) -> dict[tuple[str, int], Decimal]:
    """Hours per person (the line's "supplier": the employee) and year, over every claim of the project."""
    lines = list(
        db.session.scalars(
            select(ClaimLine)
            .join(Claim, Claim.id == ClaimLine.claim_id)
            .where(
                Claim.project_id == claim.project_id,
                ClaimLine.staff_method == "hourly",
                ClaimLine.carried_from_id.is_(None),
            )
        )
    )
    hours: dict[tuple[str, int], Decimal] = defaultdict(lambda: ZERO)
    basis: dict[tuple[str, int], int] = {}
    for line in lines:
        key = (line.supplier or line.description, line.year)
        hours[key] += line.hours
        basis[key] = min(basis.get(key, line.basis_hours), line.basis_hours)
    return rules.hours_above_basis(dict(hours), basis)


def category_label(category: str) -> str:
    return str(CATEGORY_LABELS.get(category, category))


def _content(claim: Claim) -> dict:
    limits = limits_of(claim)
    return {
        "reference": claim.reference,
        "project_id": claim.project_id,
        "period": {"start": claim.period_start.isoformat(), "end": claim.period_end.isoformat()},
        "currency": claim.currency,
        "lines": [
            {
                "id": line.id,
                "category": line.category,
                "description": line.description,
                "supplier": line.supplier,
                "document_number": line.document_number,
                "expense_date": line.expense_date.isoformat(),
                **{key: wire(getattr(line, key)) for key in ("monthly_gross", "percentage", "annual_gross", "hours")},
                "staff_method": line.staff_method,
                "months": line.months,
                "basis_hours": line.basis_hours,
                "option": line.option,
                "units": wire(line.units),
                "unit_amount": wire(line.unit_amount),
                "amount": wire(line.amount),
                "carried_from_id": line.carried_from_id,
                "evidence": [{"kind": e.kind, "filename": e.filename, "sha256": e.sha256} for e in line.evidence],
            }
            for line in claim.lines
        ],
        "direct_costs": wire(limits.this - limits.indirect_this),
        "indirect_rate": wire(claim.indirect_rate),
        "indirect_costs": wire(limits.indirect_this),
        "total": wire(limits.this),
    }


def lock(claim: Claim) -> None:
    """Read the claim again under a row lock (PostgreSQL): two submits of one claim run one after the other, and
    the second finds it submitted. SQLite has no row locks: the version column refuses the loser there."""
    db.session.flush()
    db.session.refresh(claim, with_for_update=True)


def submit(claim: Claim, *, user, read_version: int | None = None) -> ClaimSubmission:
    lock(claim)
    if claim.status == "submitted" or claim.status == "verified":
        latest = claim.submissions[-1]
        raise Conflict(
            _("This claim has already been submitted (receipt %(receipt)s).", receipt=latest.receipt),
            details={"receipt": latest.receipt},
        )
    if read_version is not None and read_version != claim.version:
        raise Conflict(_("The claim changed since you read it. Check it again before submitting."))
    if claim.status == "returned" and claim.supplement_deadline and ledger.today() > claim.supplement_deadline:
        raise Conflict(_("The deadline for the supplement has passed. Contact the managing authority."))
    project = _project(claim)
    if project.status != "active":
        raise Conflict(_("The project is not active: no claim can be made on it."))
    problems = problems_of(claim)
    if problems:
        raise ValidationError(problems)
    content = _content(claim)
    sequence = len(claim.submissions) + 1
    digest = content_sha256(content)
    submission = ClaimSubmission(
        claim_id=claim.id,
        sequence=sequence,
        receipt=f"{claim.reference}-{sequence}-{digest[:8].upper()}",
        submitted_by=user.id,
        submitted_at=utcnow(),
        content=content,
        content_sha256=digest,
    )
    db.session.add(submission)
    claim.submissions.append(submission)
    _post_claimed(claim, Decimal(content["indirect_costs"]), user=user)
    claim.status = "submitted"
    claim.supplement_deadline = None
    claim.updated_at = utcnow()
    db.session.flush()
    notifications.notify_claim_submitted(claim)
    return submission


def _post_claimed(claim: Claim, indirect: Decimal, *, user) -> None:
    """Post what each line (and the indirect costs) changed since the claim's last submission."""
    posted: dict[int | None, Decimal] = defaultdict(lambda: ZERO)
    for line_id, amount in db.session.execute(
        select(LedgerEntry.line_id, func.sum(LedgerEntry.amount))
        .where(LedgerEntry.claim_id == claim.id, LedgerEntry.kind == "claimed")
        .group_by(LedgerEntry.line_id)
    ):
        posted[line_id] += Decimal(amount)
    common = {"project_id": claim.project_id, "claim_id": claim.id, "currency": claim.currency, "user": user}
    entries = [
        ledger.post(
            "claimed",
            line_id=line.id,
            category=line.category,
            amount=line.amount - posted[line.id],
            convert_now=False,
            **common,
        )
        for line in claim.lines
    ]
    entries.append(
        ledger.post("claimed", category=INDIRECT, amount=indirect - posted[None], convert_now=False, **common)
    )
    ledger.convert([entry for entry in entries if entry is not None])


# -- Return for supplements ---------------------------------------------------------------------------------


def return_for_supplements(claim: Claim, *, message: str, deadline: date | None, user) -> Claim:
    """The MA asks for more: the claim opens again for the beneficiary until the deadline (default: the tenant's
    working days from today)."""
    if claim.status != "submitted":
        raise Conflict(_("Only a submitted claim not yet verified can be returned."))
    if not (message or "").strip():
        raise ValidationError({"message": [_("Say what the beneficiary should supplement.")]})
    today = ledger.today()
    if deadline is None:
        deadline = add_working_days(today, claim_settings().supplement_days, current_tenant().country)
    if deadline <= today:
        raise ValidationError({"deadline": [_("The deadline must be after today.")]})
    claim.status = "returned"
    claim.supplement_message = message.strip()
    claim.supplement_deadline = deadline
    claim.returned_by = user.id
    claim.updated_at = utcnow()
    db.session.flush()
    notifications.notify_claim_returned(claim)
    return claim


def payment_due(claim: Claim):
    """The day by which the MA pays: the tenant's days (80, CPR Art. 74(1)(b)) from the latest submission, the
    clock restarting when a claim returned for supplements comes back; none once the claim is paid."""
    if not claim.submissions or claim.status not in ("submitted", "verified"):
        return None
    paid = db.session.scalar(select(Payment.id).where(Payment.claim_id == claim.id, Payment.status == "paid"))
    if paid is not None:
        return None
    submitted = claim.submissions[-1].submitted_at.astimezone(current_tenant().zone).date()
    return submitted + timedelta(days=claim_settings().payment_days)


def latest_checks(claim: Claim) -> dict[int, LineCheck]:
    """Each line's outcome for the claim's current submission (the latest check of the line counts)."""
    current = len(claim.submissions)
    checks = db.session.scalars(
        select(LineCheck).where(LineCheck.claim_id == claim.id, LineCheck.submission == current).order_by(LineCheck.id)
    )
    return {check.line_id: check for check in checks}
