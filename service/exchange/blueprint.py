"""The platform administrator's pages of the exchange rates."""

from flask import Blueprint

from service.accounts.platform_access import platform_signed_in
from service.exchange import controllers as c

blueprint = Blueprint("exchange", __name__, url_prefix="/platform/exchange-rates", template_folder="templates")
admin = platform_signed_in("platform_admin")

blueprint.add_url_rule("", "rates", admin(c.rates))
blueprint.add_url_rule("", "upload", admin(c.upload), methods=["POST"])
