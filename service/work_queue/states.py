"""Where an application really stands, derived from what the product records: one rule, in SQL.

An application's ``status`` column only says draft, submitted, supplement requested, granted or rejected; the
assessment and the decisions keep the rest in their own records. :func:`state_expression` reads them all in
one CASE over correlated subqueries, so the work queue filters, counts and sorts by state in the database.

The states, each with its condition, **first match wins** (this order is the precedence):

1. ``draft`` — the application was never submitted (``status = 'draft'``).
2. ``supplement_requested`` — the applicant was asked for a supplement and has not answered yet
   (``status = 'supplement_requested'``): the next move is theirs, whatever else is under way.
3. ``awaiting_approval`` — a decision on it is prepared and waits for a second person's approval (a decision
   with ``status = 'prepared'``; also a correction of a decision already in force).
4. ``granted`` — the decision in force grants it (``status = 'granted'``, set on approval).
5. ``rejected`` — the decision in force rejects it (``status = 'rejected'``, set on approval).
6. ``assessed`` — the case officer consolidated the assessors' scores (a consolidation exists).
7. ``ineligible`` — the latest formal check, of the latest submitted version, found it ineligible.
8. ``under_assessment`` — the latest formal check, of the latest submitted version, found it eligible: the
   assessors are assigned or scoring.
9. ``submitted`` — anything else: submitted (or supplemented) and not checked since.

Conditions 6–9 are service.assessment.operations.stage_from's, read in SQL; tests hold the two to the same
answers.
"""

from __future__ import annotations

from sqlalchemy import case, exists, func, literal, select
from sqlalchemy.orm import aliased

from service.applications.models import Application, Submission
from service.assessment.models import Consolidation, EligibilityCheck
from service.decisions.models import Decision

# The lifecycle order: how the states are listed, counted and sorted.
STATES = (
    "draft",
    "submitted",
    "supplement_requested",
    "ineligible",
    "under_assessment",
    "assessed",
    "awaiting_approval",
    "granted",
    "rejected",
)
# What MA staff see: drafts are the applicant's own work (service.applications.util.listed_for).
STAFF_STATES = STATES[1:]


def _latest_check_outcome():
    """The outcome of the latest formal check if it checked the latest submitted version, else NULL."""
    check, earlier = EligibilityCheck, aliased(EligibilityCheck)
    submissions = (
        select(func.count(Submission.id))
        .where(Submission.tenant_id == Application.tenant_id, Submission.application_id == Application.id)
        .correlate(Application)
        .scalar_subquery()
    )
    latest = (
        select(func.max(earlier.id))
        .where(earlier.tenant_id == Application.tenant_id, earlier.application_id == Application.id)
        .correlate(Application)
        .scalar_subquery()
    )
    return (
        select(check.outcome)
        .where(check.tenant_id == Application.tenant_id, check.id == latest, check.submission_sequence >= submissions)
        .correlate(Application)
        .scalar_subquery()
    )


def state_expression():
    """The state of ``Application`` (as a correlated SQL expression): see the module's docstring."""
    prepared = exists().where(
        Decision.tenant_id == Application.tenant_id,
        Decision.application_id == Application.id,
        Decision.status == "prepared",
    )
    consolidated = exists().where(
        Consolidation.tenant_id == Application.tenant_id, Consolidation.application_id == Application.id
    )
    checked = _latest_check_outcome()
    return case(
        (Application.status == "draft", literal("draft")),
        (Application.status == "supplement_requested", literal("supplement_requested")),
        (prepared, literal("awaiting_approval")),
        (Application.status == "granted", literal("granted")),
        (Application.status == "rejected", literal("rejected")),
        (consolidated, literal("assessed")),
        (checked == "ineligible", literal("ineligible")),
        (checked == "eligible", literal("under_assessment")),
        else_=literal("submitted"),
    )
