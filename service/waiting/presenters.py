"""The queue as the reader reads it: each thing named ("Application AMIF-SE-2024-12"), why it waits for them,
since when (the tenant's time zone, the reader's format) and the page where it is done; and as JSON."""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for

from service.claims.labels import PAYMENT_KIND_LABELS
from service.i18n import format_instant
from service.money.display import format_money
from service.waiting.labels import CORRECTION, KIND_LABELS, OBJECT_LABELS, REASONS
from service.waiting.util import Waiting


@dataclass(frozen=True)
class Row:
    item: Waiting
    label: str
    reason: str
    since: str
    url: str


def url_of(item: Waiting) -> str:
    """The page where the thing is done."""
    if item.kind == "assessment":
        return url_for("assessment.assignment", assignment_id=item.object_id)
    if item.kind == "decision":
        return url_for("decisions.page", application_id=item.object_id)
    if item.kind == "payment":
        return url_for("claims.finance", project_id=item.details["project_id"], _anchor=f"payment-{item.object_id}")
    if item.kind == "claim":
        return url_for("claims.verification", claim_id=item.object_id)
    if item.kind == "report":
        return url_for("reports.report", report_id=item.object_id)
    return url_for("assessment.application", application_id=item.object_id)  # a supplement: the formal check


def reason_of(item: Waiting) -> str:
    d = item.details
    params: dict[str, str] = {}
    if item.reason in ("approve_grant", "approve_rejection", "approve_payment"):
        params["preparer"] = d["preparer"]
    if item.reason in ("approve_grant", "approve_payment"):
        params["amount"] = format_money(d["amount"], d["currency"])
    if item.reason == "approve_payment":
        params["kind"] = str(PAYMENT_KIND_LABELS.get(d["payment_kind"], d["payment_kind"]))
        params["project"] = d["project"]
    if item.reason == "supplement_overdue":
        params["deadline"] = format_instant(d["deadline"])
    text = str(REASONS[item.reason]) % params if params else str(REASONS[item.reason])
    if item.kind == "decision" and d.get("corrects"):
        text = f"{text} {str(CORRECTION) % {'reference': d['corrects']}}"
    return text


def rows_of(items: list[Waiting]) -> list[Row]:
    return [
        Row(
            item,
            f"{OBJECT_LABELS[item.kind]} {item.reference}",
            reason_of(item),
            format_instant(item.since),
            url_of(item),
        )
        for item in items
    ]


def kind_label(kind: str) -> str:
    return str(KIND_LABELS[kind])


def queue_json(items: list[Waiting], counts: dict[str, int]) -> dict:
    """The queue as service.waiting.schemas.WaitingForMeSchema dumps it."""
    return {
        "total": len(items),
        "counts": counts,
        "items": [
            {
                "kind": row.item.kind,
                "reason": row.item.reason,
                "reason_text": row.reason,
                "object_id": row.item.object_id,
                "reference": row.item.reference,
                "label": row.label,
                "since": row.item.since,
                "since_text": row.since,
                "url": row.url,
            }
            for row in rows_of(items)
        ],
    }
