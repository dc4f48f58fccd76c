"""Who reads and who makes the Commission's transmissions: the managing authority's staff read them (and the
auditors, read-only); its administrators build and freeze them. Another tenant's transmission or payment
application is 404."""

from __future__ import annotations

from flask import abort

from service.extensions import db
from service.transmissions.models import PaymentApplication, TransmissionDraft, TransmissionVersion

READERS = ("ma_admin", "case_officer", "auditor")
MAKERS = ("ma_admin",)


def draft_or_404(draft_id: int) -> TransmissionDraft:
    draft = db.session.get(TransmissionDraft, draft_id)
    if draft is None:
        abort(404)
    return draft


def version_or_404(version_id: int) -> TransmissionVersion:
    version = db.session.get(TransmissionVersion, version_id)
    if version is None:
        abort(404)
    return version


def application_or_404(application_id: int) -> PaymentApplication:
    application = db.session.get(PaymentApplication, application_id)
    if application is None:
        abort(404)
    return application
