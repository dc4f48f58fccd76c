"""The work queue plugs itself in: it serves the MA staff's lists of applications, projects and claims (page
and API) for those domains, which cannot see the assessment, the decisions, the claims' payments and the states
read from them, and adds the progress reports' list and every list's download."""

from service.applications.staff_list import serve_staff_list
from service.domains import Domain
from service.work_queue import api, api_routes, controllers, engine, lists
from service.work_queue.blueprint import blueprint
from service.work_queue.project_list import PROJECTS


def _setup(app) -> None:
    engine.install_search()
    serve_staff_list(app, page=controllers.queue_page, api=api.list_queue)
    serve_staff_list(app, name="projects", page=controllers.projects_page, api=lambda: lists.api_list(PROJECTS))
    serve_staff_list(app, name="claims", page=controllers.claims_page)


DOMAIN = Domain(name="work_queue", blueprints=(blueprint,), api=api_routes.add_routes, setup=_setup)
