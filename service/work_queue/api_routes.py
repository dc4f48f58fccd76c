"""The work queue's API route, under each tenant: the download (the list is the applications' own route)."""

from service.api.auth import api_auth
from service.work_queue import api


def add_routes(api_blueprints) -> None:
    staff = api_auth("ma_admin", "case_officer")
    api_blueprints.tenant.add_url_rule("/applications/export", "export_applications", staff(api.export_applications))
