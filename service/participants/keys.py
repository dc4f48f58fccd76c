"""The tenant's key for the participant register's hashes, held outside the database.

In production each tenant's key comes from the environment, ``AMIF_PARTICIPANT_KEY_<CODE>`` (64 or more hex
digits: 32 bytes or more; the Helm chart mounts it from a Secret), and a missing key stops the register rather
than hash with a guessable one. Elsewhere (development, tests, the embedded default) a key is derived from the
application's secret key and the tenant's code, so the demo works without configuration. Changing a key makes
every earlier hash unmatchable: a person registered before would be registered again."""

from __future__ import annotations

import hmac
import os
from hashlib import sha256

from flask import current_app
from werkzeug.exceptions import ServiceUnavailable

from service.tenancy.current import current_tenant

MINIMUM_BYTES = 32


def _variable(code: str) -> str:
    return f"AMIF_PARTICIPANT_KEY_{code.upper()}"


def tenant_key() -> bytes:
    code = current_tenant().code
    configured = os.environ.get(_variable(code), "").strip()
    if configured:
        try:
            key = bytes.fromhex(configured)
        except ValueError:
            key = b""
        if len(key) < MINIMUM_BYTES:
            raise RuntimeError(f"{_variable(code)} must be at least {MINIMUM_BYTES * 2} hex digits")
        return key
    if current_app.config["AMIF_ENV"] == "production":
        current_app.logger.error("%s is not set: the participant register is closed", _variable(code))
        raise ServiceUnavailable()
    secret = current_app.config["SECRET_KEY"].encode("utf-8")
    return hmac.new(secret, f"amif-participant-register:{code}".encode(), sha256).digest()
