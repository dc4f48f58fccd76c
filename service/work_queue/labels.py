"""The names of the states and of the sortable columns, in the reader's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

STATE_LABELS = {
    "draft": _l("Draft"),
    "submitted": _l("Submitted"),
    "supplement_requested": _l("Supplement requested"),
    "ineligible": _l("Ineligible"),
    "under_assessment": _l("Under assessment"),
    "assessed": _l("Assessed"),
    "awaiting_approval": _l("Decision awaiting approval"),
    "granted": _l("Granted"),
    "rejected": _l("Rejected"),
}
COLUMN_LABELS = {
    "reference": _l("Reference"),
    "title": _l("Project"),
    "organisation": _l("Organisation"),
    "state": _l("Status"),
    "submitted": _l("Submitted"),
    "saved": _l("Last saved"),
}


def state_label(code: str) -> str:
    label = STATE_LABELS.get(code)
    return str(label) if label is not None else code
