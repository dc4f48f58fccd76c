"""The SO4 lump sums' API routes, under each tenant: MA staff record, the committee and auditors read."""

from service.api.auth import api_auth
from service.idempotency.operations import idempotent
from service.lump_sums import api as lump_sums
from service.lump_sums.util import READERS, RECORDERS

RECORD = "/lump-sums/<int:record_id>"


def add_routes(api) -> None:
    tenant = api.tenant
    readers, recorders = api_auth(*READERS), api_auth(*RECORDERS)
    tenant.add_url_rule("/lump-sums", "list_lump_sums", readers(lump_sums.list_records))
    tenant.add_url_rule("/lump-sums/totals", "lump_sum_totals", readers(lump_sums.list_totals))
    tenant.add_url_rule(
        "/lump-sums", "record_lump_sum", recorders(idempotent(lump_sums.create_record)), methods=["POST"]
    )
    tenant.add_url_rule(RECORD, "get_lump_sum", readers(lump_sums.get_record))
    tenant.add_url_rule(
        f"{RECORD}/corrections",
        "correct_lump_sum",
        recorders(idempotent(lump_sums.correct_record)),
        methods=["POST"],
    )
    tenant.add_url_rule(
        f"{RECORD}/evidence", "add_lump_sum_evidence", recorders(lump_sums.add_evidence), methods=["POST"]
    )
    tenant.add_url_rule(
        f"{RECORD}/evidence/<int:evidence_id>", "download_lump_sum_evidence", readers(lump_sums.download_evidence)
    )
