"""The work queues' pages, under each tenant: the applications' list is ``applications.list``, the projects'
``projects.list`` and the claims' ``claims.list`` (their domains' URLs, served for MA staff through
service.applications.staff_list); here the progress reports' list and every list's download."""

from flask import Blueprint

from service.accounts.auth import signed_in
from service.tenancy.requests import bind_tenant_urls
from service.work_queue import controllers as c

blueprint = Blueprint("work_queue", __name__, url_prefix="/<tenant>", template_folder="templates")
bind_tenant_urls(blueprint)
staff = signed_in("ma_admin", "case_officer", "auditor")  # read-only lists: the auditor reads them too

blueprint.add_url_rule("/applications/export", "export", staff(c.download))
blueprint.add_url_rule("/reports", "reports", staff(c.reports_page))
blueprint.add_url_rule("/projects/export", "export_projects", staff(c.download_projects))
blueprint.add_url_rule("/claims/export", "export_claims", staff(c.download_claims))
blueprint.add_url_rule("/reports/export", "export_reports", staff(c.download_reports))
