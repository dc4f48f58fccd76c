"""The Commission's pages of the consolidated export (Commission users and platform administrators)."""

from flask import Blueprint

from service.accounts.platform_access import platform_signed_in
from service.consolidated import controllers as c
from service.consolidated.util import READERS

blueprint = Blueprint(
    "consolidated", __name__, url_prefix="/platform/consolidated-exports", template_folder="templates"
)
readers = platform_signed_in(*READERS)

blueprint.add_url_rule("", "index", readers(c.index))
blueprint.add_url_rule("", "request_export", readers(c.request_export), methods=["POST"])
blueprint.add_url_rule("/<int:export_id>", "show", readers(c.show))
blueprint.add_url_rule("/<int:export_id>/files/<format>", "download", readers(c.download))
