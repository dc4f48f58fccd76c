"""Attachments: recognised by content, hostile names refused, stored once by SHA-256, served as downloads."""

from __future__ import annotations

import hashlib
import io
import zipfile

import pytest

from tests.applications_support import admin_headers, applicant, open_call, organisation  # noqa: F401
from tests.test_applications_api import PDF, start


def docx(extra: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def upload(client, code, person, application, name, data, kind="other"):
    return client.post(
        f"/api/v1/{code}/applications/{application['id']}/attachments",
        data={"kind": kind, "file": (io.BytesIO(data), name)},
        headers=person["headers"],
        content_type="multipart/form-data",
    )


@pytest.fixture
def draft(client, open_call, applicant):
    call = open_call("fi")
    person = applicant("fi", language="fi")
    return person, start(client, "fi", person, call, language="fi")


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("virus.pdf", b"MZ\x90\x00\x03 this is a Windows executable"),  # wrong content for the extension
        ("budget.exe", b"MZ\x90\x00"),
        ("page.html", b"<script>alert(1)</script>"),
        ("image.svg", b"<svg onload=alert(1)>"),
        ("macro.docx", docx({"word/vbaProject.bin": b"\x00"})),
        ("fake.docx", b"PK\x03\x04 not really a zip"),
        ("../../etc/passwd.pdf", PDF),
        ("..\\windows.pdf", PDF),
        ("invoice\u202efdp.exe", PDF),  # right-to-left override hides ".exe"
        ("report.exe.pdf", PDF),
        (".hidden.pdf", PDF),
        ("nul\x00byte.pdf", PDF),
        ("a" * 250 + ".pdf", PDF),
        ("noextension", PDF),
        ("empty.pdf", b""),
    ],
)
def test_refused_uploads_change_nothing(client, draft, name, data):
    person, application = draft
    response = upload(client, "fi", person, application, name, data)
    assert response.status_code == 422, response.json
    assert "file" in response.json["errors"]
    current = client.get(f"/api/v1/fi/applications/{application['id']}", headers=person["headers"]).json
    assert current["attachments"] == []


def test_too_large_is_refused(client, draft):
    from service.applications.attachments import MAX_BYTES

    person, application = draft
    response = upload(client, "fi", person, application, "big.pdf", PDF + b"0" * MAX_BYTES)
    assert response.status_code in (413, 422)


def test_accepted_files_are_stored_once_by_content_and_served_as_downloads(app, client, draft):
    person, application = draft
    first = upload(client, "fi", person, application, "Hankesuunnitelma ÄÖ.pdf", PDF)
    second = upload(client, "fi", person, application, "kopio.pdf", PDF)
    word = upload(client, "fi", person, application, "liite.docx", docx())
    assert first.status_code == second.status_code == word.status_code == 201
    assert first.json["sha256"] == second.json["sha256"] == hashlib.sha256(PDF).hexdigest()
    from sqlalchemy import func, select

    from service.applications.models import StoredFile
    from service.extensions import db
    from service.tenancy.scope import tenant_scope
    from tests.conftest import tenant_id

    with app.app_context(), tenant_scope(tenant_id(app, "fi")):
        count = db.session.scalar(select(func.count()).where(StoredFile.sha256 == first.json["sha256"]))
        assert count == 1
    url = f"/api/v1/fi/applications/{application['id']}/attachments/{first.json['id']}"
    download = client.get(url, headers=person["headers"])
    assert download.status_code == 200 and download.data == PDF
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert "UTF-8''Hankesuunnitelma%20%C3%84%C3%96.pdf" in download.headers["Content-Disposition"]
    assert download.headers["X-Content-Type-Options"] == "nosniff"


def test_another_organisation_cannot_read_or_delete_an_attachment(client, draft, applicant):
    person, application = draft
    stored = upload(client, "fi", person, application, "a.pdf", PDF).json
    stranger = applicant("fi")
    url = f"/api/v1/fi/applications/{application['id']}/attachments/{stored['id']}"
    assert client.get(url, headers=stranger["headers"]).status_code == 404
    assert client.delete(url, headers=stranger["headers"]).status_code == 404
    swede = applicant("se")
    assert client.get(url.replace("/fi/", "/se/"), headers=swede["headers"]).status_code == 404
    assert client.get(url, headers=person["headers"]).status_code == 200


def test_unknown_attachment_kind_is_refused(client, draft):
    person, application = draft
    response = upload(client, "fi", person, application, "a.pdf", PDF, kind="secret_kind")
    assert response.status_code == 422 and "kind" in response.json["errors"]


def test_the_same_bytes_stored_by_another_request_at_the_same_moment_are_no_conflict(
    app, client, database_urls, open_call, applicant
):
    """Another transaction is storing the same bytes and has not committed: the upload waits for it, then keeps
    that row and is accepted (not refused as a conflict with data that already exists)."""
    import threading

    from sqlalchemy import create_engine, func, select, text

    from service.applications.models import StoredFile
    from service.extensions import db
    from service.tenancy.scope import tenant_scope
    from tests.conftest import tenant_id

    person = applicant("fi", language="fi")
    application = start(client, "fi", person, open_call("fi"), language="fi")
    data = PDF + b"% the same form, attached by two applicants\n"
    digest = hashlib.sha256(data).hexdigest()
    engine = create_engine(database_urls["app"])
    answers = []

    def send():
        with app.test_client() as own:
            answers.append(upload(own, "fi", person, application, "lomake.pdf", data))

    try:
        with engine.connect() as other:
            other.execute(text("SELECT set_config('app.tenant_id', :t, true)"), {"t": str(tenant_id(app, "fi"))})
            other.execute(
                text(
                    "INSERT INTO stored_files (tenant_id, sha256, size, data, created_at) "
                    "VALUES (:t, :sha, :size, :data, now())"
                ),
                {"t": tenant_id(app, "fi"), "sha": digest, "size": len(data), "data": data},
            )
            thread = threading.Thread(target=send)
            thread.start()
            thread.join(timeout=1.5)
            assert thread.is_alive(), "the upload waits for the transaction storing the same bytes"
            other.commit()
            thread.join(timeout=30)
    finally:
        engine.dispose()
    (answer,) = answers
    assert answer.status_code == 201, answer.json
    assert answer.json["sha256"] == digest
    with app.app_context(), tenant_scope(tenant_id(app, "fi")):
        assert db.session.scalar(select(func.count()).where(StoredFile.sha256 == digest)) == 1
