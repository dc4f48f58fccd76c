"""The work queue's pages, under each tenant: the list itself is ``applications.list`` (the applications'
URL, served through service.applications.staff_list); here its download."""

from flask import Blueprint

from service.accounts.auth import signed_in
from service.tenancy.requests import bind_tenant_urls
from service.work_queue import controllers as c

blueprint = Blueprint("work_queue", __name__, url_prefix="/<tenant>", template_folder="templates")
bind_tenant_urls(blueprint)
staff = signed_in("ma_admin", "case_officer")

blueprint.add_url_rule("/applications/export", "export", staff(c.download))
