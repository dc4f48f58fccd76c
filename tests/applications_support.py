"""Fixtures for applications: an open call, an applicant acting for an organisation, running jobs."""

from __future__ import annotations

import email
import uuid
from pathlib import Path

import pytest

from tests.calls_support import call_body
from tests.conftest import bearer, tenant_id

# Organisation numbers valid by their check digits: Swedish organisationsnummer (Luhn) and Finnish
# Y-tunnus (weights 7, 9, 10, 5, 8, 4, 2, mod 11). Computed, not looked up.


def luhn_number(nine: str) -> str:
    total = 0
    for index, char in enumerate(nine):
        digit = int(char) * (2 if index % 2 == 0 else 1)
        total += digit - 9 if digit > 9 else digit
    return f"{nine[:6]}-{nine[6:]}{(10 - total % 10) % 10}"


def y_tunnus(seven: str) -> str:
    remainder = sum(int(c) * w for c, w in zip(seven, (7, 9, 10, 5, 8, 4, 2), strict=True)) % 11
    assert remainder != 1, "choose other digits: remainder 1 has no check digit"
    return f"{seven}-{0 if remainder == 0 else 11 - remainder}"


def some_number(code: str) -> str:
    while True:
        digits = str(uuid.uuid4().int)[:9]
        if code == "se":
            return luhn_number("8" + digits[1:])
        seven = digits[:7]
        if sum(int(c) * w for c, w in zip(seven, (7, 9, 10, 5, 8, 4, 2), strict=True)) % 11 != 1:
            return y_tunnus(seven)


@pytest.fixture
def admin_headers(make_user, token_for):
    def make(code: str) -> dict:
        user_id, _ = make_user(code, "ma_admin")
        return bearer(token_for(code, user_id))

    return make


@pytest.fixture
def open_call(client, admin_headers):
    """A published call open now: open_call("fi", max_grant=...) -> call JSON."""

    def make(code: str, **overrides) -> dict:
        headers = admin_headers(code)
        body = call_body(code, f"C-{uuid.uuid4().hex[:8]}", **overrides)
        created = client.post(f"/api/v1/{code}/calls", json=body, headers=headers)
        assert created.status_code == 201, created.json
        published = client.post(
            f"/api/v1/{code}/calls/{created.json['id']}/publish",
            json={"version": created.json["version"]},
            headers=headers,
        )
        assert published.status_code == 200, published.json
        return published.json

    return make


@pytest.fixture
def organisation(app):
    """An organisation with members: organisation("fi", [user_id, ...], organisation_type=...) -> id."""
    from service.extensions import db
    from service.organisations.models import Membership, Organisation
    from service.tenancy.models import Tenant
    from service.tenancy.scope import tenant_scope

    def make(code: str, members: list[int], *, organisation_type: str = "ngo", number: str | None = None) -> int:
        with app.app_context(), tenant_scope(tenant_id(app, code)):
            country = db.session.get(Tenant, tenant_id(app, code)).country
            org = Organisation(
                name=f"Förening {uuid.uuid4().hex[:6]}",
                country=country,
                number=number or some_number(code),
                organisation_type=organisation_type,
            )
            db.session.add(org)
            db.session.flush()
            for index, user_id in enumerate(members):
                db.session.add(
                    Membership(organisation_id=org.id, user_id=user_id, role="owner" if index == 0 else "member")
                )
            db.session.commit()
            return org.id

    return make


@pytest.fixture
def applicant(app, make_user, token_for, organisation):
    """applicant("fi", language="sv") -> {"id", "email", "headers", "organisation_id"}; with organisation_id=
    the person joins that organisation instead of founding one."""
    from service.extensions import db
    from service.organisations.models import Membership
    from service.tenancy.scope import tenant_scope

    def make(code: str, *, language: str | None = None, organisation_id: int | None = None, **org) -> dict:
        user_id, address = make_user(code, "applicant", language=language)
        if organisation_id is None:
            organisation_id = organisation(code, [user_id], **org)
        else:
            with app.app_context(), tenant_scope(tenant_id(app, code)):
                db.session.add(Membership(organisation_id=organisation_id, user_id=user_id, role="member"))
                db.session.commit()
        headers = bearer(token_for(code, user_id))
        return {"id": user_id, "email": address, "headers": headers, "organisation_id": organisation_id}

    return make


def run_jobs(app, code: str, name: str) -> list[str]:
    """Run the queued jobs of this name in the tenant, as a worker would; returns their ids."""
    from sqlalchemy import select

    from service.extensions import db
    from service.jobs.models import JobRun
    from service.tenancy.scope import tenant_scope
    from workers.runner import run_job

    tid = tenant_id(app, code)
    with app.app_context(), tenant_scope(tid):
        ids = list(db.session.scalars(select(JobRun.id).where(JobRun.name == name, JobRun.status != "finished")))
    for job_id in ids:
        run_job(job_id, str(tid), app=app)
    return ids


def outbox(app) -> list[email.message.Message]:
    folder = Path(app.config["AMIF_OUTBOX_DIR"])
    return [email.message_from_bytes(p.read_bytes()) for p in sorted(folder.glob("*.eml"))] if folder.exists() else []
