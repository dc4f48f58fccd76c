"""The decisions' API routes, under each tenant."""

from service.api.auth import api_auth
from service.applications.api_routes import APP, READERS
from service.decisions import api as decisions
from service.decisions.util import READERS as DECISION_READERS

DECISION = "/decisions/<int:decision_id>"


def add_routes(api) -> None:
    tenant = api.tenant
    readers, staff = api_auth(*READERS), api_auth("ma_admin", "case_officer")
    tenant.add_url_rule(f"{APP}/decisions", "list_decisions", readers(decisions.list_decisions))
    tenant.add_url_rule(f"{APP}/decisions", "prepare_decision", staff(decisions.prepare_decision), methods=["POST"])
    tenant.add_url_rule(DECISION, "get_decision", readers(decisions.get_decision))
    tenant.add_url_rule(f"{DECISION}/approve", "approve_decision", staff(decisions.approve_decision), methods=["POST"])
    tenant.add_url_rule(f"{DECISION}/return", "return_decision", staff(decisions.return_decision), methods=["POST"])
    tenant.add_url_rule(f"{DECISION}/letter", "download_letter", readers(decisions.download_letter))
    ranking_readers = api_auth(*DECISION_READERS)  # MA staff and auditors
    tenant.add_url_rule("/calls/<int:call_id>/ranking", "call_ranking", ranking_readers(decisions.call_ranking))
    tenant.add_url_rule(
        "/calls/<int:call_id>/ranking/decisions", "decide_ranking", staff(decisions.decide_ranking), methods=["POST"]
    )
