"""Attachments: accepted by what the bytes are (not what the name claims), stored once by SHA-256.

Virus-safe handling here means: only document and image formats whose content is recognised
are accepted; macro-enabled Office files, archives and executables are refused; names that could
travel a path or hide their extension are refused; files are always served as downloads with
``nosniff``, never rendered inline. There is no antivirus engine on this platform yet (see the
issue note); a scan would hook into :func:`accept`.
"""

from __future__ import annotations

import hashlib
import io
import unicodedata
import zipfile

from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from service.applications.models import Application, Attachment, StoredFile
from service.extensions import db
from service.tenancy.model_base import utcnow
from service.tenancy.scope import TenantScopeMissing, current_scope

MAX_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 30
MAX_ZIP_ENTRIES = 5000
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
# extension -> content type; the content must match (see _detect).
ACCEPTED = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "txt": "text/plain",
}
_HIDDEN_CHARACTERS = {
    "\u202e",
    "\u202d",
    "\u202a",
    "\u202b",
    "\u202c",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
    "\u200e",
    "\u200f",
}


def check_filename(name: str) -> tuple[str, str]:
    """(clean name, extension) or a 422: no paths, no control or direction-changing characters,
    no hidden or double extensions, at most 200 characters."""
    name = unicodedata.normalize("NFC", (name or "").strip())
    refused = ValidationError(
        {
            "file": [
                _(
                    "This file name is not accepted. Rename the file (letters, digits, spaces, "
                    "- and _, one extension) and try again."
                )
            ]
        }
    )
    if not name or len(name) > 200 or name.startswith(".") or ".." in name:
        raise refused
    if any(c in name for c in '/\\:*?"<>|') or any(unicodedata.category(c)[0] == "C" for c in name):
        raise refused
    if any(c in _HIDDEN_CHARACTERS for c in name):
        raise refused
    stem, dot, extension = name.rpartition(".")
    extension = extension.lower()
    if not dot or not stem:
        raise refused
    if extension not in ACCEPTED:
        raise ValidationError(
            {
                "file": [
                    _(
                        "Accepted file types: PDF, Word (docx), Excel (xlsx), OpenDocument (odt, ods), "
                        "PNG, JPEG and plain text."
                    )
                ]
            }
        )
    inner = stem.rpartition(".")[2].lower() if "." in stem else ""
    if inner in {"exe", "js", "bat", "cmd", "com", "scr", "vbs", "msi", "sh", "ps1", "jar", "html", "htm", "svg"}:
        raise refused
    return name, extension


def _detect(data: bytes, extension: str) -> bool:
    if extension == "pdf":
        return data.startswith(b"%PDF-")
    if extension == "png":
        return data.startswith(b"\x89PNG\r\n\x1a\n")
    if extension in ("jpg", "jpeg"):
        return data.startswith(b"\xff\xd8\xff")
    if extension == "txt":
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return False
        return "\x00" not in text
    return _office_document(data, extension)


def _office_document(data: bytes, extension: str) -> bool:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = archive.namelist()
    except (zipfile.BadZipFile, ValueError):
        return False
    if any(n.lower().endswith(("vbaproject.bin", ".bin", ".exe", ".dll")) or n.startswith(("/", "..")) for n in names):
        return False  # macros, embedded binaries, or a path-travelling zip
    infos = archive.infolist()
    if len(infos) > MAX_ZIP_ENTRIES or sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
        return False  # a zip bomb: nothing here is ever unpacked beyond a few bytes, but refuse it outright
    if extension in ("docx", "xlsx"):
        main = "word/document.xml" if extension == "docx" else "xl/workbook.xml"
        return "[Content_Types].xml" in names and main in names
    try:
        info = archive.getinfo("mimetype")
        if info.file_size > 100:
            return False
        with archive.open(info) as entry:
            mimetype = entry.read(100).decode("ascii", "replace").strip()
    except (KeyError, zipfile.BadZipFile, RuntimeError, NotImplementedError):
        return False
    return mimetype == ACCEPTED[extension]


def check_upload(filename: str, data: bytes) -> tuple[str, str]:
    """(clean name, extension) of an acceptable upload, or a 422 on ``file``: the name, the size and the
    content (what the bytes are, not what the name claims). Other domains' uploads come here too."""
    name, extension = check_filename(filename)
    if not data:
        raise ValidationError({"file": [_("The file is empty.")]})
    if len(data) > MAX_BYTES:
        raise ValidationError(
            {"file": [_("The file is larger than %(megabytes)s MB.", megabytes=MAX_BYTES // (1024 * 1024))]}
        )
    if not _detect(data, extension):
        raise ValidationError(
            {"file": [_("The content of the file is not a valid %(type)s file.", type=extension.upper())]}
        )
    return name, extension


def store(data: bytes) -> str:
    """Keep the bytes once per tenant (content-addressed); their SHA-256. One statement, which leaves the row as it
    is when the tenant has these bytes already, also when another request is storing them at the same moment (two
    applicants attaching the same form: neither is refused for the other's upload)."""
    scope = current_scope()
    if scope is None or scope.is_platform:
        raise TenantScopeMissing("stored files belong to a tenant")
    digest = hashlib.sha256(data).hexdigest()
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    db.session.execute(
        insert(StoredFile.__table__)
        .values(tenant_id=scope.tenant_id, sha256=digest, size=len(data), data=data, created_at=utcnow())
        .on_conflict_do_nothing(index_elements=["tenant_id", "sha256"])
    )
    return digest


def store_upload(filename: str, data: bytes) -> tuple[str, str, str]:
    """Check an upload and keep its bytes: (clean name, content type, SHA-256)."""
    name, extension = check_upload(filename, data)
    return name, ACCEPTED[extension], store(data)


def stored_content(sha256: str) -> bytes:
    return db.session.scalar(select(StoredFile.data).where(StoredFile.sha256 == sha256))


def accept(application: Application, *, kind: str, filename: str, data: bytes, user) -> Attachment:
    """Check and store an upload; the same bytes are stored once per tenant."""
    name, extension = check_upload(filename, data)
    if len(application.attachments) >= MAX_ATTACHMENTS:
        raise ValidationError({"file": [_("At most %(count)s attachments per application.", count=MAX_ATTACHMENTS)]})
    digest = store(data)
    attachment = Attachment(
        application=application,
        kind=kind,
        filename=name,
        content_type=ACCEPTED[extension],
        size=len(data),
        sha256=digest,
        uploaded_by=user.id,
        uploaded_at=utcnow(),
    )
    db.session.add(attachment)
    application.updated_at = utcnow()
    db.session.flush()
    return attachment


def add(application: Application, *, kind: str, filename: str, data: bytes, user) -> Attachment:
    """Attach an upload to a draft: ``kind`` is one of the call's required attachments or "other"
    (the API and the pages both come here)."""
    from service.applications.operations import ensure_editable
    from service.calls.models import Call

    ensure_editable(application)
    call = db.session.get(Call, application.call_id)
    if kind != "other" and kind not in {a["key"] for a in call.required_attachments}:
        raise ValidationError({"kind": [_("Choose one of the call's required attachments, or other.")]})
    return accept(application, kind=kind, filename=filename, data=data, user=user)


def content_of(attachment: Attachment) -> bytes:
    stored = db.session.scalar(select(StoredFile).where(StoredFile.sha256 == attachment.sha256))
    return stored.data
