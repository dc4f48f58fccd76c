"""What people read for the claims domain's keys, in their language."""

from flask_babel import lazy_gettext as _l

CATEGORY_LABELS = {
    "staff": _l("Staff"),
    "travel": _l("Travel"),
    "equipment": _l("Equipment"),
    "external_services": _l("External services"),
    "other": _l("Other costs"),
    "unit_costs": _l("Unit costs"),
    "lump_sums": _l("Lump sums"),
    "indirect": _l("Indirect costs (flat rate)"),
}
STATUS_LABELS = {
    "draft": _l("Draft"),
    "submitted": _l("Submitted"),
    "returned": _l("Returned for supplements"),
    "verified": _l("Verified"),
}
STAFF_METHOD_LABELS = {
    "percentage": _l("Fixed share of monthly gross cost"),
    "hourly": _l("Hours × hourly rate"),
}
OUTCOME_LABELS = {
    "accepted": _l("Accepted"),
    "reduced": _l("Reduced"),
    "refused": _l("Refused"),
    "parked": _l("Parked for a later claim"),
}
EVIDENCE_LABELS = {
    "invoice": _l("Invoice"),
    "payslip": _l("Payslip"),
    "timesheet": _l("Timesheet"),
    "assignment": _l("Assignment decision"),
    "payment": _l("Proof of payment"),
    "contract": _l("Contract"),
    "output": _l("Proof of what was delivered (attendance list, report, product)"),
    "other": _l("Other document"),
}
ANSWER_LABELS = {"yes": _l("Yes"), "no": _l("No"), "not_applicable": _l("Not applicable")}
PAYMENT_KIND_LABELS = {"advance": _l("Advance"), "interim": _l("Interim payment"), "final": _l("Final balance")}
PAYMENT_STATUS_LABELS = {
    "prepared": _l("Awaiting approval"),
    "approved": _l("Approved, awaiting payment"),
    "paid": _l("Paid"),
    "returned": _l("Returned"),
}
RISK_LABELS = {
    "large": _l("A large share of the claim"),
    "category": _l("A cost category prone to errors"),
    "hourly": _l("Staff paid by the hour"),
    "carried": _l("Carried from an earlier claim"),
}
ENTRY_LABELS = {
    "claimed": _l("Claimed"),
    "deducted": _l("Deducted"),
    "parked": _l("Parked"),
    "advanced": _l("Advanced"),
    "paid": _l("Paid"),
    "cleared": _l("Advance cleared"),
    "recovered": _l("Recovered"),
    "repaid": _l("Repaid"),
    "offset": _l("Offset against a payment"),
    "unjustified": _l("Advance not justified, owed back"),
}


def helpers() -> dict:
    return {
        "claim_category_label": lambda key: CATEGORY_LABELS.get(key, key),
        "claim_status_label": lambda key: STATUS_LABELS.get(key, key),
        "staff_method_label": lambda key: STAFF_METHOD_LABELS.get(key, key),
        "outcome_label": lambda key: OUTCOME_LABELS.get(key, key),
        "evidence_label": lambda key: EVIDENCE_LABELS.get(key, key),
        "answer_label": lambda key: ANSWER_LABELS.get(key, key),
        "payment_kind_label": lambda key: PAYMENT_KIND_LABELS.get(key, key),
        "payment_status_label": lambda key: PAYMENT_STATUS_LABELS.get(key, key),
        "risk_label": lambda key: RISK_LABELS.get(key, key),
        "entry_label": lambda key: ENTRY_LABELS.get(key, key),
    }
