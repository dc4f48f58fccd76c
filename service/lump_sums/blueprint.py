"""SO4 lump-sum pages, under each tenant: MA staff record and correct; the monitoring committee and auditors
read. Anyone else: 403."""

from flask import Blueprint

from service.accounts.auth import signed_in
from service.lump_sums import controllers as c
from service.lump_sums.labels import helpers
from service.lump_sums.util import READERS
from service.tenancy.requests import bind_tenant_urls

blueprint = Blueprint("lump_sums", __name__, url_prefix="/<tenant>/lump-sums", template_folder="templates")
bind_tenant_urls(blueprint)
blueprint.context_processor(helpers)
readers = signed_in(*READERS)

blueprint.add_url_rule("", "list", readers(c.list_page))
blueprint.add_url_rule("", "record", readers(c.record), methods=["POST"])
blueprint.add_url_rule("/<int:record_id>", "record_page", readers(c.record_page))
blueprint.add_url_rule("/<int:record_id>/corrections", "correct", readers(c.correct), methods=["POST"])
blueprint.add_url_rule("/<int:record_id>/evidence/<int:evidence_id>", "evidence", readers(c.evidence))
