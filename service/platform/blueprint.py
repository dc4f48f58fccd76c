"""Platform URLs: the landing page and the health probes."""

from flask import Blueprint

from service.platform import controllers

blueprint = Blueprint("platform", __name__, template_folder="templates")
blueprint.add_url_rule("/", "landing", controllers.landing)
blueprint.add_url_rule("/healthz", "healthz", controllers.healthz)
blueprint.add_url_rule("/readyz", "readyz", controllers.readyz)
blueprint.add_url_rule("/language", "choose_language", controllers.choose_language, methods=["POST"])
