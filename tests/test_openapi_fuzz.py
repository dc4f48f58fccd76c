"""The published OpenAPI document against the API itself (issue 15, "The API as integrators meet it").

Schemathesis reads /api/v1/openapi.json from the app and generates requests for every operation in it, data the
document calls valid and data it calls invalid, and sends them to the app in-process (WSGI) with the tokens of
every tenant role (in Sweden), of both platform roles, and without a token (see _fuzz). No answer may be a server
error, and each answer's status, content type, body and headers must be ones the document states for the
operation. Operations added to the API are fuzzed as soon as they are in the document.

Data the document calls valid must also be accepted (test_data_the_document_calls_valid_is_accepted): no valid
case of any operation is answered 400 or 422, unless the refusal depends on what no OpenAPI 3.0 schema can state,
and the document says in words: the state of the data or today's date (STATE_DEPENDENT, whole operations), the
tenant's own values or another field of the request (STATED_IN_WORDS, single fields), or a NUL in an object's key.

Both tests read one pass over the document (the fixture fuzzed). The module has a database of its own (the demo
loaded), so what the fuzzing creates stays here. Hypothesis is derandomized (the same requests on every run) and
sends few cases per operation: the run stays bounded. The operation that revokes the caller's token goes last, and
the tokens are issued again after it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    positive_data_acceptance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from service.app import create_app
from service.extensions import db
from tests.conftest import RUN, app_config, bearer, fresh_database, prepare

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
TENANT = "se"
TENANT_ROLES = ("ma_admin", "case_officer", "assessor", "committee", "auditor", "applicant")
PLATFORM_ROLES = {"platform_admin": "platform@amif.demo", "commission": "commission@amif.demo"}
POSITIVE = schemathesis.GenerationMode.POSITIVE
EXAMPLES = {POSITIVE: 5, schemathesis.GenerationMode.NEGATIVE: 1}
# Revokes the caller's token: fuzzed after every other operation, and the tokens are issued again after it.
REVOKES_TOKEN = "DELETE /api/v1/{tenant}/tokens/current"

# Operations whose refusal of data the document calls valid depends on the state of the data or on today's date,
# which no schema can state; each operation's description says it in words.
STATE_DEPENDENT = {
    "GET /api/v1/{tenant}/annual-performance-reports/{year}": "The year must have ended (today's date).",
    "POST /api/v1/{tenant}/lump-sums": "The month of arrival must have begun (today's date).",
    "POST /api/v1/{tenant}/payment-applications": "The day must not be in the future nor before the day of the "
    "latest payment application (today's date and the tenant's applications).",
    "GET /api/v1/{tenant}/payment-applications/next": "The day must not be in the future nor before the day of "
    "the latest payment application (today's date and the tenant's applications).",
    "POST /api/v1/{tenant}/transmissions": "The cut-off must have passed (today's date).",
    "POST /api/v1/{tenant}/invitations/accept": "The token is the secret of an invitation e-mail.",
    "POST /api/v1/{tenant}/registrations/verify": "The token is the secret of a verification e-mail.",
    "POST /api/v1/{tenant}/calls": "The texts and labels in the tenant's languages with its default one, the "
    "eligible types the tenant's own, each measure one of the call's objectives: the tenant's settings and the "
    "request's other fields decide.",
}
# Fields whose valid values depend on the tenant or on another field of the request, which the document states in
# the field's description (or the operation's) but no schema can: a 422 naming only such fields is no failure.
STATED_IN_WORDS = {
    "organisation_type": "A code of the tenant's own types of organisation (GET /api/v1/{tenant}/organisation-types).",
    "language": "One of the tenant's languages; the document's enum has the platform's (en, sv, fi).",
    "number": "An organisation number of the tenant's country with its check digit (Luhn in Sweden).",
    "email": "An address already in use in the tenant is refused (POST users): the data decides.",
    "submitted_to": "The last day of a period is not before its first (submitted_from).",
    "start_to": "The last day of a period is not before its first (start_from).",
    "due_to": "The last day of a period is not before its first (due_from).",
    "to": "The last day of a period is not before its first (from).",
    "until": "The last day of a period is not before its first (since).",
}


@pytest.fixture(scope="module")
def app(redis_url, tmp_path_factory):
    with fresh_database(f"amif_test_{RUN}_openapi_fuzz") as urls:
        application = create_app(app_config(urls, redis_url, tmp_path_factory.mktemp("openapi_fuzz")))
        prepare(application, demo=True)
        yield application
        with application.app_context():
            db.engine.dispose()


class Tokens(dict):
    """A token of each role (the tenant's roles in Sweden), and None: no token. ``renew`` issues new tokens to the
    same people (after the operation that revokes the caller's token)."""

    def __init__(self, app):
        super().__init__(anonymous=None)
        self.app = app
        self.renew(create=True)

    def renew(self, *, create: bool = False) -> None:
        from service.accounts.models import PlatformUser, User
        from service.accounts.operations import create_user
        from service.accounts.tokens import create_token
        from service.tenancy.models import Tenant
        from service.tenancy.scope import platform_scope, tenant_scope

        with self.app.app_context():
            tenant = db.session.query(Tenant.id).filter(Tenant.code == TENANT).scalar()
            with tenant_scope(tenant):
                for role in TENANT_ROLES:
                    email = f"fuzz-{role}@{TENANT}.test"
                    if create:
                        user = create_user(email=email, role=role, name=f"Fuzz {role}")
                    else:
                        user = db.session.query(User).filter(User.email == email).one()
                    self[role] = create_token(user)
                db.session.commit()
            with platform_scope():
                for role, email in PLATFORM_ROLES.items():
                    person = db.session.query(PlatformUser).filter(PlatformUser.email == email).one()
                    assert person.role == role
                    self[role] = create_token(person)
                db.session.commit()


@pytest.fixture(scope="module")
def tokens(app) -> Tokens:
    return Tokens(app)


@pytest.fixture(scope="module")
def schema(app):
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


@dataclass
class Fuzzed:
    """What the fuzzing of every operation found (:func:`fuzzed`)."""

    operations: int = 0
    # Label -> one line for each role and kind of failure of the checks (CHECKS).
    unconforming: dict[str, list[str]] = field(default_factory=dict)
    # Label -> one line for each role whose valid case was refused without an excuse (_excuses).
    refusing: dict[str, list[str]] = field(default_factory=dict)
    # The STATE_DEPENDENT labels and STATED_IN_WORDS fields that excused a refusal.
    excused: set[str] = field(default_factory=set)


@pytest.fixture(scope="module")
def fuzzed(schema, tokens) -> Fuzzed:
    """Every operation of the document fuzzed once (an operation schemathesis cannot read fails here), the one that
    revokes the caller's token last; test_api checks that the document has every route of the API."""
    operations = [result.ok() for result in schema.get_all_operations()]
    operations.sort(key=lambda operation: operation.label == REVOKES_TOKEN)
    found = Fuzzed(operations=len(operations))
    for offset, operation in enumerate(operations):
        _fuzz(operation, tokens, offset, found)
        if operation.label == REVOKES_TOKEN:
            tokens.renew()
    return found


def _fuzz(operation, tokens, offset: int, found: Fuzzed) -> None:
    """Fuzz one operation; what fails goes into ``found``.

    The first case the document calls valid goes with every token. Each further case, valid or not, goes with one
    role in turn (from ``offset``, the operation's place in the document) among those the first case let through
    (not 401, 403 or 404), else among all: the cases reach the operation's own checks, and the run stays short.
    Every answer must pass CHECKS; every answer to a valid case also positive_data_acceptance (not 400, 422, ...)
    unless _excuses excuses it."""
    failures: dict[str, str] = {}
    refusals: dict[str, str] = {}
    through: list[str] = []
    fixed = {"tenant": TENANT} if any(p.name == "tenant" for p in operation.path_parameters) else None

    def send(case, role, mode) -> None:
        secret = tokens[role]
        headers = bearer(secret) if secret else {}
        response = case.call(headers=headers)
        if mode is POSITIVE:
            try:
                case.validate_response(response, checks=[positive_data_acceptance], headers=headers)
            except FailureGroup as group:
                excuses = _excuses(operation.label, case, response)
                found.excused |= excuses
                if not excuses:
                    answer = " ".join(response.text.split())[:300]
                    refusals.setdefault(role, f"{role}: {response.status_code} {answer}\n    {_curl(group.message)}")
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except FailureGroup as group:
            for failure in group.exceptions:
                line = " ".join(str(failure.message).split())[:300]
                failures.setdefault(f"{role} {failure.code}", f"[{mode.value}] {role}: {failure.code} {line}")
                failures.setdefault(f"{role} {failure.code} curl", "    " + _curl(group.message))
            return
        if mode is POSITIVE and response.status_code not in (401, 403, 404) and role not in through:
            through.append(role)

    for mode, examples in EXAMPLES.items():
        turns = []

        def take(case, mode=mode, turns=turns):
            turns.append(case)
            if len(turns) == 1 and mode is POSITIVE:
                for role in tokens:
                    send(case, role, mode)
                return
            roles = through or list(tokens)
            send(case, roles[(offset + len(turns)) % len(roles)], mode)

        _generate(operation.as_strategy(generation_mode=mode, path_parameters=fixed), examples, take, mode)
    if failures:
        found.unconforming[operation.label] = list(failures.values())
    if refusals:
        found.refusing[operation.label] = list(refusals.values())


def _excuses(label: str, case, response) -> set[str]:
    """Why the refusal of a valid case is no failure: its STATE_DEPENDENT label, the STATED_IN_WORDS fields its 422
    names (all of them must be there), or "NUL": a NUL in an object's key (the document's description says text
    never holds one, but OpenAPI 3.0 has no schema for keys). Nothing when it is a failure."""
    if label in STATE_DEPENDENT:
        return {label}
    if _nul_in_key(case.body):
        return {"NUL"}
    errors = response.json().get("errors") if response.status_code == 422 else None
    if errors and errors.keys() <= STATED_IN_WORDS.keys():
        return set(errors)
    return set()


def _nul_in_key(value) -> bool:
    if isinstance(value, dict):
        return any("\x00" in str(key) or _nul_in_key(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_nul_in_key(item) for item in value)
    return False


def _generate(strategy, examples: int, take, mode) -> None:
    """Hand ``take`` each of ``examples`` cases drawn from ``strategy``, the same ones on every run."""

    @given(case=strategy)
    @settings(
        max_examples=examples,
        derandomize=True,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        take(case)

    try:
        run()
    except Unsatisfiable:
        # Nothing of the request can be invalid (no body, no parameter but the fixed tenant): no negative case.
        assert mode is schemathesis.GenerationMode.NEGATIVE


def _curl(message: str) -> str:
    return next((line.strip() for line in message.splitlines() if line.strip().startswith("curl ")), "")[:600]


def _report(found: dict[str, list[str]]) -> str:
    return "\n\n".join(f"{label}\n  " + "\n  ".join(lines) for label, lines in found.items())


def test_every_operation_answers_as_the_document_says(fuzzed):
    report = fuzzed.unconforming
    assert not report, f"{len(report)} of {fuzzed.operations} operations:\n\n{_report(report)}"


def test_data_the_document_calls_valid_is_accepted(fuzzed):
    report = fuzzed.refusing
    assert not report, (
        f"{len(report)} of {fuzzed.operations} operations refuse data the document calls valid:\n\n{_report(report)}"
    )
    # Each exempted operation still needs it: a valid case was refused (most valid values are in the future, or a
    # secret). Whether a valid case happens to hit a STATED_IN_WORDS field is chance, so those are not checked.
    unneeded = STATE_DEPENDENT.keys() - fuzzed.excused
    assert not unneeded, f"No valid case was refused for these, remove them: {sorted(unneeded)}"
