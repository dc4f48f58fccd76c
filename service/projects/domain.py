"""Projects plug themselves in: their pages and API, and the project on its application's page."""

from service.applications.pages import add_to_overview
from service.domains import Domain
from service.projects import api_routes, models
from service.projects.blueprint import blueprint
from service.projects.operations import project_of


def _project(application) -> dict:
    return {"project": project_of(application)}


def _setup(app) -> None:
    add_to_overview(app, _project)


DOMAIN = Domain(name="projects", models=(models,), blueprints=(blueprint,), api=api_routes.add_routes, setup=_setup)
