"""The published OpenAPI document against the API itself (issue 15, "The API as integrators meet it").

Schemathesis reads /api/v1/openapi.json from the app and generates requests for every operation in it, data the
document calls valid and data it calls invalid, and sends them to the app in-process (WSGI) with the tokens of
every tenant role (in Sweden), of both platform roles, and without a token (see _fuzz). No answer may be a server
error, and each answer's status, content type, body and headers must be ones the document states for the
operation. Operations added to the API are fuzzed as soon as they are in the document.

The module has a database of its own (the demo loaded), so what the fuzzing creates stays here. Hypothesis is
derandomized (the same requests on every run) and sends few cases per operation: the run stays bounded.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
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
EXAMPLES = {schemathesis.GenerationMode.POSITIVE: 3, schemathesis.GenerationMode.NEGATIVE: 1}


@pytest.fixture(scope="module")
def app(redis_url, tmp_path_factory):
    with fresh_database(f"amif_test_{RUN}_openapi_fuzz") as urls:
        application = create_app(app_config(urls, redis_url, tmp_path_factory.mktemp("openapi_fuzz")))
        prepare(application, demo=True)
        yield application
        with application.app_context():
            db.engine.dispose()


@pytest.fixture(scope="module")
def tokens(app) -> dict[str, str | None]:
    """A token of each role (the tenant's roles in Sweden), and None: no token."""
    from service.accounts.models import PlatformUser
    from service.accounts.operations import create_user
    from service.accounts.tokens import create_token
    from service.tenancy.models import Tenant
    from service.tenancy.scope import platform_scope, tenant_scope

    secrets: dict[str, str | None] = {"anonymous": None}
    with app.app_context():
        tenant = db.session.query(Tenant.id).filter(Tenant.code == TENANT).scalar()
        with tenant_scope(tenant):
            for role in TENANT_ROLES:
                user = create_user(email=f"fuzz-{role}@{TENANT}.test", role=role, name=f"Fuzz {role}")
                secrets[role] = create_token(user)
            db.session.commit()
        with platform_scope():
            for role, email in PLATFORM_ROLES.items():
                person = db.session.query(PlatformUser).filter(PlatformUser.email == email).one()
                assert person.role == role
                secrets[role] = create_token(person)
            db.session.commit()
    return secrets


@pytest.fixture(scope="module")
def schema(app):
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


def _fuzz(operation, tokens, offset: int) -> list[str]:
    """The failures of one operation, one line for each role and kind of failure.

    The first case the document calls valid goes with every token. Each further case, valid or not, goes with one
    role in turn (from ``offset``, the operation's place in the document) among those the first case let through
    (not 401, 403 or 404), else among all: the cases reach the operation's own checks, and the run stays short."""
    failures: dict[str, str] = {}
    through: list[str] = []
    fixed = {"tenant": TENANT} if any(p.name == "tenant" for p in operation.path_parameters) else None

    def send(case, role, mode) -> None:
        secret = tokens[role]
        try:
            response = case.call_and_validate(headers=bearer(secret) if secret else {}, checks=CHECKS)
        except FailureGroup as group:
            for failure in group.exceptions:
                line = " ".join(str(failure.message).split())[:300]
                failures.setdefault(f"{role} {failure.code}", f"[{mode.value}] {role}: {failure.code} {line}")
                failures.setdefault(f"{role} {failure.code} curl", "    " + _curl(group.message))
            return
        if (
            mode is schemathesis.GenerationMode.POSITIVE
            and response.status_code not in (401, 403, 404)
            and role not in through
        ):
            through.append(role)

    for mode, examples in EXAMPLES.items():
        turns = []

        def take(case, mode=mode, turns=turns):
            turns.append(case)
            if len(turns) == 1 and mode is schemathesis.GenerationMode.POSITIVE:
                for role in tokens:
                    send(case, role, mode)
                return
            roles = through or list(tokens)
            send(case, roles[(offset + len(turns)) % len(roles)], mode)

        _generate(operation.as_strategy(generation_mode=mode, path_parameters=fixed), examples, take, mode)
    return list(failures.values())


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


def test_every_operation_answers_as_the_document_says(schema, tokens):
    # Every operation of the document (an operation schemathesis cannot read fails here); test_api checks that the
    # document has every route of the API.
    operations = [result.ok() for result in schema.get_all_operations()]
    report = {}
    for offset, operation in enumerate(operations):
        failures = _fuzz(operation, tokens, offset)
        if failures:
            report[operation.label] = failures
    assert not report, f"{len(report)} of {len(operations)} operations:\n\n" + "\n\n".join(
        f"{label}\n  " + "\n  ".join(lines) for label, lines in report.items()
    )
