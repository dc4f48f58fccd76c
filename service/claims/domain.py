"""Claims plug themselves in."""

from service.domains import Domain

DOMAIN = Domain(name="claims")
