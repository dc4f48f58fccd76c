"""The kinds of object the audit trail names: what an auditor calls each table's rows, which column is the
object's reference, where its page is and who may open it (the domains' own rules), and the labels of its
fields (the domains' own labels where they have them)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from service.accounts.roles import TENANT_ROLES
from service.applications import labels as application_labels
from service.applications import util as application_util
from service.applications.sections import TEXT_SECTIONS
from service.calls import display as call_display
from service.claims import labels as claim_labels
from service.claims import util as claim_util
from service.decisions import labels as decision_labels
from service.decisions import util as decision_util
from service.organisations import labels as organisation_labels
from service.organisations.types import TYPE_LABELS
from service.participants import labels as participant_labels
from service.projects import labels as project_labels
from service.projects import util as project_util
from service.reports import labels as report_labels

# Fields most tables share: one label each, whatever the object.
COMMON_FIELDS = {
    "reference": _l("Reference"),
    "title": _l("Title"),
    "name": _l("Name"),
    "status": _l("Status"),
    "kind": _l("Kind"),
    "currency": _l("Currency"),
    "language": _l("Language"),
    "role": _l("Role"),
    "active": _l("Active"),
    "email": _l("E-mail address"),
    "reason": _l("Reason"),
    "amount": _l("Amount"),
    "eligible_cost": _l("Eligible cost"),
    "total_cost": _l("Total cost"),
    "direct_costs": _l("Direct costs"),
    "indirect_costs": _l("Indirect costs"),
    "eu_amount": _l("EU contribution"),
    "own_contribution": _l("Own contribution"),
    "private_funding": _l("Private funding"),
    "cofinancing_rate": _l("Co-financing rate"),
    "project_start": _l("Project start"),
    "project_end": _l("Project end"),
    "period_start": _l("Period start"),
    "period_end": _l("Period end"),
    "created_at": _l("Created at"),
    "updated_at": _l("Updated at"),
    "submitted_at": _l("Submitted at"),
    "approved_at": _l("Approved at"),
    "created_by": _l("Created by"),
    "approved_by": _l("Approved by"),
    "prepared_by": _l("Prepared by"),
    "prepared_at": _l("Prepared at"),
    "returned_by": _l("Returned by"),
    "returned_at": _l("Returned at"),
    "return_reason": _l("Reason for returning"),
    "verified_by": _l("Verified by"),
    "verified_at": _l("Verified at"),
    "confirmed_by": _l("Confirmed by"),
    "confirmed_at": _l("Confirmed at"),
    "recorded_by": _l("Recorded by"),
    "recorded_at": _l("Recorded at"),
    "updated_by": _l("Updated by"),
    "published_at": _l("Published"),
    "paid_by": _l("Paid by"),
    "paid_on": _l("Paid on"),
    "due_on": _l("Due on"),
    "note": _l("Note"),
    "sequence": _l("Number"),
    "call_id": _l("Call"),
    "organisation_id": _l("Organisation"),
    "organisation_name": _l("Organisation"),
    "application_id": _l("Application"),
    "project_id": _l("Project"),
    "claim_id": _l("Payment claim"),
    "rate_claim_id": _l("Payment claim"),
    "corrects_id": _l("Corrects decision"),
    "cofinanced_cost": _l("Co-financed cost"),
    "conditions": _l("Conditions"),
    "indicator_targets": _l("Indicator targets"),
    "reasons": _l("Reasons"),
    "reduction_reason": _l("Reason for the reduction"),
    "correction_reason": _l("Reason for the correction"),
    "specific_objective": _l("Specific objective"),
    "intervention_field": _l("Type of intervention"),
    "year": _l("Year"),
    "category": _l("Cost category"),
    "description": _l("Description"),
    "supplier": _l("Supplier or employee"),
    "document_number": _l("Document number"),
    "expense_date": _l("Date of the expense"),
    "monthly_gross": _l("Monthly gross salary cost"),
    "annual_gross": _l("Annual gross salary cost"),
    "hours": _l("Hours worked"),
    "basis_hours": _l("Hours the hourly rate is computed on"),
    "units": _l("Number of units"),
    "unit_amount": _l("Amount per unit"),
    "option": _l("Unit cost or lump sum"),
    "irregularity": _l("Irregularity"),
    "suspected_fraud": _l("Suspected fraud"),
    "number": _l("Organisation number"),
    "organisation_type": _l("Type of organisation"),
    "country": _l("Country"),
    "opens_at": _l("Opens"),
    "closes_at": _l("Closes"),
    "budget": _l("Budget"),
    "submitted_by": _l("Submitted by"),
    "reviewed_by": _l("Reviewed by"),
    "checked_by": _l("Checked by"),
    "assigned_by": _l("Assigned by"),
    "requested_by": _l("Requested by"),
    "registered_by": _l("Registered by"),
    "uploaded_by": _l("Uploaded by"),
    "consolidated_by": _l("Consolidated by"),
    "receipt": _l("Receipt"),
    "message": _l("Message"),
    "comment": _l("Comment"),
    "outcome": _l("Outcome"),
    "points": _l("Points"),
    "justification": _l("Justification"),
    "size": _l("Size"),
    "persons": _l("Persons"),
    "month": _l("Month"),
    "sex": _l("Sex"),
    "child": _l("Child"),
    "location": _l("Location"),
    "deadline": _l("Deadline"),
}
# Kept in every entry but telling a reader nothing: the row's own number is the reference's fallback, the
# tenant is the reader's own, and the version is the optimistic lock's counter.
SILENT = frozenset({"id", "tenant_id", "version"})
# Columns of the money type (service.money.columns.MONEY) that hold quantities, not amounts.
QUANTITIES = frozenset({"hours", "units"})
PERCENTAGES = frozenset({"percentage"})


@dataclass(frozen=True)
class ObjectKind:
    """``reference``: the column that names one object to a person; ``link``: the object's page, from its
    id and the row read for its reference (None: no page); ``openers``: the roles that page lets in;
    ``enums``: the labels of the codes a field holds (a status, a kind); ``parts``: the labels of the keys of a
    JSON document a field holds (an application's texts)."""

    label: object
    reference: str | None = None
    fields: dict = field(default_factory=dict)
    enums: dict = field(default_factory=dict)  # field -> {code: label}
    link: Callable | None = None
    openers: tuple = ()
    extra: tuple = ()  # further columns read with the reference (what the link needs, the currency)
    parts: dict = field(default_factory=dict)  # field -> {key of its document: label}


KINDS: dict[str, ObjectKind] = {
    "applications": ObjectKind(
        _l("Application"),
        "reference",
        fields={
            "sections": _l("Texts of the application"),
            "proposed_objective": _l("Proposed specific objective"),
            "proposed_intervention": _l("Proposed type of intervention"),
            "confirmed_objective": _l("Confirmed specific objective"),
            "confirmed_intervention": _l("Confirmed type of intervention"),
            "confirmation_reason": _l("Reason for the classification"),
        },
        enums={"status": application_labels.STATUS_LABELS},
        parts={"sections": TEXT_SECTIONS},
        link=lambda url, row: url("applications.show", application_id=row.id),
        openers=application_util.READERS,
    ),
    "claims": ObjectKind(
        _l("Payment claim"),
        "reference",
        fields={
            "final": _l("Final claim"),
            "indirect_rate": _l("Indirect cost rate"),
            "supplement_message": _l("What the beneficiary should supplement"),
            "supplement_deadline": _l("Supplement deadline"),
        },
        enums={"status": claim_labels.STATUS_LABELS},
        link=lambda url, row: url("claims.claim", claim_id=row.id),
        openers=claim_util.READERS,
        extra=("currency",),
    ),
    "decisions": ObjectKind(
        _l("Decision"),
        "reference",
        enums={"status": decision_labels.STATUSES, "kind": decision_labels.KINDS},
        link=lambda url, row: url("decisions.page", application_id=row.application_id),
        openers=decision_util.READERS,
        extra=("currency", "application_id"),
    ),
    "projects": ObjectKind(
        _l("Project"),
        "reference",
        enums={"status": project_labels.STATUSES},
        link=lambda url, row: url("projects.project", project_id=row.id),
        openers=project_util.READERS,
    ),
    "payments": ObjectKind(
        _l("Payment"),
        "reference",
        enums={"status": claim_labels.PAYMENT_STATUS_LABELS, "kind": claim_labels.PAYMENT_KIND_LABELS},
    ),
    "recoveries": ObjectKind(_l("Recovery"), "reference"),
    "progress_reports": ObjectKind(
        _l("Progress report"),
        "reference",
        fields={**report_labels.NARRATIVE_LABELS, "final": _l("Final report")},
        enums={"status": report_labels.STATUS_LABELS},
    ),
    "calls": ObjectKind(_l("Call"), "reference", enums={"status": call_display.STATUS_LABELS}),
    "users": ObjectKind(
        _l("User account"),
        "email",
        fields={
            "email_verified_at": _l("E-mail address verified at"),
            "totp_enabled_at": _l("Two-factor sign-in turned on at"),
        },
        enums={"role": TENANT_ROLES},
    ),
    "organisations": ObjectKind(_l("Organisation"), "name", enums={"organisation_type": TYPE_LABELS}),
    "organisation_members": ObjectKind(
        _l("Organisation member"), enums={"role": organisation_labels.MEMBER_ROLE_LABELS}
    ),
    "participants": ObjectKind(
        _l("Participant"),
        fields={"age_band": _l("Age band")},
        enums={"sex": participant_labels.SEX_LABELS, "age_band": participant_labels.AGE_LABELS},
    ),
    "application_submissions": ObjectKind(_l("Submission")),
    "claim_submissions": ObjectKind(_l("Submission")),
    "progress_report_submissions": ObjectKind(_l("Submission")),
    "progress_report_reviews": ObjectKind(_l("Review of a progress report")),
    "supplement_requests": ObjectKind(_l("Supplement request")),
    "attachments": ObjectKind(_l("Attachment")),
    "eligibility_checks": ObjectKind(_l("Formal check")),
    "assessor_assignments": ObjectKind(_l("Assessor assignment")),
    "assessment_scores": ObjectKind(_l("Score")),
    "assessment_consolidations": ObjectKind(_l("Assessment")),
    "project_versions": ObjectKind(_l("Project version")),
    "notifications": ObjectKind(_l("Notification")),
    "api_tokens": ObjectKind(_l("API token")),
    "budget_lines": ObjectKind(
        _l("Budget line"),
        enums={"category": application_labels.CATEGORY_LABELS, "staff_method": application_labels.STAFF_METHOD_LABELS},
    ),
    "claim_lines": ObjectKind(
        _l("Claim line"),
        enums={"category": claim_labels.CATEGORY_LABELS, "staff_method": claim_labels.STAFF_METHOD_LABELS},
    ),
}
OTHER = ObjectKind(_l("Other record"))
# Fields that hold another object's id, and that object's table: shown by the object's reference.
REFERS = {
    "application_id": "applications",
    "call_id": "calls",
    "project_id": "projects",
    "claim_id": "claims",
    "rate_claim_id": "claims",
    "organisation_id": "organisations",
    "corrects_id": "decisions",
}


def kind_of(entity: str) -> ObjectKind:
    return KINDS.get(entity, OTHER)


def type_choices() -> list[tuple[str, str]]:
    """The object types a reader may filter by, in the reader's language and alphabetical order."""
    return sorted(((key, str(kind.label)) for key, kind in KINDS.items()), key=lambda pair: pair[1].casefold())
