"""Demo progress reports (issue 13 "Demo data"): the demo projects that have run a while (``[claims]`` of
``tenants/<code>/demo.toml``) get their reports for every period begun, and one project per tenant has reports in
every state (draft, submitted, returned with a comment, accepted), from ``[reports]`` of the same file (``amif
demo``; never in production). Their participant figures read the demo register (service/participants/demo.py,
loaded before).

Everything goes through the operations the pages and the API use: the beneficiary saves and submits, the case
officer returns or accepts. A report with ``days_ago`` is written, submitted and reviewed that many days before the
demo is loaded (service.tenancy.clock), its period's report created then; the others today. Idempotent: a report
already submitted, or a draft already written, is left as it is."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from service.accounts.operations import find_user_by_email
from service.extensions import db
from service.projects.models import Project
from service.reports import operations
from service.reports.models import NARRATIVE
from service.tenancy.clock import days_ago, played_at

STATES = ("draft", "submitted", "returned", "accepted")


def load_demo_reports(tenant, definition: dict, roles: dict) -> list[str]:
    """Create the demo projects' reports and bring the ones named to their state; returns "reference: state"."""
    if current_app.config["AMIF_ENV"] == "production":
        raise RuntimeError("demo data is never loaded in production")
    officer = find_user_by_email(roles.get("officer", ""))
    lines = []
    for entry in definition.get("project", []):
        project = db.session.scalar(select(Project).where(Project.title == entry["title"]))
        beneficiary = find_user_by_email(entry.get("applicant", ""))
        if project is None or project.status != "active" or beneficiary is None or officer is None:
            continue
        for item in entry.get("report", []):
            with played_at(days_ago(item.get("days_ago"), tenant.zone)):
                if _bring(project, item, beneficiary, officer):
                    lines.append(f"{project.reference}-R{item['sequence']}: {item['state']}")
        operations.create_due(project)  # every period begun by today has its report
        db.session.flush()
    return lines


def _bring(project: Project, item: dict, beneficiary, officer) -> bool:
    """The report of ``item``'s sequence written and taken to its state, if it is still unwritten."""
    operations.create_due(project)
    report = next((r for r in operations.reports_of(project) if r.sequence == item["sequence"]), None)
    narrative = {name: item.get(name, "") for name in NARRATIVE}
    if report is None or report.submissions or item["state"] not in STATES:
        return False
    if item["state"] == "draft" and all((getattr(report, name) or "") == text for name, text in narrative.items()):
        return False  # the draft is already written: loading the demo again changes nothing
    operations.save(report, narrative, user=beneficiary)
    if item["state"] != "draft":
        operations.submit(report, user=beneficiary)
    if item["state"] in ("returned", "accepted"):
        operations.review(report, outcome=item["state"], comment=item.get("comment", ""), user=officer)
    return True
