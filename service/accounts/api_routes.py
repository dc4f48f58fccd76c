"""The accounts' API routes, under each tenant: me, tokens, users, applicants' registrations."""

from service.accounts import api as accounts
from service.accounts import registration_api
from service.accounts.blueprint import limited_attempts
from service.api.auth import api_auth


def add_routes(api) -> None:
    tenant = api.tenant
    admin, any_user = api_auth("ma_admin"), api_auth()
    tenant.add_url_rule("/me", "me", any_user(accounts.me))
    tenant.add_url_rule("/me", "update_me", any_user(accounts.update_me), methods=["PATCH"])
    tenant.add_url_rule(
        "/tokens/current", "revoke_current_token", any_user(accounts.revoke_current_token), methods=["DELETE"]
    )
    tenant.add_url_rule("/users", "list_users", admin(accounts.list_users))
    tenant.add_url_rule("/users", "create_user", admin(accounts.create_user), methods=["POST"])
    tenant.add_url_rule("/users/<int:user_id>", "get_user", admin(accounts.get_user))
    tenant.add_url_rule("/users/<int:user_id>", "update_user", admin(accounts.update_user), methods=["PATCH"])
    tenant.add_url_rule("/users/<int:user_id>", "deactivate_user", admin(accounts.deactivate_user), methods=["DELETE"])
    for path, endpoint, view in (
        ("/registrations", "register_applicant", registration_api.register),
        ("/registrations/verify", "verify_registration", registration_api.verify),
        ("/registrations/resend", "resend_verification", registration_api.resend),
    ):
        tenant.add_url_rule(path, endpoint, limited_attempts(view), methods=["POST"])
