"""The participant register's API routes, under each tenant."""

from service.api.auth import api_auth
from service.participants import api as participants
from service.participants.util import COUNT_READERS

PROJECT = "/projects/<int:project_id>"
PARTICIPANT = f"{PROJECT}/participants/<int:participant_id>"
IMPORT = f"{PROJECT}/participant-imports/<int:import_id>"


def add_routes(api) -> None:
    tenant = api.tenant
    anyone = api_auth("applicant", *COUNT_READERS)  # util narrows it to the project's readers
    beneficiary = api_auth("applicant")
    routes = [
        (f"{PROJECT}/participants", "list_participants", anyone, participants.list_participants, "GET"),
        (f"{PROJECT}/participants", "register_participant", beneficiary, participants.register_participant, "POST"),
        (f"{PROJECT}/participants/counts", "participant_counts", anyone, participants.participant_counts, "GET"),
        (f"{PROJECT}/participants/export", "export_participants", anyone, participants.export_participants, "GET"),
        (PARTICIPANT, "get_participant", anyone, participants.get_participant, "GET"),
        (f"{PROJECT}/participant-imports", "import_participants", beneficiary, participants.start_import, "POST"),
        (IMPORT, "get_participant_import", anyone, participants.get_import, "GET"),
    ]
    for rule, name, who, view, method in routes:
        tenant.add_url_rule(rule, name, who(view), methods=[method])
