"""The transmission pages, under each tenant: the list (ask for a cut-off's transmission), one transmission (its
progress, content, problems, difference from the version before; freeze it), the downloads of a version, and the
payment applications (make the next one) with their downloads."""

from flask import Blueprint

from service.accounts.auth import signed_in
from service.tenancy.requests import bind_tenant_urls
from service.transmissions import controllers as c
from service.transmissions.labels import helpers
from service.transmissions.util import MAKERS, READERS

blueprint = Blueprint("transmissions", __name__, url_prefix="/<tenant>/transmissions", template_folder="templates")
bind_tenant_urls(blueprint)
blueprint.context_processor(helpers)
readers, makers = signed_in(*READERS), signed_in(*MAKERS)

blueprint.add_url_rule("", "index", readers(c.index))
blueprint.add_url_rule("", "start", makers(c.start), methods=["POST"])
blueprint.add_url_rule("/<int:draft_id>", "draft", readers(c.draft_page))
blueprint.add_url_rule("/<int:draft_id>/freeze", "freeze", makers(c.freeze), methods=["POST"])
blueprint.add_url_rule("/versions/<int:version_id>/download", "download", readers(c.download))
blueprint.add_url_rule("/annual/<year>", "annual", readers(c.annual_page))
blueprint.add_url_rule("/payment-applications", "payment_applications", readers(c.payment_applications_page))
blueprint.add_url_rule(
    "/payment-applications", "make_payment_application", makers(c.make_payment_application), methods=["POST"]
)
blueprint.add_url_rule(
    "/payment-applications/<int:application_id>/download",
    "download_payment_application",
    readers(c.download_payment_application),
)
