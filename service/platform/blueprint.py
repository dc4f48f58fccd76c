"""Platform URLs: the landing page, the health probes and the platform administrator's sign-in."""

from flask import Blueprint

from service.accounts.blueprint import limited_attempts
from service.platform import controllers

blueprint = Blueprint("platform", __name__, template_folder="templates")
blueprint.add_url_rule("/", "landing", controllers.landing)
blueprint.add_url_rule("/healthz", "healthz", controllers.healthz)
blueprint.add_url_rule("/readyz", "readyz", controllers.readyz)
blueprint.add_url_rule("/language", "choose_language", controllers.choose_language, methods=["POST"])
blueprint.add_url_rule("/platform/sign-in", "sign_in", limited_attempts(controllers.sign_in), methods=["GET", "POST"])
blueprint.add_url_rule("/platform/sign-out", "sign_out", controllers.sign_out, methods=["POST"])
