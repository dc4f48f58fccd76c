"""Random secrets for session ids and API tokens, and the secrets of e-mailed links; only their SHA-256 is
stored."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from datetime import datetime

from flask import current_app


def new_secret(prefix: str = "") -> str:
    return prefix + secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def link_secret(purpose: str, tenant_id: int, row_id: int, issued_at: datetime) -> str:
    """The secret of an e-mailed link (confirmation, invitation): a keyed hash (HMAC-SHA-256 with SECRET_KEY)
    of the row it stands for. A retried e-mail job writes the same link, so an e-mail sent twice (a worker
    killed between sending and recording it) carries the same working link, not a dead one. Neither the
    database nor the key alone gives it; only its SHA-256 is stored."""
    key = current_app.config["SECRET_KEY"].encode("utf-8")
    message = f"{purpose}:{tenant_id}:{row_id}:{issued_at.isoformat()}".encode()
    return base64.urlsafe_b64encode(hmac.new(key, message, hashlib.sha256).digest()).rstrip(b"=").decode("ascii")
