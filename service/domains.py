"""Domains plug themselves in: each domain package declares, in its ``domain.py``, one :class:`Domain` with
its pages, API routes, jobs, periodic jobs, notification kinds and parts of a tenant's folder. The app
factory imports the packages named in the configuration (``DOMAINS``, strings) and installs what they
declare, so that no module of the foundation imports a domain.

The order of ``DOMAINS`` is the order in which their blueprints are registered. The import layers between
the domains are contracts checked by import-linter (``.importlinter``).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from flask import Blueprint, Flask

EXTENSION = "amif_domains"  # app.extensions: the app's domains, in configuration order


@dataclass(frozen=True)
class Periodic:
    """A job the scheduler (workers.scheduler) enqueues every ``every`` seconds: once in each tenant's
    scope (``per_tenant``), or once in the platform scope."""

    job: str
    every: int
    per_tenant: bool


@dataclass(frozen=True)
class Domain:
    name: str
    models: tuple[ModuleType, ...] = ()  # imported before the data rules look at the mappers
    blueprints: tuple[Blueprint, ...] = ()
    api: Callable[[Any], None] | None = None  # adds the domain's routes to the app's service.api.Api
    jobs: tuple[Callable, ...] = ()  # functions registered with @service.jobs.queue.job
    periodic: tuple[Periodic, ...] = ()
    notifications: tuple[Any, ...] = ()  # service.notifications.kinds.Kind: what each kind says
    tenant_parts: tuple[Any, ...] = ()  # service.tenancy.sync.DefinitionPart: files of a tenant's folder
    setup: Callable[[Flask], None] | None = None  # anything else: template globals, hooks into lower domains


def load(names: list[str]) -> list[Domain]:
    """The ``DOMAIN`` of each package named (``service.calls`` -> ``service.calls.domain.DOMAIN``)."""
    domains = []
    for name in names:
        module = importlib.import_module(f"{name}.domain")
        domain = getattr(module, "DOMAIN", None)
        if not isinstance(domain, Domain):
            raise TypeError(f"{name}.domain must define DOMAIN = Domain(...)")
        domains.append(domain)
    return domains


def domains_of(app: Flask) -> list[Domain]:
    return app.extensions[EXTENSION]


def periodic_jobs(app: Flask) -> list[Periodic]:
    return [periodic for domain in domains_of(app) for periodic in domain.periodic]


def notification_kinds(app: Flask) -> list[Any]:
    return [kind for domain in domains_of(app) for kind in domain.notifications]
