""" "Waiting for me" plugs itself in: each member of staff's own queue (page and API) and its entry in the menu."""

from flask import url_for

from service.domains import Domain
from service.waiting import api_routes
from service.waiting.blueprint import blueprint
from service.waiting.util import QUEUE_ROLES


def _setup(app) -> None:
    app.jinja_env.globals["waiting_for_me_url"] = lambda: url_for("waiting.mine")
    app.jinja_env.globals["waiting_roles"] = QUEUE_ROLES


DOMAIN = Domain(name="waiting", blueprints=(blueprint,), api=api_routes.add_routes, setup=_setup)
