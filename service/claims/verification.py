"""The MA's management verification of a submitted claim (CPR Art. 74(1)(a)): an outcome for every line, an
in-depth check of the lines drawn on risk, the checklist, any on-the-spot check, then the verification is
completed and posted to the ledger: verified = claimed − deducted, per line; parked lines wait for a later claim.
"""

from __future__ import annotations

import hashlib
import random
import secrets
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import select

from service.applications.budget import SIMPLIFIED
from service.claims import ledger, notifications, rules
from service.claims.models import ChecklistAnswer, Claim, ClaimLine, LineCheck, OnTheSpotCheck, Sample
from service.claims.models.ledger import INDIRECT
from service.claims.models.verification import ANSWERS, OUTCOMES
from service.claims.operations import latest_checks
from service.claims.settings import claim_settings
from service.errors import Conflict
from service.extensions import db
from service.money import ZERO
from service.tenancy.model_base import utcnow

# Risk (CPR Art. 74(2): verifications proportionate to the risks): what makes a line worth checking in depth.
HIGH_RISK_CATEGORIES = ("external_services", "equipment")
SHARE_OF_CLAIM = Decimal("0.10")  # a line worth a tenth of the claim or more is always drawn
RANDOM_LINES = 2  # and this many of the rest at random, so that every line may be drawn


def ensure_verifiable(claim: Claim) -> None:
    if claim.status != "submitted":
        raise Conflict(_("Only a submitted claim can be verified."))


# -- Lines --------------------------------------------------------------------------------------------------


def check_line(
    claim: Claim,
    line: ClaimLine,
    *,
    outcome: str,
    user,
    verified: Decimal | None = None,
    error_type: str | None = None,
    comment: str = "",
    in_depth: bool = False,
) -> LineCheck:
    """Record a line's outcome. A reduction or refusal names its error from the tenant's typology; a reduced line
    keeps less than was claimed; a parked line is deferred to a later claim."""
    ensure_verifiable(claim)
    if line.claim_id != claim.id:
        raise ValidationError({"line_id": [_("Not a line of this claim.")]})
    errors: dict[str, list[str]] = {}
    if outcome not in OUTCOMES:
        errors["outcome"] = [_("Choose accepted, reduced, refused or parked.")]
    elif outcome in ("reduced", "refused"):
        if error_type not in claim_settings().keys("error_types"):
            errors["error_type"] = [_("Choose the type of error from the list.")]
        if not (comment or "").strip():
            errors["comment"] = [_("Explain the deduction.")]
    if outcome == "reduced" and line.category == "lump_sums":
        # CPR Art. 53(1)(c): a lump sum is paid when what it pays for is delivered, in full, or not at all.
        errors["outcome"] = [_("A lump sum is paid in full or not at all: accept it or refuse it.")]
    elif outcome == "reduced" and (verified is None or not (ZERO <= verified < line.amount)):
        errors["verified"] = [_("A reduced line keeps less than was claimed, and not less than zero.")]
    if outcome == "parked" and not (comment or "").strip():
        errors["comment"] = [_("Explain why the line waits for a later claim.")]
    if errors:
        raise ValidationError(errors)
    result = rules.line_outcome(line.amount, outcome, verified)
    check = LineCheck(
        claim_id=claim.id,
        line_id=line.id,
        submission=len(claim.submissions),
        outcome=outcome,
        verified=result.verified,
        error_type=error_type if outcome in ("reduced", "refused") else None,
        comment=(comment or "").strip(),
        in_depth=bool(in_depth),
        checked_by=user.id,
        checked_at=utcnow(),
    )
    db.session.add(check)
    db.session.flush()
    return check


# -- Risk sample --------------------------------------------------------------------------------------------


def risks_of(claim: Claim) -> dict[int, list[str]]:
    """Why each line is a risk: its share of the claim, a category prone to errors, staff paid by the hour, a
    line carried from an earlier claim."""
    total = sum((line.amount for line in claim.lines), ZERO)
    risks: dict[int, list[str]] = {}
    for line in claim.lines:
        reasons = []
        if total and line.amount >= total * SHARE_OF_CLAIM:
            reasons.append("large")
        if line.category in HIGH_RISK_CATEGORIES:
            reasons.append("category")
        if line.staff_method == "hourly":
            reasons.append("hourly")
        if line.carried_from_id is not None:
            reasons.append("carried")
        risks[line.id] = reasons
    return risks


