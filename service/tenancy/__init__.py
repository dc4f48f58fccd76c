"""Tenants (one per member state) and the tenant scope every tenant-owned query runs in."""
