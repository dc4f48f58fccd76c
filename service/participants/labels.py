"""The register's words in the reader's language (lazy: translated when shown)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

SEX_LABELS = {"woman": _l("Woman"), "man": _l("Man"), "non_binary": _l("Non-binary")}
AGE_LABELS = {"under_18": _l("Under 18"), "18_60": _l("18–60"), "over_60": _l("Over 60")}
STATUS_LABELS = {
    "queued": _l("Waiting to start"),
    "validating": _l("Checking the rows"),
    "writing": _l("Registering"),
    "done": _l("Imported"),
    "refused": _l("Refused: nothing was imported"),
    "failed": _l("Interrupted: it will be tried again"),
}


def helpers() -> dict:
    return {"sex_labels": SEX_LABELS, "age_labels": AGE_LABELS, "import_status_labels": STATUS_LABELS}
