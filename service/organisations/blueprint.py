"""Organisation pages, under each tenant: mine, register one, members and invitations, accept one."""

from flask import Blueprint

from service.accounts.auth import signed_in
from service.accounts.blueprint import limited_attempts
from service.organisations import controllers as c
from service.tenancy.requests import bind_tenant_urls

blueprint = Blueprint("organisations", __name__, url_prefix="/<tenant>", template_folder="templates")
bind_tenant_urls(blueprint)

blueprint.add_url_rule("/organisations", "mine", signed_in()(c.mine))
blueprint.add_url_rule("/organisations", "create", signed_in("applicant")(c.create), methods=["POST"])
blueprint.add_url_rule("/organisations/<int:organisation_id>", "show", signed_in()(c.show))
blueprint.add_url_rule(
    "/organisations/<int:organisation_id>/invitations", "invite", signed_in()(c.invite), methods=["POST"]
)
blueprint.add_url_rule("/invitations/<token>", "invitation", limited_attempts(c.invitation), methods=["GET", "POST"])