def sample_of(claim: Claim) -> Sample | None:
    return db.session.scalars(
        select(Sample).where(Sample.claim_id == claim.id, Sample.submission == len(claim.submissions))
    ).first()


def draw_sample(claim: Claim, *, user) -> Sample:
    """Draw the lines to check in depth: every large line, every line of a risky category, and a few others at
    random (seeded, the seed kept, so the draw can be shown to be what it was). Once drawn it is locked."""
    ensure_verifiable(claim)
    if sample_of(claim) is not None:
        raise Conflict(_("The sample of this claim has been drawn and is locked."))
    risks = risks_of(claim)
    drawn = [line_id for line_id, reasons in risks.items() if {"large", "category"} & set(reasons)]
    rest = sorted(line_id for line_id in risks if line_id not in drawn)
    seed = secrets.token_hex(16)
    generator = random.Random(int(hashlib.sha256(seed.encode()).hexdigest(), 16))  # noqa: S311 - a sample, not a secret
    drawn += generator.sample(rest, min(RANDOM_LINES, len(rest)))
    sample = Sample(
        claim_id=claim.id,
        submission=len(claim.submissions),
        line_ids=sorted(drawn),
        risks={str(k): v for k, v in risks.items()},
        seed=seed,
        drawn_by=user.id,
        drawn_at=utcnow(),
    )
    db.session.add(sample)
    db.session.flush()
    return sample


# -- Checklist and on-the-spot checks -----------------------------------------------------------------------


def answer_checklist(claim: Claim, answers: dict[str, dict], *, user) -> list[ChecklistAnswer]:
    """Answers to the tenant's checklist: yes, no or not applicable; a "no" is explained."""
    ensure_verifiable(claim)
    items = claim_settings().keys("checklist")
    errors: dict[str, list[str]] = {}
    for item, answer in answers.items():
        if item not in items:
            errors[item] = [_("Not an item of the checklist.")]
        elif answer.get("answer") not in ANSWERS:
            errors[item] = [_("Answer yes, no or not applicable.")]
        elif answer["answer"] == "no" and not (answer.get("comment") or "").strip():
            errors[item] = [_("Explain the answer no.")]
    if errors:
        raise ValidationError({"checklist": errors})
    rows = [
        ChecklistAnswer(
            claim_id=claim.id,
            item=item,
            answer=answer["answer"],
            comment=(answer.get("comment") or "").strip(),
            answered_by=user.id,
            answered_at=utcnow(),
        )
        for item, answer in answers.items()
    ]
    db.session.add_all(rows)
    db.session.flush()
    return rows


def checklist_of(claim: Claim) -> dict[str, ChecklistAnswer]:
    rows = db.session.scalars(select(ChecklistAnswer).where(ChecklistAnswer.claim_id == claim.id).order_by("id"))
    return {row.item: row for row in rows}


def record_visit(claim: Claim, *, visited_on: date, place: str, findings: str, satisfactory: bool, user):
    if claim.status not in ("submitted", "verified"):
        raise Conflict(_("Only a submitted claim can be checked on the spot."))
    errors = {}
    if visited_on > ledger.today():
        errors["visited_on"] = [_("The visit cannot be in the future.")]
    if not (place or "").strip():
        errors["place"] = [_("Give the place visited.")]
    if not (findings or "").strip():
        errors["findings"] = [_("Write what the visit found.")]
    if errors:
        raise ValidationError(errors)
    visit = OnTheSpotCheck(
        claim_id=claim.id,
        visited_on=visited_on,
        place=place.strip(),
        findings=findings.strip(),
        satisfactory=satisfactory,
        recorded_by=user.id,
        recorded_at=utcnow(),
    )
    db.session.add(visit)
    db.session.flush()
    return visit


def visits_of(claim: Claim) -> list[OnTheSpotCheck]:
    return list(db.session.scalars(select(OnTheSpotCheck).where(OnTheSpotCheck.claim_id == claim.id).order_by("id")))


# -- Completion ---------------------------------------------------------------------------------------------


