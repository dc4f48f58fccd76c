"""The participant register plugs itself in: its models, pages and API, the import job, the daily erasure at the
end of retention (CPR Art. 82), and the link from a project's page to its register."""

from service.domains import Domain, Periodic
from service.participants import api_routes, models, tasks
from service.participants.blueprint import blueprint
from service.participants.presenters import project_links


def _setup(app) -> None:
    # The project page (a lower domain) shows these links when the global is there: it never imports this one.
    app.jinja_env.globals["project_register_links"] = project_links


DOMAIN = Domain(
    name="participants",
    models=(models,),
    blueprints=(blueprint,),
    api=api_routes.add_routes,
    jobs=(tasks.import_participants, tasks.erase_after_retention),
    periodic=(Periodic(tasks.RETENTION_JOB, every=tasks.RETENTION_EVERY, per_tenant=True),),
    setup=_setup,
)
