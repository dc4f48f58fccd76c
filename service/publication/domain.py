"""The public list of operations (CPR Art. 49(3)) plugs itself in: its pages and API (with the CSV and XLSX
downloads) and the daily job that publishes an edition when the last one is four months old and removes
natural persons' names after two years."""

from flask import url_for

from service.domains import Domain, Periodic
from service.publication import api_routes, models, tasks
from service.publication.blueprint import blueprint


def _setup(app) -> None:
    # The menu (the foundation's base template) links the public list when this domain is installed.
    app.jinja_env.globals["operations_list_url"] = lambda: url_for("publication.public_list")
    app.jinja_env.globals["operations_manage_url"] = lambda: url_for("publication.manage")


DOMAIN = Domain(
    name="publication",
    models=(models,),
    blueprints=(blueprint,),
    api=api_routes.add_routes,
    jobs=(tasks.schedule,),
    periodic=(Periodic("publication.schedule", every=tasks.EVERY, per_tenant=True),),
    setup=_setup,
)
