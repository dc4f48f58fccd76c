"""Alembic migrations, run by ``amif db upgrade``."""
