"""The WSGI entry point for gunicorn: ``gunicorn wsgi:app``.

Refuses to start when the database role could bypass row-level security.
"""

from service.app import create_app
from service.tenancy.database_check import verify_database_role

app = create_app()
verify_database_role(app)
