"""The demo's list of operations (issue 14 "Demo data"): each operation in force gets the location of
``[publication]`` in ``tenants/<code>/demo.toml`` (by title, else its ``location``), as the MA records it, and the
first edition is published, so that each tenant's public list has one (``amif demo``; never in production).
Idempotent: a location already recorded is kept, and an edition is published only when none exists."""

from __future__ import annotations

from flask import current_app

from service.publication import operations


def load_demo_publication(tenant, definition: dict) -> list[str]:
    if current_app.config["AMIF_ENV"] == "production":
        raise RuntimeError("demo data is never loaded in production")
    if not definition:
        return []
    by_title = definition.get("locations", {})
    for project in operations.operations_in_force():
        record = operations.record_of(project.id)
        if record is None or not record.location:
            operations.set_location(project, by_title.get(project.title, definition.get("location", "")))
    if operations.latest_edition() is not None:
        return []
    edition = operations.publish(trigger="managing_authority")
    return [f"edition {edition.sequence} of {edition.published_on.isoformat()}: {len(edition.rows)} operations"]
