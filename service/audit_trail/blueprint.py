"""The audit trail page and its download, under each tenant."""

from flask import Blueprint

from service.accounts.auth import signed_in
from service.accounts.roles import AUDIT_READERS
from service.audit_trail import controllers as c
from service.tenancy.requests import bind_tenant_urls

blueprint = Blueprint("audit", __name__, url_prefix="/<tenant>", template_folder="templates")
bind_tenant_urls(blueprint)
readers = signed_in(*AUDIT_READERS)
blueprint.add_url_rule("/audit", "trail", readers(c.audit_trail))
blueprint.add_url_rule("/audit/export", "export", readers(c.download))
