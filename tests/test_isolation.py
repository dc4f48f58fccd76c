"""Tenant isolation, attacked at every layer: ORM scope, PostgreSQL RLS, pool, role, HTTP."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import QueuePool

from service.accounts.models import User
from service.extensions import db
from service.programmes.models import Programme
from service.tenancy.database_check import UnsafeDatabaseRole, verify_database_role
from service.tenancy.scope import CrossTenantWrite, TenantScopeMissing, platform_scope, tenant_scope
from tests.conftest import app_config, bearer, sign_in, tenant_id


def test_query_without_tenant_scope_raises(app):
    with app.app_context():
        with pytest.raises(TenantScopeMissing):
            db.session.scalars(select(User)).all()
        db.session.rollback()


def test_platform_scope_sees_no_tenant_rows(app):
    with app.app_context(), platform_scope():
        with pytest.raises(TenantScopeMissing):
            db.session.scalars(select(Programme)).all()
        db.session.rollback()


def test_scope_filters_reads_to_own_tenant(app, make_user):
    se_user, _ = make_user("se")
    fi_user, _ = make_user("fi")
    with app.app_context(), tenant_scope(tenant_id(app, "se")):
        ids = set(db.session.scalars(select(User.id)))
        assert se_user in ids and fi_user not in ids
        assert db.session.get(User, fi_user) is None


def test_new_row_takes_the_scope_and_cannot_name_another_tenant(app):
    se, fi = tenant_id(app, "se"), tenant_id(app, "fi")
    with app.app_context(), tenant_scope(se):
        user = User(email="scope-taken@se.test", role="applicant")
        db.session.add(user)
        db.session.flush()
        assert user.tenant_id == se
        db.session.rollback()
        db.session.add(User(email="smuggled@se.test", role="applicant", tenant_id=fi))
        with pytest.raises(CrossTenantWrite):
            db.session.flush()
        db.session.rollback()


def test_row_cannot_move_to_another_tenant(app, make_user):
    user_id, _ = make_user("se")
    with app.app_context(), tenant_scope(tenant_id(app, "se")):
        user = db.session.get(User, user_id)
        user.tenant_id = tenant_id(app, "fi")
        with pytest.raises(CrossTenantWrite):
            db.session.flush()
        db.session.rollback()


def test_rls_raises_without_tenant_setting(database_urls):
    engine = create_engine(database_urls["app"])
    with engine.connect() as connection:
        with pytest.raises(DBAPIError, match="no tenant scope"):
            connection.execute(text("SELECT count(*) FROM users")).scalar()
    engine.dispose()


def test_rls_limits_raw_sql_to_the_transaction_tenant(app, database_urls, make_user):
    make_user("se")
    make_user("fi")
    se, fi = tenant_id(app, "se"), tenant_id(app, "fi")
    engine = create_engine(database_urls["app"])
    with engine.begin() as connection:
        connection.execute(text("SELECT set_config('app.tenant_id', :t, true)"), {"t": str(se)})
        tenants = set(connection.execute(text("SELECT DISTINCT tenant_id FROM users")).scalars())
        assert tenants == {se}
        # Writing a row of another tenant is refused by the policy's WITH CHECK.
        with pytest.raises(DBAPIError):
            with connection.begin_nested():
                connection.execute(
                    text(
                        "INSERT INTO users (tenant_id, email, name, role, active, created_at, version)"
                        " VALUES (:t, 'x@fi.test', '', 'applicant', true, now(), 1)"
                    ),
                    {"t": fi},
                )
    engine.dispose()


def test_pooled_connection_keeps_no_tenant_after_commit(app, database_urls):
    """The transaction-local setting must not leak to the next user of a pooled connection."""
    engine = create_engine(database_urls["app"], poolclass=QueuePool, pool_size=1, max_overflow=0)
    with engine.begin() as connection:
        connection.execute(text("SELECT set_config('app.tenant_id', :t, true)"), {"t": str(tenant_id(app, "se"))})
        assert connection.execute(text("SELECT count(*) FROM programmes")).scalar() == 1
    with engine.connect() as connection:  # the same physical connection
        with pytest.raises(DBAPIError, match="no tenant scope"):
            connection.execute(text("SELECT count(*) FROM programmes")).scalar()
    engine.dispose()


def test_requests_alternating_tenants_on_one_connection_never_leak(app, database_urls, redis_url, tmp_path, make_user):
    from service.app import create_app

    se_id, _ = make_user("se", "ma_admin")
    fi_id, _ = make_user("fi", "ma_admin")
    single = create_app(
        app_config(database_urls, redis_url, tmp_path, SQLALCHEMY_ENGINE_OPTIONS={"pool_size": 1, "max_overflow": 0})
    )
    ids = {code: tenant_id(app, code) for code in ("se", "fi")}  # before holding the pool's only connection
    tokens = {}
    with single.app_context():
        from service.accounts.tokens import create_token

        for code, uid in (("se", se_id), ("fi", fi_id)):
            with tenant_scope(ids[code]):
                tokens[code] = create_token(db.session.get(User, uid))
                db.session.commit()
    expected = {}
    with single.app_context():
        for code in ("se", "fi"):
            with tenant_scope(ids[code]):
                expected[code] = set(db.session.scalars(select(User.id)))
    assert se_id in expected["se"] and fi_id in expected["fi"] and not expected["se"] & expected["fi"]
    client = single.test_client()
    for _ in range(3):
        for code in ("se", "fi"):
            users = client.get(f"/api/v1/{code}/users?limit=200", headers=bearer(tokens[code])).json
            seen = {u["id"] for u in users}  # the first page: other tests may have made more than 200 users
            other = expected["fi" if code == "se" else "se"]
            assert seen and seen <= expected[code] and not seen & other
            assert len(seen) == min(len(expected[code]), 200)
    with single.app_context():
        db.engine.dispose()


def test_owner_and_superuser_connections_are_refused(database_urls, redis_url, tmp_path):
    from service.app import create_app

    for url in (database_urls["owner"], database_urls["admin"]):
        unsafe = create_app(app_config(database_urls, redis_url, tmp_path, SQLALCHEMY_DATABASE_URI=url))
        with pytest.raises(UnsafeDatabaseRole):
            verify_database_role(unsafe)
        with unsafe.app_context():
            db.engine.dispose()


def test_forced_rls_is_required_on_every_tenant_table(app, database_urls):
    from service.tenancy.database_check import tenant_tables

    engine = create_engine(database_urls["owner"])
    with engine.connect() as connection:
        rows = dict(
            connection.execute(
                text("SELECT relname, relrowsecurity AND relforcerowsecurity FROM pg_class WHERE relkind = 'r'")
            ).all()
        )
    engine.dispose()
    assert tenant_tables(), "there are tenant-owned tables"
    assert all(rows[t] for t in tenant_tables())


# --- HTTP: another tenant's objects are 404, never listed -------------------------------------


def test_swedish_user_opening_a_finnish_page_gets_404(client, make_user):
    _, email = make_user("se", "ma_admin")
    assert sign_in(client, "se", email).status_code == 302
    assert client.get("/se/").status_code == 200
    for path in ("/fi/", "/fi/account", "/fi/audit"):
        assert client.get(path).status_code == 404


def test_unknown_tenant_is_404_on_pages_and_api(client):
    for path in ("/xx/", "/xx/login", "/xx/calls", "/api/v1/xx", "/api/v1/xx/programme", "/api/v1/zz/users/1"):
        response = client.get(path)
        assert response.status_code == 404, path


def test_token_of_another_tenant_is_404(client, make_user, token_for):
    uid, _ = make_user("se", "ma_admin")
    token = token_for("se", uid)
    assert client.get("/api/v1/se/programme", headers=bearer(token)).status_code == 200
    for path in ("/api/v1/fi/programme", "/api/v1/fi/users", "/api/v1/fi/me", "/api/v1/fi/audit"):
        assert client.get(path, headers=bearer(token)).status_code == 404, path


def test_another_tenants_user_cannot_be_read_changed_or_deleted_by_id(client, make_user, token_for, app):
    admin, _ = make_user("se", "ma_admin")
    victim, victim_email = make_user("fi", "case_officer")
    token = token_for("se", admin)
    assert client.get(f"/api/v1/se/users/{victim}", headers=bearer(token)).status_code == 404
    assert client.patch(f"/api/v1/se/users/{victim}", json={"name": "pwned"}, headers=bearer(token)).status_code == 404
    assert client.delete(f"/api/v1/se/users/{victim}", headers=bearer(token)).status_code == 404
    listed = client.get("/api/v1/se/users?limit=200", headers=bearer(token)).json
    assert victim not in {u["id"] for u in listed}
    assert victim_email not in {u["email"] for u in listed}
    with app.app_context(), tenant_scope(tenant_id(app, "fi")):
        user = db.session.get(User, victim)
        assert (user.name, user.active) == ("Test case_officer", True)


def test_tenant_id_smuggled_in_body_header_or_query_changes_nothing(client, make_user, token_for, app):
    admin, _ = make_user("se", "ma_admin")
    token = token_for("se", admin)
    fi = tenant_id(app, "fi")
    body = {"email": "smuggle@se.test", "role": "applicant", "tenant_id": fi}
    response = client.post("/api/v1/se/users", json=body, headers=bearer(token))
    assert response.status_code == 422 and "tenant_id" in response.json["errors"]
    response = client.post(
        "/api/v1/se/users?tenant=fi&tenant_id=" + str(fi),
        json={"email": "smuggle2@se.test", "role": "applicant"},
        headers=bearer(token, **{"X-Tenant": "fi", "X-Tenant-Id": str(fi)}),
    )
    assert response.status_code == 201
    with app.app_context(), tenant_scope(tenant_id(app, "se")):
        created = db.session.get(User, response.json["user"]["id"])
        assert created.tenant_id == tenant_id(app, "se")
    with app.app_context(), tenant_scope(fi):
        assert db.session.scalar(select(User).where(User.email.in_(["smuggle@se.test", "smuggle2@se.test"]))) is None


def test_uniqueness_does_not_reveal_other_tenants(client, make_user, token_for):
    _, fi_email = make_user("fi", "applicant")
    admin, _ = make_user("se", "ma_admin")
    response = client.post(
        "/api/v1/se/users", json={"email": fi_email, "role": "applicant"}, headers=bearer(token_for("se", admin))
    )
    assert response.status_code == 201  # the same address in another tenant is another person


def test_identity_map_does_not_carry_a_row_into_another_tenants_scope(app, make_user):
    """Session.get answers from the identity map without SQL; a scope change must empty it of others' rows."""
    fi_user, _ = make_user("fi", "case_officer")
    with app.app_context():
        with tenant_scope(tenant_id(app, "fi")):
            assert db.session.get(User, fi_user) is not None  # now in the identity map
        with tenant_scope(tenant_id(app, "se")):
            assert db.session.get(User, fi_user) is None
        db.session.rollback()
