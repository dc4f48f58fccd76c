"""The work queue plugs itself in: it serves the MA staff's list of applications (page and API) for the
applications domain, which cannot see the assessment and the decisions, and adds the list's download."""

from service.applications.staff_list import serve_staff_list
from service.domains import Domain
from service.work_queue import api, api_routes, controllers, util
from service.work_queue.blueprint import blueprint


def _setup(app) -> None:
    util.install_search()
    serve_staff_list(app, page=controllers.queue_page, api=api.list_queue)


DOMAIN = Domain(name="work_queue", blueprints=(blueprint,), api=api_routes.add_routes, setup=_setup)
