"""What a run's status is called, in the reader's language."""

from flask_babel import lazy_gettext as _l

STATUS = {
    "queued": _l("Waiting to be built"),
    "building": _l("Being built"),
    "ready": _l("Ready"),
    "failed": _l("Failed"),
}


def status_text(status: str) -> str:
    return str(STATUS.get(status, status))
