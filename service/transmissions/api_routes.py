"""The transmissions' API routes, under each tenant."""

from service.api.auth import api_auth
from service.transmissions import api
from service.transmissions.util import MAKERS, READERS

DRAFT = "/transmissions/<int:draft_id>"


def add_routes(app_api) -> None:
    readers, makers = api_auth(*READERS), api_auth(*MAKERS)
    routes = [
        ("/transmissions", "list_transmissions", readers, api.list_transmissions, "GET"),
        ("/transmissions", "start_transmission", makers, api.start_transmission, "POST"),
        (DRAFT, "get_transmission", readers, api.get_transmission, "GET"),
        (f"{DRAFT}/freeze", "freeze_transmission", makers, api.freeze_transmission, "POST"),
        (f"{api.VERSION}/download", "download_transmission", readers, api.download_version, "GET"),
        ("/annual-performance-reports/<year>", "annual_report", readers, api.annual_report, "GET"),
        ("/payment-applications", "list_payment_applications", readers, api.list_payment_applications, "GET"),
        ("/payment-applications/next", "next_payment_application", readers, api.next_payment_application, "GET"),
        ("/payment-applications", "make_payment_application", makers, api.make_payment_application, "POST"),
        (
            f"{api.APPLICATION}/download",
            "download_payment_application",
            readers,
            api.download_payment_application,
            "GET",
        ),
    ]
    for rule, name, who, view, method in routes:
        app_api.tenant.add_url_rule(rule, name, who(view), methods=[method])
