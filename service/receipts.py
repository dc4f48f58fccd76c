"""The fingerprint of a frozen record (a submitted application, claim or report, a project version): SHA-256 of
its content as canonical JSON (keys sorted, UTF-8 as written), so the same content always gives the same hash and
a receipt can name it."""

from __future__ import annotations

import hashlib
import json


def content_sha256(content: dict) -> str:
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
