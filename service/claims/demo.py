"""Demo projects whose period has begun, with claims in every state, an advance, an interim payment and a
recovery, from ``[claims]`` in ``tenants/<code>/demo.toml`` (``amif demo``; never in production).

Everything goes through the operations the pages and the API use, so the demo obeys every rule: the application
is written, submitted, checked, assessed and granted; the beneficiary opens claims, adds lines with evidence and
submits; the case officer verifies (one line reduced, one parked) or returns a claim for supplements; a payment
is prepared by the officer, approved by the approver and confirmed by a third person (segregation of duties);
a recovery withdraws irregular expenditure of a paid claim.

The projects have a past (service.tenancy.clock): each step is played that many days before the demo is loaded,
so the ledger, the decisions and the audit trail tell the days they happened — the applications written and
submitted ``applied_days_ago``, granted ``granted_days_ago``, the advance paid ``advance_days_ago`` (``[claims]``),
each claim opened and taken to its state its own ``days_ago`` (none: today). A tenant whose currency is not the euro has
the demo's illustrative rates for those months (service.exchange.demo, loaded before), so its figures show euro
equivalents. Idempotent: an application is found by its title, and a project that has claims or payments is left
as it is.
"""

from __future__ import annotations

from datetime import date

from flask import current_app
from sqlalchemy import func, select

from service.accounts.operations import find_user_by_email
from service.applications import attachments
from service.applications import operations as applications
from service.applications.models import Application
from service.applications.schemas import BudgetLineWriteSchema
from service.applications.sections import TEXT_SECTIONS
from service.applications.submission import submit as submit_application
from service.assessment import operations as assessment
from service.assessment.rules import ELIGIBILITY_POINTS
from service.calls.models import Call
from service.claims import ledger, payments, simplified, verification
from service.claims import operations as claims
from service.claims.models import Claim, Payment
from service.claims.schemas import ClaimLineWriteSchema, LineCheckSchema, RecoverySchema
from service.claims.settings import claim_settings
from service.classification import operations as classification
from service.decisions import operations as decisions
from service.extensions import db
from service.money import parse_amount
from service.organisations.models import Organisation
from service.organisations.numbers import normalise
from service.projects.models import Project
from service.tenancy.clock import days_ago, played_at

CLAIM_STATES = ("draft", "submitted", "returned", "verified", "paid")
ROLES = ("officer", "approver", "assessor")
# A minimal valid PDF for the attachments and the evidence.
_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def load_demo_claims(tenant, definition: dict, roles: dict) -> list[str]:
    """Create the demo projects and their money that do not exist yet; returns "reference: what" lines."""
    if current_app.config["AMIF_ENV"] == "production":
        raise RuntimeError("demo data is never loaded in production")
    people = {key: find_user_by_email(roles.get(key, "")) for key in ROLES}
    people["confirmer"] = find_user_by_email(definition.get("confirmer", ""))
    if not definition.get("project") or any(person is None for person in people.values()):
        return []
    applied = days_ago(definition.get("applied_days_ago"), tenant.zone)
    granted = days_ago(definition.get("granted_days_ago"), tenant.zone)
    advanced = days_ago(definition.get("advance_days_ago"), tenant.zone)
    lines = []
    for entry in definition["project"]:
        project = _granted_project(tenant, entry, people, applied=applied, granted=granted)
        if _has_money(project):
            continue
        people["beneficiary"] = find_user_by_email(entry["applicant"])
        if entry.get("advance"):
            with played_at(advanced):
                advance = payments.prepare_advance(
                    project, amount=parse_amount(entry["advance"]), user=people["officer"]
                )
                _pay(advance, people)
        for claim_entry in entry.get("claim", []):
            with played_at(days_ago(claim_entry.get("days_ago"), tenant.zone)):
                claim = _claim(project, claim_entry, people)
            lines.append(f"{claim.reference}: {claim_entry['state']}")
        db.session.flush()
    return lines


def _has_money(project: Project) -> bool:
    return bool(
        db.session.scalar(select(func.count(Claim.id)).where(Claim.project_id == project.id))
        or db.session.scalar(select(func.count(Payment.id)).where(Payment.project_id == project.id))
    )


# -- The project ----------------------------------------------------------------------------------------------


def _granted_project(tenant, entry: dict, people: dict, *, applied, granted) -> Project:
    application = db.session.scalar(select(Application).where(Application.title == entry["title"]))
    if application is None:
        with played_at(applied):
            application = _apply(tenant, entry)
        with played_at(granted):
            _grant(application, entry, people)
    return db.session.scalar(select(Project).where(Project.application_id == application.id))


