"""The classification (specific objective, type of intervention) has nothing of its own to plug in: its rules
are used by applications and projects, and the case officer confirms it in the assessment."""

from service.domains import Domain

DOMAIN = Domain(name="classification")
