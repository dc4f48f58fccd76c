"""Demo applications in every state, from ``[[application]]`` in ``tenants/<code>/demo.toml`` (``amif demo``).

Each one is taken through the same operations as the pages and the API, as far as its ``state``: draft,
submitted, supplement_requested, ineligible, eligible (an assessor assigned), assessed, prepared (a grant
waiting for approval), granted (a project, the letter written by a job) or rejected. Idempotent by title.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from service.accounts.operations import find_user_by_email
from service.applications import attachments, operations
from service.applications.models import Application
from service.applications.sections import TEXT_SECTIONS
from service.applications.submission import submit
from service.assessment import operations as assessment
from service.assessment.rules import ELIGIBILITY_POINTS
from service.calls.models import Call
from service.classification import operations as classification
from service.decisions import operations as decisions
from service.extensions import db
from service.money import parse_amount
from service.organisations.models import Organisation
from service.organisations.numbers import normalise

STATES = (
    "draft",
    "submitted",
    "supplement_requested",
    "ineligible",
    "eligible",
    "assessed",
    "prepared",
    "granted",
    "rejected",
)
# A minimal valid PDF for the attachments a call requires.
_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _people(roles: dict) -> dict:
    return {key: find_user_by_email(email) for key, email in roles.items()}


def _draft(entry: dict, call: Call, organisation: Organisation, applicant) -> Application:
    application = operations.start_application(
        call, organisation, language=entry["language"], user=applicant, title=entry["title"]
    )
    start = call.project_start_earliest or (call.closes_at + timedelta(days=90)).date()
    texts = {field: entry.get("text", entry["title"]) for field in TEXT_SECTIONS}
    proposal = entry.get("classification") or {}
    operations.save_fields(
        application,
        {
            **texts,
            "project_start": start,
            "project_end": start.replace(year=start.year + 2) - timedelta(days=1),
            "proposed_objective": proposal.get("objective"),
            "proposed_intervention": proposal.get("intervention"),
        },
        read_version=application.version,
        user=applicant,
    )
    for year_offset in (0, 1):
        operations.add_budget_line(
            application,
            {
                "year": start.year + year_offset,
                "category": "external_services",
                "description": entry.get("cost", "Kurser / Kurssit"),
                "amount": parse_amount(entry["amount_per_year"]),
            },
        )
    operations.add_indicator(application, {"indicator_code": entry["indicator"], "planned_value": entry["planned"]})
    for required in call.required_attachments:
        attachments.add(application, kind=required["key"], filename=f"{required['key']}.pdf", data=_PDF, user=applicant)
    return application


def _confirm(application: Application, entry: dict, people: dict) -> None:
    """The case officer's confirmation of the classification, or correction with its reason."""
    confirmed = entry.get("confirmed")
    if confirmed:
        data = {
            "specific_objective": confirmed["objective"],
            "intervention_field": confirmed["intervention"],
            "reason": confirmed.get("reason", ""),
        }
        classification.confirm(application, data, user=people["officer"])


def _assess(application: Application, entry: dict, people: dict) -> None:
    assignment = assessment.assign(application, people["assessor"].id, user=people["officer"])
    if entry["state"] == "eligible":
        return
    assessment.declare(assignment, conflict=False, statement="")
    scores = [
        {"criterion": key, "points": points, "justification": entry.get("justification", "Motiverat / Perusteltu.")}
        for key, points in entry["points"].items()
    ]
    assessment.save_scores(assignment, scores, language=entry["language"])
    assessment.submit_scores(assignment)
    assessment.consolidate(application, method="mean", points=None, justification="", user=people["officer"])


def _decide(application: Application, entry: dict, people: dict) -> None:
    if entry["state"] == "rejected":
        data = {
            "kind": "rejection",
            "reasons": entry.get("reasons", ["failed_rules"]),
            "explanation": entry.get("explanation", ""),
        }
    else:
        # A reduced grant gives its EU amount and reason; the rate and the own contribution follow from it.
        data = {"kind": "grant", "conditions": entry.get("conditions", ""), **_reduction(entry.get("grant"))}
    decision = decisions.prepare(application, data, user=people["officer"])
    if entry["state"] != "prepared":
        decisions.approve(decision, user=people["approver"])


def _reduction(grant: dict | None) -> dict:
    if not grant:
        return {}
    return {"eu_amount": parse_amount(grant["eu_amount"]), "reduction_reason": grant["reduction_reason"]}


def load_demo_applications(tenant, entries: list[dict], roles: dict) -> list[str]:
    """Create the demo applications that do not exist yet; returns "reference: state" lines."""
    people = _people(roles)
    if any(person is None for person in people.values()):
        return []
    lines = []
    for entry in entries:
        if entry["state"] not in STATES:
            raise ValueError(f"unknown demo state {entry['state']}")
        if db.session.scalar(select(Application.id).where(Application.title == entry["title"])) is not None:
            continue
        call = db.session.scalar(select(Call).where(Call.reference == entry["call"]))
        organisation = db.session.scalar(
            select(Organisation).where(Organisation.number == normalise(tenant.country, entry["organisation"]))
        )
        applicant = find_user_by_email(entry["applicant"])
        application = _draft(entry, call, organisation, applicant)
        if entry["state"] != "draft":
            submit(application, user=applicant)
            _confirm(application, entry, people)
        state = entry["state"]
        if state in ("supplement_requested", "ineligible"):
            reason = entry.get("reason", "Intyg saknas / Todistus puuttuu.")
            assessment.record_eligibility(
                application,
                {
                    p: {"met": p != "completeness", "reason": reason if p == "completeness" else ""}
                    for p in ELIGIBILITY_POINTS
                },
                state,
                user=people["officer"],
                message=reason if state == "supplement_requested" else "",
            )
        elif state not in ("draft", "submitted"):
            all_met = {p: {"met": True, "reason": ""} for p in ELIGIBILITY_POINTS}
            assessment.record_eligibility(application, all_met, "eligible", user=people["officer"])
            _assess(application, entry, people)
            if state in ("prepared", "granted", "rejected"):
                _decide(application, entry, people)
        db.session.flush()
        lines.append(f"{application.reference or application.title}: {state}")
    return lines