def missing_for_completion(claim: Claim) -> list[str]:
    checks = latest_checks(claim)
    missing = []
    unchecked = [number for number, line in enumerate(claim.lines, start=1) if line.id not in checks]
    if unchecked:
        missing.append(_("Lines without an outcome: %(lines)s.", lines=", ".join(map(str, unchecked))))
    sample = sample_of(claim)
    if sample is None:
        missing.append(_("Draw the sample of lines to check in depth."))
    else:
        shallow = [
            number
            for number, line in enumerate(claim.lines, start=1)
            if line.id in sample.line_ids and not (line.id in checks and checks[line.id].in_depth)
        ]
        if shallow:
            missing.append(_("Sampled lines not checked in depth: %(lines)s.", lines=", ".join(map(str, shallow))))
    answered = checklist_of(claim)
    open_items = [item for item in claim_settings().keys("checklist") if item not in answered]
    if open_items:
        missing.append(_("Checklist items not answered: %(count)s.", count=len(open_items)))
    return missing


def complete(claim: Claim, *, user) -> Claim:
    """The verification is done: each line's deduction or parking and the indirect costs' share of them are
    posted to the ledger; nothing of the claim itself changes."""
    ensure_verifiable(claim)
    missing = missing_for_completion(claim)
    if missing:
        raise ValidationError({"verification": missing})
    checks = latest_checks(claim)
    common = {
        "project_id": claim.project_id,
        "claim_id": claim.id,
        "currency": claim.currency,
        "user": user,
        "convert_now": False,  # converted together below
    }
    entries = []
    base_claimed = base_standing = ZERO  # the flat rate's base: actual direct costs, not simplified ones
    for line in claim.lines:
        check = checks[line.id]
        result = rules.line_outcome(line.amount, check.outcome, check.verified)
        entries.append(
            ledger.post(
                "deducted",
                line_id=line.id,
                category=line.category,
                amount=-result.deducted,
                error_type=check.error_type,
                **common,
            )
        )
        entries.append(ledger.post("parked", line_id=line.id, category=line.category, amount=-result.parked, **common))
        if line.category not in SIMPLIFIED:
            base_claimed += line.amount
            base_standing += result.verified
    # The flat rate follows the direct costs: verified indirect = rate × verified direct; the rest is deducted
    # (and the parked lines' share comes back with them in the later claim).
    indirect_claimed = rules.indirect_costs(base_claimed, claim.indirect_rate)
    indirect_verified = rules.indirect_costs(base_standing, claim.indirect_rate)
    entries.append(
        ledger.post(
            "deducted", category=INDIRECT, amount=indirect_verified - indirect_claimed, error_type="flat_rate", **common
        )
    )
    ledger.convert([entry for entry in entries if entry is not None])
    claim.status = "verified"
    claim.verified_by = user.id
    claim.verified_at = utcnow()
    db.session.flush()
    notifications.notify_claim_verified(claim)
    return claim


# -- The report ---------------------------------------------------------------------------------------------


@dataclass
class VerificationReport:
    claimed: Decimal = ZERO
    verified: Decimal = ZERO
    deducted: Decimal = ZERO
    parked: Decimal = ZERO
    indirect_claimed: Decimal = ZERO
    indirect_verified: Decimal = ZERO
    by_error: dict[str, Decimal] = field(default_factory=lambda: defaultdict(lambda: ZERO))
    by_category: dict[str, dict[str, Decimal]] = field(default_factory=dict)


def report_of(claim: Claim) -> VerificationReport:
    """The deductions by typology and cost category, and the totals, from the lines' outcomes."""
    checks = latest_checks(claim)
    report = VerificationReport()
    direct_claimed = direct_verified = base_claimed = base_verified = ZERO
    for line in claim.lines:
        simple = line.category in SIMPLIFIED
        check = checks.get(line.id)
        result = rules.line_outcome(line.amount, check.outcome, check.verified) if check else None
        row = report.by_category.setdefault(
            line.category, {"claimed": ZERO, "verified": ZERO, "deducted": ZERO, "parked": ZERO}
        )
        row["claimed"] += line.amount
        direct_claimed += line.amount
        base_claimed += ZERO if simple else line.amount
        if result is None:
            continue
        row["verified"] += result.verified
        row["deducted"] += result.deducted
        row["parked"] += result.parked
        direct_verified += result.verified
        base_verified += ZERO if simple else result.verified
        report.deducted += result.deducted
        report.parked += result.parked
        if result.deducted:
            report.by_error[check.error_type] += result.deducted
    report.indirect_claimed = rules.indirect_costs(base_claimed, claim.indirect_rate)
    report.indirect_verified = rules.indirect_costs(base_verified, claim.indirect_rate)
    report.claimed = direct_claimed + report.indirect_claimed
    report.verified = direct_verified + report.indirect_verified
    return report
