"""Claim pages, under each tenant: a project's claims and its finance, one claim (the beneficiary writes and
submits it), the MA's verification and the payments. Who may see what is util's decision: else 404."""

from flask import Blueprint

from service.accounts.auth import signed_in
from service.calls.display import helpers as call_helpers
from service.claims.controllers import claim as c
from service.claims.controllers import payments as p
from service.claims.controllers import verification as v
from service.claims.labels import helpers as claim_helpers
from service.claims.util import READERS, STAFF
from service.tenancy.requests import bind_tenant_urls

blueprint = Blueprint("claims", __name__, url_prefix="/<tenant>", template_folder="templates")
bind_tenant_urls(blueprint)
blueprint.context_processor(call_helpers)
blueprint.context_processor(claim_helpers)
everyone = signed_in("applicant", *READERS)
beneficiary = signed_in("applicant")
readers = signed_in(*READERS)
staff = signed_in(*STAFF)
PROJECT = "/projects/<int:project_id>"
CLAIM = "/claims/<int:claim_id>"
LINE = f"{CLAIM}/lines/<int:line_id>"
PAYMENT = "/payments/<int:payment_id>"
POST = {"methods": ["POST"]}

blueprint.add_url_rule("/claims", "list", everyone(c.all_claims))
blueprint.add_url_rule(f"{PROJECT}/claims", "project_claims", everyone(c.project_claims))
blueprint.add_url_rule(f"{PROJECT}/claims", "open_claim", beneficiary(c.open_claim), **POST)
blueprint.add_url_rule(CLAIM, "claim", everyone(c.claim_page))
blueprint.add_url_rule(f"{CLAIM}/lines", "add_line", beneficiary(c.add_line), **POST)
blueprint.add_url_rule(f"{LINE}/delete", "delete_line", beneficiary(c.delete_line), **POST)
blueprint.add_url_rule(f"{LINE}/evidence", "add_evidence", beneficiary(c.add_evidence), **POST)
blueprint.add_url_rule(f"{CLAIM}/evidence/<int:evidence_id>", "evidence", everyone(c.download_evidence))
blueprint.add_url_rule(f"{CLAIM}/submit", "submit", beneficiary(c.submit), **POST)
blueprint.add_url_rule(f"{CLAIM}/limits", "limits", beneficiary(c.limits_preview), **POST)

blueprint.add_url_rule(f"{CLAIM}/verification", "verification", readers(v.verification_page))
blueprint.add_url_rule(f"{LINE}/check", "check_line", staff(v.check_line), **POST)
blueprint.add_url_rule(f"{CLAIM}/sample", "draw_sample", staff(v.draw_sample), **POST)
blueprint.add_url_rule(f"{CLAIM}/checklist", "checklist", staff(v.answer_checklist), **POST)
blueprint.add_url_rule(f"{CLAIM}/visits", "visit", staff(v.record_visit), **POST)
blueprint.add_url_rule(f"{CLAIM}/complete", "complete", staff(v.complete), **POST)
blueprint.add_url_rule(f"{CLAIM}/return", "return_claim", staff(v.return_claim), **POST)

blueprint.add_url_rule(f"{PROJECT}/finance", "finance", everyone(p.finance_page))
blueprint.add_url_rule(f"{CLAIM}/payments", "prepare_payment", staff(p.prepare_payment), **POST)
blueprint.add_url_rule(f"{PROJECT}/advances", "advance", staff(p.prepare_advance), **POST)
blueprint.add_url_rule(f"{PROJECT}/recoveries", "recovery", staff(p.record_recovery), **POST)
blueprint.add_url_rule(f"{PROJECT}/repayments", "repayment", staff(p.record_repayment), **POST)
blueprint.add_url_rule(f"{PAYMENT}/approve", "approve_payment", staff(p.approve), **POST)
blueprint.add_url_rule(f"{PAYMENT}/return", "return_payment", staff(p.return_payment), **POST)
blueprint.add_url_rule(f"{PAYMENT}/confirm", "confirm_payment", staff(p.confirm), **POST)
