"""The organisations' API routes, under each tenant: organisations, their members and invitations."""

from service.accounts.blueprint import limited_attempts
from service.api.auth import api_auth
from service.organisations import api as organisations

ORGANISATION = "/organisations/<int:organisation_id>"


def add_routes(api) -> None:
    tenant = api.tenant
    any_user, applicant = api_auth(), api_auth("applicant")
    tenant.add_url_rule("/organisation-types", "list_organisation_types", organisations.list_types)  # public
    tenant.add_url_rule("/organisations", "list_organisations", any_user(organisations.list_organisations))
    tenant.add_url_rule(
        "/organisations", "create_organisation", applicant(organisations.create_organisation), methods=["POST"]
    )
    tenant.add_url_rule(ORGANISATION, "get_organisation", any_user(organisations.get_organisation))
    tenant.add_url_rule(f"{ORGANISATION}/members", "list_members", any_user(organisations.list_members))
    tenant.add_url_rule(f"{ORGANISATION}/invitations", "list_invitations", any_user(organisations.list_invitations))
    tenant.add_url_rule(
        f"{ORGANISATION}/invitations",
        "create_invitation",
        any_user(organisations.create_invitation),
        methods=["POST"],
    )
    tenant.add_url_rule(
        "/invitations/accept", "accept_invitation", limited_attempts(organisations.accept_invitation), methods=["POST"]
    )
