"""Accounts plug themselves in: sign-in and account pages, the API's people and tokens, account e-mails."""

from service.accounts import api_routes, models, tasks, tokens
from service.accounts.blueprint import blueprint
from service.api.auth import TOKENS
from service.domains import Domain


def _setup(app) -> None:
    app.extensions[TOKENS] = tokens  # the API's bearer tokens are the accounts' (service.api.auth)


DOMAIN = Domain(
    name="accounts",
    models=(models,),
    blueprints=(blueprint,),
    api=api_routes.add_routes,
    jobs=(
        tasks.send_welcome_email,
        tasks.send_verification_email,
        tasks.send_account_exists_email,
        tasks.send_reset_email,
        tasks.send_password_changed_email,
    ),
    setup=_setup,
)
