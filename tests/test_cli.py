"""The ``amif`` command on the test database."""

from __future__ import annotations

from tests.conftest import bearer


def _run(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def test_users_create_and_tokens_create(app, client):
    result = _run(
        app,
        "users",
        "create",
        "--tenant",
        "fi",
        "--email",
        "Cli.User@fi.test",
        "--role",
        "committee",
        "--password",
        "a long enough password",
        "--organisation",
        "Valvontakomitea",
    )
    assert result.exit_code == 0, result.output
    token = _run(app, "tokens", "create", "--email", "cli.user@fi.test").output.strip().splitlines()[-1]
    assert token.startswith("amif_")
    me = client.get("/api/v1/fi/me", headers=bearer(token)).json
    assert me["email"] == "cli.user@fi.test" and me["role"] == "committee"
    assert me["organisation_name"] == "Valvontakomitea"


def test_users_create_refuses_bad_input_without_changing_anything(app):
    assert (
        _run(
            app,
            "users",
            "create",
            "--tenant",
            "xx",
            "--email",
            "a@b.c",
            "--role",
            "auditor",
            "--password",
            "a long enough password",
        ).exit_code
        != 0
    )
    bad_role = _run(
        app,
        "users",
        "create",
        "--tenant",
        "se",
        "--email",
        "r@se.test",
        "--role",
        "king",
        "--password",
        "a long enough password",
    )
    assert bad_role.exit_code != 0 and "role" in bad_role.output
    short = _run(
        app, "users", "create", "--tenant", "se", "--email", "s@se.test", "--role", "auditor", "--password", "short"
    )
    assert short.exit_code != 0 and "password" in short.output
    assert "no user" in _run(app, "tokens", "create", "--email", "s@se.test").output


def test_tokens_create_asks_for_the_tenant_when_the_address_is_in_two(app):
    for code in ("se", "fi"):
        _run(
            app,
            "users",
            "create",
            "--tenant",
            code,
            "--email",
            "twice@eu.test",
            "--role",
            "auditor",
            "--password",
            "a long enough password",
        )
    ambiguous = _run(app, "tokens", "create", "--email", "twice@eu.test")
    assert ambiguous.exit_code != 0 and "--tenant" in ambiguous.output
    assert _run(app, "tokens", "create", "--email", "twice@eu.test", "--tenant", "se").exit_code == 0


def test_platform_users_and_scheduler(app):
    result = _run(
        app,
        "users",
        "create",
        "--email",
        "ops@platform.test",
        "--role",
        "platform_admin",
        "--password",
        "a long enough password",
    )
    assert result.exit_code == 0, result.output
    assert _run(app, "tokens", "create", "--email", "ops@platform.test").output.strip().startswith("amif_")
    assert _run(app, "scheduler", "--once").exit_code == 0