def _apply(tenant, entry: dict) -> Application:
    """The applicant writes and submits the application, its budget in staff, travel, equipment and, for some,
    unit costs and lump sums."""
    call = db.session.scalar(select(Call).where(Call.reference == entry["call"]))
    organisation = db.session.scalar(
        select(Organisation).where(Organisation.number == normalise(tenant.country, entry["organisation"]))
    )
    applicant = find_user_by_email(entry["applicant"])
    application = applications.start_application(
        call, organisation, language=entry["language"], user=applicant, title=entry["title"]
    )
    proposal = entry["classification"]
    applications.save_fields(
        application,
        {
            **{field: entry.get("text", entry["title"]) for field in TEXT_SECTIONS},
            "project_start": date.fromisoformat(entry["project_start"]),
            "project_end": date.fromisoformat(entry["project_end"]),
            "proposed_objective": proposal["objective"],
            "proposed_intervention": proposal["intervention"],
        },
        read_version=application.version,
        user=applicant,
    )
    for line in entry["budget"]:
        applications.add_budget_line(application, BudgetLineWriteSchema().load(line))
    applications.add_indicator(application, {"indicator_code": entry["indicator"], "planned_value": entry["planned"]})
    for required in call.required_attachments:
        attachments.add(application, kind=required["key"], filename=f"{required['key']}.pdf", data=_PDF, user=applicant)
    submit_application(application, user=applicant)
    return application


def _grant(application: Application, entry: dict, people: dict) -> None:
    """Checked, classified, assessed and granted: prepared by the officer, approved by another person."""
    officer = people["officer"]
    proposal = entry["classification"]
    classification.confirm(
        application,
        {"specific_objective": proposal["objective"], "intervention_field": proposal["intervention"], "reason": ""},
        user=officer,
    )
    all_met = {point: {"met": True, "reason": ""} for point in ELIGIBILITY_POINTS}
    assessment.record_eligibility(application, all_met, "eligible", user=officer)
    assignment = assessment.assign(application, people["assessor"].id, user=officer)
    assessment.declare(assignment, conflict=False, statement="")
    justification = entry.get("justification", entry["title"])
    scores = [
        {"criterion": key, "points": points, "justification": justification} for key, points in entry["points"].items()
    ]
    assessment.save_scores(assignment, scores, language=entry["language"])
    assessment.submit_scores(assignment)
    assessment.consolidate(application, method="mean", points=None, justification="", user=officer)
    decision = decisions.prepare(
        application, {"kind": "grant", "conditions": entry.get("conditions", "")}, user=officer
    )
    decisions.approve(decision, user=people["approver"])


# -- Claims and money -----------------------------------------------------------------------------------------


def _claim(project: Project, entry: dict, people: dict) -> Claim:
    """A claim taken as far as its ``state``: draft, submitted, returned (for supplements), verified or paid;
    a ``recovery`` is recorded on it once it is paid."""
    state = entry["state"]
    if state not in CLAIM_STATES:
        raise ValueError(f"unknown demo claim state {state}")
    beneficiary, officer = people["beneficiary"], people["officer"]
    claim = claims.open_claim(project, user=beneficiary)
    checks = {}
    for number, item in enumerate(entry.get("line", []), start=1):
        body = {key: value for key, value in item.items() if key not in ("check", "evidence", "unit")}
        if item.get("unit"):  # a unit cost or lump sum of the budget, named by its description
            options = simplified.project_options(project).values()
            body["option"] = next(o.key for o in options if o.description == item["unit"])
        line = claims.save_line(claim, ClaimLineWriteSchema().load(body), user=beneficiary)
        kind = item.get("evidence", "invoice")
        claims.add_evidence(claim, line, kind=kind, filename=f"{kind}-{number}.pdf", data=_PDF, user=beneficiary)
        checks[line.id] = LineCheckSchema().load(item.get("check", {"outcome": "accepted"}))
    if state == "draft":
        return claim
    claims.submit(claim, user=beneficiary)
    if state == "returned":
        claims.return_for_supplements(claim, message=entry["message"], deadline=None, user=officer)
    elif state in ("verified", "paid"):
        _verify(claim, checks, officer)
    if state == "paid":
        _pay(payments.prepare_claim_payment(claim, user=officer), people)
        if entry.get("recovery"):
            recovery = RecoverySchema().load(entry["recovery"])
            recovery.pop("claim_id")
            payments.record_recovery(project, claim=claim, user=officer, **recovery)
    return claim


def _verify(claim: Claim, checks: dict, officer) -> None:
    """Every line checked in depth (lines carried from an earlier claim accepted), the checklist answered yes."""
    verification.draw_sample(claim, user=officer)
    for line in claim.lines:
        check = checks.get(line.id) or {"outcome": "accepted"}
        verification.check_line(claim, line, user=officer, **{**check, "in_depth": True})
    answers = {item: {"answer": "yes"} for item in claim_settings().keys("checklist")}
    verification.answer_checklist(claim, answers, user=officer)
    verification.complete(claim, user=officer)


def _pay(payment: Payment, people: dict) -> None:
    """Approved by the approver and confirmed, paid the day it is played, by a third person."""
    payments.approve(payment, user=people["approver"])
    payments.confirm_paid(payment, paid_on=ledger.today(), user=people["confirmer"])
