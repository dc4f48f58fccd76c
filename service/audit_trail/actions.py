"""The actions a reader reads and filters by: what the recorder wrote (created, changed, deleted) and, for a
change of status, what happened (submitted, approved, ...), each in the reader's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

ACTIONS = {"create": _l("Created"), "update": _l("Changed"), "delete": _l("Deleted")}
# A change of status is named by what happened: "submitted" reads better than "changed: status".
STATUS_ACTIONS = {
    "submitted": _l("Submitted"),
    "approved": _l("Approved"),
    "granted": _l("Granted"),
    "rejected": _l("Rejected"),
    "returned": _l("Returned"),
    "verified": _l("Verified"),
    "accepted": _l("Accepted"),
    "paid": _l("Paid"),
    "cancelled": _l("Cancelled"),
    "published": _l("Published"),
    "supplement_requested": _l("Supplement requested"),
}
OTHER_ACTION = _l("Other change")


def choices() -> list[tuple[str, str]]:
    """The actions to filter by: the recorded ones, then the changes of status in alphabetical order."""
    statuses = sorted(((key, str(label)) for key, label in STATUS_ACTIONS.items()), key=lambda p: p[1].casefold())
    return [(key, str(label)) for key, label in ACTIONS.items()] + statuses
