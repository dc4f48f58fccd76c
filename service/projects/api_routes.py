"""The projects' API routes, under each tenant."""

from service.api.auth import api_auth
from service.projects import api as projects
from service.projects.util import READERS

PROJECT = "/projects/<int:project_id>"


def add_routes(api) -> None:
    tenant = api.tenant
    readers = api_auth("applicant", *READERS)
    tenant.add_url_rule("/projects", "list_projects", readers(projects.list_projects))
    tenant.add_url_rule(PROJECT, "get_project", readers(projects.get_project))
    tenant.add_url_rule(
        f"{PROJECT}/amendments",
        "amend_project",
        api_auth("ma_admin", "case_officer")(projects.amend_project),
        methods=["POST"],
    )
