"""The ``amif`` command: the app's Flask CLI (``.venv/bin/amif``)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext
from sqlalchemy import select

from service.extensions import db


def _create_app():
    from service.app import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, add_default_commands=True, add_version_option=False)
def main():
    """AMIF Hub: the national programmes of the Asylum, Migration and Integration Fund."""


def register_commands(app) -> None:
    app.cli.add_command(db_group)
    app.cli.add_command(tenants_group)
    app.cli.add_command(reference_group)
    app.cli.add_command(users_group)
    app.cli.add_command(tokens_group)
    app.cli.add_command(demo_command)
    app.cli.add_command(worker_command)
    app.cli.add_command(scheduler_command)
    app.cli.add_command(serve_command)
    app.cli.add_command(translations_group)


def _actor():
    from service.audit.recorder import set_actor

    set_actor("cli", os.environ.get("USER", ""))


@click.group("db", help="Database schema.")
def db_group():
    pass


@db_group.command("upgrade", help="Apply the Alembic migrations (as the table owner on PostgreSQL).")
@click.option("--revision", default="head")
@with_appcontext
def db_upgrade(revision):
    from service.migrations.runner import upgrade

    upgrade(current_app, revision)
    click.echo(f"database at {revision}")


@db_group.command("census", help="Rows and money per tenant and table, as JSON: compare a restore with its source.")
@click.option("--url", required=True, help="The database, as a role that bypasses RLS (the backup role).")
def db_census(url):
    from sqlalchemy.exc import DBAPIError

    from service.platform.census import census_json

    try:
        click.echo(census_json(url))
    except DBAPIError as error:  # e.g. a role that does not bypass RLS: no partial census
        raise click.ClickException(str(error.orig).strip()) from error


@click.group("tenants", help="Tenants (member states).")
def tenants_group():
    pass


@tenants_group.command("sync", help="Load tenants/*/ into the database (idempotent).")
@click.option("--directory", default=None, help="Folder of tenant folders (default: AMIF_TENANTS_DIR).")
@with_appcontext
def tenants_sync(directory):
    from service.tenancy.sync import TenantDefinitionError, sync_all

    _actor()
    try:
        results = sync_all(directory or current_app.config["AMIF_TENANTS_DIR"])
    except TenantDefinitionError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    for r in results:
        parts = "".join(f"; {name} {'changed' if changed else 'unchanged'}" for name, changed in r.loaded.items())
        click.echo(f"{r.code}: {'created' if r.created else 'updated'}{parts}")


@click.group(
    "reference",
    help="Shared reference data (indicator catalogue, specific objectives, types of intervention, lump-sum amounts, "
    "exchange rates).",
)
def reference_group():
    pass


@reference_group.command("sync", help="Load the reference data files (idempotent).")
@with_appcontext
def reference_sync():
    from service.catalogue.sync import sync_reference_data
    from service.exchange.files import RatesRefused
    from service.exchange.sync import sync_exchange_rates
    from service.lump_sums.sync import sync_lump_sum_amounts

    _actor()
    counts = sync_reference_data()
    lump_sums = sync_lump_sum_amounts()
    try:
        rates = sync_exchange_rates()
    except RatesRefused as refused:
        db.session.rollback()
        raise click.ClickException("exchange rates not loaded:\n" + "\n".join(refused.lines())) from refused
    db.session.commit()
    click.echo(
        f"{counts['objectives']} specific objectives, {counts['indicators']} indicators, "
        f"{counts['types_of_intervention']} types of intervention, {lump_sums} lump-sum amounts"
    )
    click.echo(_rates_loaded(rates))


def _rates_loaded(result) -> str:
    return f"exchange rates: {result.added} added, {result.corrected} corrected, {result.unchanged} already loaded"


@reference_group.command(
    "import-rates", help="Load the Commission's published exchange rates (InforEuro JSON or CSV), all or nothing."
)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--month", default=None, help="YYYY-MM: the month of a monthly-rates file (it does not name it).")
@click.option("--correct", is_flag=True, help="Months already loaded at another rate get a new version.")
@click.option("--reason", default="", help="Why the rates are corrected (required with --correct).")
@with_appcontext
def reference_import_rates(file, month, correct, reason):
    from service.exchange.files import MAX_BYTES, RatesRefused
    from service.exchange.operations import import_rates_file
    from service.exchange.rules import InvalidMonth, first_of_month

    _actor()
    try:
        wanted = first_of_month(month) if month else None
    except InvalidMonth as error:
        raise click.BadParameter("write the month as YYYY-MM", param_hint="--month") from error
    with open(file, "rb") as handle:
        data = handle.read(MAX_BYTES + 1)
    try:
        result = import_rates_file(data, source=f"file: {file.name}", month=wanted, correct=correct, reason=reason)
    except RatesRefused as refused:
        db.session.rollback()
        raise click.ClickException("nothing loaded:\n" + "\n".join(refused.lines())) from refused
    db.session.commit()
    click.echo(_rates_loaded(result))


def _tenant_id(code: str) -> int:
    from service.tenancy.models import Tenant

    tenant = db.session.scalar(select(Tenant).where(Tenant.code == code.lower()))
    if tenant is None:
        raise click.ClickException(f"no tenant {code!r}")
    return tenant.id


@click.group("users", help="People.")
def users_group():
    pass


@users_group.command("create", help="Create a user (tenant role with --tenant; platform_admin or commission without).")
@click.option("--tenant", "tenant_code", default=None)
@click.option("--email", required=True)
@click.option("--role", required=True)
@click.option("--password", default=None, help="Omit to be prompted (the user can also get a reset later).")
@click.option("--organisation", default=None)
@click.option("--name", default="")
@click.option("--language", default=None)
@with_appcontext
def users_create(tenant_code, email, role, password, organisation, name, language):
    from service.accounts.operations import AccountError, create_platform_user, create_user
    from service.tenancy.scope import platform_scope, tenant_scope

    _actor()
    if password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        if tenant_code:
            with tenant_scope(_tenant_id(tenant_code)):
                user = create_user(
                    email=email,
                    role=role,
                    name=name,
                    password=password,
                    organisation_name=organisation,
                    language=language,
                )
                db.session.commit()
                created = f"created {user.email} ({role}) id {user.id} in {tenant_code}"
        else:
            with platform_scope():
                user = create_platform_user(email=email, role=role, name=name, password=password, language=language)
                db.session.commit()
                created = f"created {user.email} ({role}) id {user.id} on the platform"
    except AccountError as error:
        db.session.rollback()
        raise click.ClickException(f"{error.field}: {error.code}") from error
    click.echo(created)  # read inside the scope: after it, the row is out of reach (fail closed)


@click.group("tokens", help="API tokens.")
def tokens_group():
    pass


@tokens_group.command("create", help="Print a new API token for a user.")
@click.option("--email", required=True)
@click.option("--tenant", "tenant_code", default=None, help="Needed when the e-mail exists in several tenants.")
@click.option("--name", default="cli")
@with_appcontext
def tokens_create(email, tenant_code, name):
    from service.accounts.models import PlatformUser
    from service.accounts.operations import find_user_by_email, normalise_email
    from service.accounts.tokens import create_token
    from service.tenancy.models import Tenant
    from service.tenancy.scope import platform_scope, tenant_scope

    _actor()
    codes = [tenant_code.lower()] if tenant_code else [t.code for t in db.session.scalars(select(Tenant))]
    found = []
    for code in codes:
        with tenant_scope(_tenant_id(code)):
            user = find_user_by_email(email)
            if user is not None:
                found.append((code, user.id))
    with platform_scope():
        platform_user = db.session.scalar(select(PlatformUser).where(PlatformUser.email == normalise_email(email)))
    if platform_user is not None and not tenant_code:
        found.append((None, platform_user.id))
    if not found:
        raise click.ClickException(f"no user {email}")
    if len(found) > 1:
        raise click.ClickException(f"{email} exists in several tenants: give --tenant")
    code, person_id = found[0]
    if code is None:
        with platform_scope():
            secret = create_token(db.session.get(PlatformUser, person_id), name=name)
            db.session.commit()
    else:
        from service.accounts.models import User

        with tenant_scope(_tenant_id(code)):
            secret = create_token(db.session.get(User, person_id), name=name)
            db.session.commit()
    click.echo(secret)


@click.command("demo", help="Create the demo users (and data) in every tenant; prints them.")
@with_appcontext
def demo_command():
    from service.platform.demo import load_demo

    _actor()
    for line in load_demo():
        click.echo(line)
    runner = current_app.extensions.get("amif_jobs")
    if runner is not None:  # the embedded default: let the letters and e-mails finish before the process ends
        runner.drain()


@click.command("worker", help="Run an rq worker on the configured queues.")
@click.option("--burst", is_flag=True, help="Stop when the queues are empty.")
@click.option("--queue", "queues", multiple=True)
@with_appcontext
def worker_command(burst, queues):
    from workers.worker import start

    start(current_app._get_current_object(), burst=burst, queues=list(queues) or None)


@click.command("scheduler", help="The sweeper (hands committed jobs to the queue) and periodic jobs; one replica.")
@click.option("--once", is_flag=True, help="Enqueue the periodic jobs once and print their ids.")
@with_appcontext
def scheduler_command(once):
    from workers.scheduler import run_forever, tick

    app = current_app._get_current_object()
    if once:
        click.echo(" ".join(tick(app)))
    else:
        run_forever(app)


@click.command("serve", help="Serve on 127.0.0.1 (PORT, default 5000) for local use.")
@with_appcontext
def serve_command():
    from werkzeug.serving import run_simple

    app = current_app._get_current_object()
    if app.config["AMIF_RUN_JOBS_IN_PROCESS"]:
        from workers.scheduler import start_in_background

        start_in_background(app)  # the embedded default: periodic jobs and the sweeper without a second terminal
    port = int(os.environ.get("PORT", "5000"))
    run_simple("127.0.0.1", port, app, threaded=True, use_reloader=False)


@click.group("translations", help="Interface translations.")
def translations_group():
    pass


@translations_group.command("compile", help="Compile translations/*/LC_MESSAGES/messages.po to .mo.")
def translations_compile():
    from babel.messages.frontend import CommandLineInterface

    from service.config import ROOT

    CommandLineInterface().run([sys.argv[0], "-q", "compile", "-d", str(ROOT / "translations")])


if __name__ == "__main__":
    main()
