"""The words of the queue, in the reader's language: each kind's name, what each object is called, and why each
thing waits for the reader."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

KIND_LABELS = {
    "assessment": _l("Assessments assigned to me"),
    "decision": _l("Decisions awaiting my approval"),
    "payment": _l("Payments awaiting my approval"),
    "claim": _l("Payment claims awaiting verification"),
    "report": _l("Progress reports awaiting review"),
    "supplement": _l("Supplements to follow up"),
}
# What the linked object is called ("Application AMIF-SE-2024-12"): an assessment, a decision and a supplement are
# about an application, and are named by its reference.
OBJECT_LABELS = {
    "assessment": _l("Application"),
    "decision": _l("Application"),
    "payment": _l("Payment"),
    "claim": _l("Payment claim"),
    "report": _l("Progress report"),
    "supplement": _l("Application"),
}
REASONS = {
    "declare": _l("Assigned to you: declare whether you have a conflict of interest, then score it."),
    "score": _l("Assigned to you: your scores are not submitted yet."),
    "approve_grant": _l(
        "%(preparer)s prepared a grant of %(amount)s. It awaits the approval of someone who did not prepare it."
    ),
    "approve_rejection": _l(
        "%(preparer)s prepared a rejection. It awaits the approval of someone who did not prepare it."
    ),
    "approve_payment": _l(
        "%(preparer)s prepared a payment of %(amount)s (%(kind)s) to project %(project)s. It awaits the approval "
        "of someone who neither prepared it nor verified its claim."
    ),
    "verify": _l("Submitted by the beneficiary: it awaits verification."),
    "verify_again": _l("Supplemented by the beneficiary: it awaits verification again."),
    "review": _l("Submitted by the beneficiary: it awaits review."),
    "review_again": _l("Corrected by the beneficiary: it awaits review again."),
    "supplement_answered": _l(
        "The applicant has sent the supplement you asked for: record the formal check of the new version."
    ),
    "supplement_overdue": _l("The deadline of the supplement you asked for passed on %(deadline)s without an answer."),
}
CORRECTION = _l("It corrects the decision %(reference)s.")
