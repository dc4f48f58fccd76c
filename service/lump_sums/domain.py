"""Lump sums plug themselves in."""

from service.domains import Domain

DOMAIN = Domain(name="lump_sums")
