"""Demo participants (``amif demo``; never in production): each active demo project whose plan counts
participants gets a dozen registered through the register's own operation, some twice (counted once), a child,
a person over 60, and people in every "of which" indicator. They are registered ``days_ago`` (``[participants]``)
before the demo is loaded (service.tenancy.clock), before the progress reports that count them; none: today.
Idempotent: a project with participants is left as it is."""

from __future__ import annotations

from datetime import date, timedelta

from flask import current_app
from sqlalchemy import func, select

from service.accounts.models import User
from service.extensions import db
from service.organisations.models import Membership
from service.participants import operations
from service.participants.models import Participant
from service.projects.models import Project
from service.tenancy.clock import days_ago, played_at
from service.tenancy.model_base import utcnow

PEOPLE = [
    # first name, last name, date of birth, sex
    ("Amina", "Hassan", date(1991, 3, 14), "woman"),
    ("Omar", "Ali", date(1985, 11, 2), "man"),
    ("Sara", "Berg", date(2009, 6, 30), "woman"),  # a child at first participation
    ("Mikael", "Lind", date(1958, 1, 21), "man"),  # over 60
    ("Fatima", "Yusuf", date(1996, 9, 9), "woman"),
    ("Jonas", "Nieminen", date(2001, 4, 4), "man"),
    ("Noor", "Karimi", date(1979, 12, 12), "non_binary"),
    ("Liisa", "Korhonen", date(1967, 2, 28), "woman"),
    ("Ahmed", "Mohamed", date(1990, 7, 1), "man"),
    ("Maria", "Virtanen", date(1983, 5, 5), "woman"),
    ("Yonas", "Tesfaye", date(2007, 10, 10), "man"),  # a child at first participation
    ("Leyla", "Rahimi", date(1955, 8, 18), "woman"),  # over 60
]


def load_demo_participants(tenant, definition: dict | None = None) -> list[str]:
    """Register the demo participants of the tenant's active projects; returns "reference: n participants"."""
    if current_app.config["AMIF_ENV"] == "production":
        raise RuntimeError("demo data is never loaded in production")
    with played_at(days_ago((definition or {}).get("days_ago"), tenant.zone)):
        return _register_all()


def _register_all() -> list[str]:
    lines = []
    today = operations.today()
    for project in db.session.scalars(select(Project).where(Project.status == "active").order_by(Project.id)):
        codes = operations.participant_indicators(project)
        if not codes or project.project_start > today or project.created_at > utcnow():  # not begun, or not yet granted
            continue
        if db.session.scalar(select(func.count(Participant.id)).where(Participant.project_id == project.id)):
            continue
        member = db.session.scalar(
            select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.organisation_id == project.organisation_id)
            .order_by(Membership.id)
        )
        if member is None:
            continue
        span = max((min(project.project_end, today) - project.project_start).days, 1)
        for number, (first, last, born, sex) in enumerate(PEOPLE):
            started = project.project_start + timedelta(days=(number * 17) % span)
            operations.register(
                project,
                first_name=first,
                last_name=last,
                born=born,
                sex=sex,
                first_participation=started,
                indicators=[codes[number % len(codes)]],
                user=member,
            )
        for first, last, born, sex in PEOPLE[:3]:  # supported again in another activity: still one person
            operations.register(
                project,
                first_name=first,
                last_name=last,
                born=born,
                sex=sex,
                first_participation=project.project_start,
                indicators=[codes[-1]],
                user=member,
            )
        lines.append(f"{project.reference}: {len(PEOPLE)} participants")
    db.session.flush()
    return lines
