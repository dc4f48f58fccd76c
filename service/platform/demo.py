"""``amif demo``: demo users in every tenant (from ``tenants/<code>/demo.toml``) and on the platform.

The demo's projects have a past: their call, grants, claims and progress reports are played months before the day
the demo is loaded (``*days_ago`` in demo.toml; service.tenancy.clock), so the Commission's data transmission for
the latest cut-off already passed holds them (service.transmissions). A tenant whose currency is not the euro gets
the demo's illustrative rates for the months played (service.exchange.demo, ``[exchange]``).

Idempotent: existing demo users are left as they are. Refused in production.
"""

from __future__ import annotations

import os
import tomllib
from datetime import timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from service.accounts.models import PlatformUser
from service.accounts.operations import create_platform_user, create_user, find_user_by_email
from service.calls.demo import load_demo_calls, load_demo_organisations
from service.claims.demo import load_demo_claims
from service.exchange.demo import load_demo_rates
from service.extensions import db
from service.lump_sums.demo import load_demo_lump_sums
from service.participants.demo import load_demo_participants
from service.platform.demo_applications import load_demo_applications
from service.publication.demo import load_demo_publication
from service.reports.demo import load_demo_reports
from service.tenancy.current import tenant_today
from service.tenancy.models import Tenant
from service.tenancy.scope import platform_scope, tenant_scope
from service.transmissions import rules as transmission_rules

DEMO_PASSWORD = os.environ.get("AMIF_DEMO_PASSWORD", "demo-password-2026")
PLATFORM_DEMO = [
    ("platform@amif.demo", "platform_admin", "Platform Operator"),
    ("commission@amif.demo", "commission", "DG HOME Desk Officer"),
]


def load_demo() -> list[str]:
    if current_app.config["AMIF_ENV"] == "production":
        raise RuntimeError("demo data is never loaded in production")
    lines = []
    root = Path(current_app.config["AMIF_TENANTS_DIR"])
    tenants = db.session.scalars(select(Tenant).order_by(Tenant.code)).all()
    for tenant in tenants:
        path = root / tenant.code / "demo.toml"
        if not path.exists():
            continue
        definition = tomllib.loads(path.read_text(encoding="utf-8"))
        people = definition.get("user", [])
        with tenant_scope(tenant.id):
            for person in people:
                if find_user_by_email(person["email"]) is None:
                    create_user(
                        email=person["email"],
                        role=person["role"],
                        name=person.get("name", ""),
                        password=DEMO_PASSWORD,
                        language=person.get("language"),
                        organisation_name=person.get("organisation"),
                        send_welcome=False,
                    )
                lines.append(
                    f"  {current_app.config['AMIF_BASE_URL']}/{tenant.code}/login  "
                    f"{person['email']:<24} {person['role']}"
                )
            db.session.commit()
            today = tenant_today()
            since = today - timedelta(days=_earliest_days_ago(definition))
            months = load_demo_rates(tenant, definition.get("exchange", {}).get("demo_rate"), since=since, until=today)
            if months:
                lines.append(
                    f"  demo rates {tenant.currency} {months[0]} to {months[-1]} (illustrative, not InforEuro)"
                )
            db.session.commit()
            load_demo_organisations(tenant, definition.get("organisation", []))
            for reference in load_demo_calls(tenant, definition.get("call", [])):
                lines.append(f"  {current_app.config['AMIF_BASE_URL']}/{tenant.code}/calls  demo call {reference}")
            db.session.commit()
            for line in load_demo_applications(tenant, definition.get("application", []), definition.get("roles", {})):
                lines.append(f"  demo application {line}")
            db.session.commit()
            for line in load_demo_lump_sums(tenant, definition.get("lump_sum", [])):
                lines.append(f"  demo SO4 lump sums {line}")
            db.session.commit()
            for line in load_demo_claims(tenant, definition.get("claims", {}), definition.get("roles", {})):
                lines.append(f"  demo claim {line}")
            db.session.commit()
            for line in load_demo_participants(tenant, definition.get("participants", {})):
                lines.append(f"  demo participants {line}")
            db.session.commit()
            for line in load_demo_reports(tenant, definition.get("reports", {}), definition.get("roles", {})):
                lines.append(f"  demo progress report {line}")
            db.session.commit()
            for line in load_demo_publication(tenant, definition.get("publication", {})):
                lines.append(f"  {current_app.config['AMIF_BASE_URL']}/{tenant.code}/operations  list {line}")
            db.session.commit()
            lines.append(
                f"  {current_app.config['AMIF_BASE_URL']}/{tenant.code}/transmissions  {_transmissions(today)}"
            )
    with platform_scope():
        for email, role, name in PLATFORM_DEMO:
            if db.session.scalar(select(PlatformUser).where(PlatformUser.email == email)) is None:
                create_platform_user(email=email, role=role, name=name, password=DEMO_PASSWORD)
            lines.append(f"  (API token: amif tokens create --email {email})  {email:<24} {role}")
        db.session.commit()
    return ["Demo users (password: " + DEMO_PASSWORD + "):"] + lines


def _earliest_days_ago(definition) -> int:
    """The most days before today the definition plays anything (``days_ago``, ``*_days_ago``); 0 for none."""
    if isinstance(definition, dict):
        own = [int(v) for k, v in definition.items() if k == "days_ago" or k.endswith("_days_ago")]
        return max([0, *own, *(_earliest_days_ago(v) for v in definition.values())])
    if isinstance(definition, list):
        return max([0, *(_earliest_days_ago(v) for v in definition)])
    return 0


def _transmissions(today) -> str:
    """The data transmissions one can build today: the latest cut-off passed, and the latest with indicators."""
    latest = transmission_rules.latest_cut_off(today)
    if latest.with_indicators:
        return f"{latest.version} (with indicators)"
    start = today.replace(year=today.year - 1, day=1)
    passed = transmission_rules.cut_offs_between(start, today - timedelta(days=1))
    indicators = [cut for cut in passed if cut.with_indicators][-1]
    return f"{latest.version} (financial), {indicators.version} (with indicators)"
