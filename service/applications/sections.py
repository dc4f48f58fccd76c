"""The parts of an application form, in order, with the names applicants see."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

# Text sections (issue 3 "Drafting"); every one must be filled in before submission.
TEXT_SECTIONS = {
    "summary": _l("Summary"),
    "needs_analysis": _l("Needs analysis"),
    "objectives_and_activities": _l("Objectives and activities"),
    "target_group": _l("Target group"),
    "target_group_verification": _l("How membership of the target group is verified"),
    "gender_equality": _l("Gender equality"),
    "non_discrimination": _l("Non-discrimination"),
    "best_interests_of_the_child": _l("Best interests of the child"),
    "dissemination": _l("Dissemination of results"),
}
MAX_SECTION_LENGTH = 20000
OTHER_FIELDS = {
    "title": _l("Project title"),
    "project_start": _l("Project start"),
    "project_end": _l("Project end"),
}
# The financing plan's one typed amount: saved like the fields above, shown with the budget.
FINANCING_FIELDS = {"private_funding": _l("Private funding")}
# The applicant's proposed classification (service.classification): a specific objective of the call and a type
# of intervention of AMIF Annex VI Table 1 of that objective. Saved like the fields above; the case officer confirms.
CLASSIFICATION_FIELDS = {
    "proposed_objective": _l("Specific objective"),
    "proposed_intervention": _l("Type of intervention"),
}
FIELDS = {**OTHER_FIELDS, **TEXT_SECTIONS, **FINANCING_FIELDS, **CLASSIFICATION_FIELDS}
# The parts of the page a check item links to.
PARTS = {
    "budget": _l("Budget"),
    "partners": _l("Partners"),
    "indicators": _l("Indicators"),
    "attachments": _l("Attachments"),
    "call": _l("Call"),
}
