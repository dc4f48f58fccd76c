"""The published OpenAPI document against the API itself (issue 15, "The API as integrators meet it").

Schemathesis reads /api/v1/openapi.json from the app and generates requests for every operation in it, data the
document calls valid and data it calls invalid; each request goes to the app in-process (WSGI), once with a token
of every tenant role, of both platform roles and without a token. Every answer must not be a server error, and
its status, content type, body and headers must be ones the document states for that operation. New operations
are covered as soon as they are in the document.

The module has a database of its own (the demo loaded), so what the fuzzing creates stays here. Hypothesis is
derandomized (the same requests on every run) and sends few examples per operation: the run stays bounded.
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
EXAMPLES = {schemathesis.GenerationMode.POSITIVE: 4, schemathesis.GenerationMode.NEGATIVE: 2}


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


def _fuzz(operation, mode, tokens, offset: int) -> list[str]:
    """The failures of one operation in one generation mode, one line for each role and kind of failure.

    The first case goes with every token; each further case with the next role in turn, starting at ``offset``
    (the operation's place in the document), so that every role meets every operation and the run stays short."""
    failures: dict[str, str] = {}
    roles = list(tokens)
    fixed = {"tenant": TENANT} if any(p.name == "tenant" for p in operation.path_parameters) else None
    sent = []

    @given(case=operation.as_strategy(generation_mode=mode, path_parameters=fixed))
    @settings(
        max_examples=EXAMPLES[mode],
        derandomize=True,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        turn = len(sent)
        sent.append(case)
        for role in roles if turn == 0 else [roles[(offset + turn) % len(roles)]]:
            secret = tokens[role]
            try:
                case.call_and_validate(headers=bearer(secret) if secret else {}, checks=CHECKS)
            except FailureGroup as group:
                for failure in group.exceptions:
                    line = " ".join(str(failure.message).split())[:300]
                    failures.setdefault(f"{role} {failure.code}", f"[{mode.value}] {role}: {failure.code} {line}")
                    failures.setdefault(f"{role} {failure.code} curl", "    " + _curl(group.message))

    try:
        run()
    except Unsatisfiable:
        # Nothing of the request can be invalid (no body, no parameter but the fixed tenant): no negative case.
        assert mode is schemathesis.GenerationMode.NEGATIVE
    return list(failures.values())


def _curl(message: str) -> str:
    return next((line.strip() for line in message.splitlines() if line.strip().startswith("curl ")), "")[:600]


def test_every_operation_answers_as_the_document_says(schema, tokens):
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 100  # the document lists the API (153 operations when this test was written)
    report = {}
    for offset, operation in enumerate(operations):
        for mode in EXAMPLES:
            failures = _fuzz(operation, mode, tokens, offset)
            if failures:
                report.setdefault(operation.label, []).extend(failures)
    assert not report, f"{len(report)} of {len(operations)} operations:\n\n" + "\n\n".join(
        f"{label}\n  " + "\n  ".join(lines) for label, lines in report.items()
    )
