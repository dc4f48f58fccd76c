"""The progress reports' labels, translated when shown."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

STATUS_LABELS = {
    "draft": _l("Being written"),
    "submitted": _l("Submitted, awaiting review"),
    "returned": _l("Returned for changes"),
    "accepted": _l("Accepted"),
}
NARRATIVE_LABELS = {
    "activities": _l("Activities carried out"),
    "progress": _l("Progress toward the objectives"),
    "horizontal_principles": _l(
        "Horizontal principles: gender equality, non-discrimination, the best interests of the child"
    ),
    "problems": _l("Problems and planned changes"),
}
SEX_LABELS = {"woman": _l("Women"), "man": _l("Men"), "non_binary": _l("Non-binary")}
AGE_LABELS = {"under_18": _l("Under 18"), "18_60": _l("18–60"), "over_60": _l("Over 60")}
OUTCOME_LABELS = {"accepted": _l("Accepted"), "returned": _l("Returned for changes")}


def helpers() -> dict:
    return {
        "report_status_label": lambda status: str(STATUS_LABELS.get(status, status)),
        "report_outcome_label": lambda outcome: str(OUTCOME_LABELS.get(outcome, outcome)),
        "narrative_labels": NARRATIVE_LABELS,
        "sex_labels": SEX_LABELS,
        "age_labels": AGE_LABELS,
    }
