"""The test database really is set up as production is: migrated, RLS forced, app role not owner."""

from service.tenancy.database_check import verify_database_role


def test_app_role_passes_the_start_up_check(app):
    verify_database_role(app)  # raises UnsafeDatabaseRole otherwise
