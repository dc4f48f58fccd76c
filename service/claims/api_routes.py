"""The claims' and payments' API routes, under each tenant."""

from service.api.auth import api_auth
from service.claims import api as claims
from service.claims import payments_api as money
from service.claims.util import READERS, STAFF

PROJECT = "/projects/<int:project_id>"
CLAIM = "/claims/<int:claim_id>"
LINE = f"{CLAIM}/lines/<int:line_id>"
PAYMENT = "/payments/<int:payment_id>"


def add_routes(api) -> None:
    tenant = api.tenant
    readers = api_auth("applicant", *READERS)
    beneficiary = api_auth("applicant")
    staff = api_auth(*STAFF)
    routes = [
        (f"{PROJECT}/claims", "list_claims", readers, claims.list_claims, "GET"),
        (f"{PROJECT}/claims", "open_claim", beneficiary, claims.open_claim, "POST"),
        (CLAIM, "get_claim", readers, claims.get_claim, "GET"),
        (f"{CLAIM}/lines", "add_claim_line", beneficiary, claims.add_line, "POST"),
        (LINE, "change_claim_line", beneficiary, claims.change_line, "PUT"),
        (LINE, "delete_claim_line", beneficiary, claims.delete_line, "DELETE"),
        (f"{LINE}/evidence", "add_claim_evidence", beneficiary, claims.add_evidence, "POST"),
        (f"{CLAIM}/evidence/<int:evidence_id>", "download_claim_evidence", readers, claims.download_evidence, "GET"),
        (f"{CLAIM}/submit", "submit_claim", beneficiary, claims.submit_claim, "POST"),
        (f"{CLAIM}/return", "return_claim", staff, claims.return_claim, "POST"),
        (f"{LINE}/checks", "check_claim_line", staff, claims.check_line, "POST"),
        (f"{CLAIM}/sample", "draw_claim_sample", staff, claims.draw_sample, "POST"),
        (f"{CLAIM}/checklist", "answer_claim_checklist", staff, claims.answer_checklist, "POST"),
        (f"{CLAIM}/visits", "record_claim_visit", staff, claims.record_visit, "POST"),
        (f"{CLAIM}/verify", "complete_claim_verification", staff, claims.complete_verification, "POST"),
        (f"{CLAIM}/report", "claim_verification_report", readers, claims.verification_report, "GET"),
        (f"{CLAIM}/payments", "prepare_claim_payment", staff, money.prepare_payment, "POST"),
        (f"{PROJECT}/finance", "project_finance", readers, money.project_finance, "GET"),
        (f"{PROJECT}/advances", "prepare_advance", staff, money.prepare_advance, "POST"),
        (f"{PROJECT}/recoveries", "record_recovery", staff, money.record_recovery, "POST"),
        (f"{PROJECT}/repayments", "record_repayment", staff, money.record_repayment, "POST"),
        (f"{PAYMENT}/approve", "approve_payment", staff, money.approve_payment, "POST"),
        (f"{PAYMENT}/return", "return_payment", staff, money.return_payment, "POST"),
        (f"{PAYMENT}/confirm", "confirm_payment", staff, money.confirm_payment, "POST"),
    ]
    for rule, name, who, view, method in routes:
        tenant.add_url_rule(rule, name, who(view), methods=[method])
