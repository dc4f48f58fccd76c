"""Idempotency keys for requests that must not happen twice, such as submitting an application.

A client sends ``Idempotency-Key: <a unique string of its own>`` (IETF draft "The Idempotency-Key HTTP
Header Field"). The first request with a key is done, and its answer is kept with the key in the same
transaction. A retry with the same key (after a timeout, a 503, an answer lost on the way) gets that
answer again, marked ``Idempotent-Replayed: true``, and changes nothing. A request that was refused or
failed kept nothing, so its retry is done anew. Two requests with one key at the same instant: the second
waits on the key's unique index until the first ends, then replays its answer. The same key with another
request (another path or body) is refused with 422. Keys belong to one person and are kept for at least 7
days (the hourly clean-up deletes older ones).
"""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta
from functools import wraps

from flask import g, jsonify, make_response, request
from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from service.errors import Conflict
from service.extensions import db
from service.idempotency.models import IdempotencyKey
from service.tenancy.model_base import utcnow

HEADER = "Idempotency-Key"
KEEP = timedelta(days=7)
MAX_LENGTH = 255


def idempotent(view):
    """Make an API view replay its answer for a repeated ``Idempotency-Key`` (after authentication)."""

    @wraps(view)
    def guarded(*args, **kwargs):
        key = request.headers.get(HEADER)
        if key is None:
            return view(*args, **kwargs)
        _check(key)
        user_id = g.api_user.id
        fingerprint = _fingerprint()
        stored = _find(user_id, key)
        reservation = None
        if stored is None:
            reservation = IdempotencyKey(user_id=user_id, key=key, fingerprint=fingerprint)
            db.session.add(reservation)
            try:
                db.session.flush()  # a concurrent request with this key waits here until the first one ends
            except IntegrityError:
                db.session.rollback()
                stored = _find(user_id, key)
                if stored is None:  # the other request's key is gone again (it was refused): try once more
                    raise Conflict(_("The same request is being handled right now. Try again in a moment.")) from None
        if stored is not None:
            return _replay(stored, fingerprint)
        response = make_response(view(*args, **kwargs))
        if response.status_code < 400:  # a refused request keeps nothing: its retry is done anew
            reservation.status_code = response.status_code
            reservation.response = response.get_json(silent=True)
        return response

    return guarded


def _check(key: str) -> None:
    if not key or len(key) > MAX_LENGTH or not key.isascii() or not key.isprintable():
        raise ValidationError({HEADER: [_("Give a key of 1 to %(max)s printable ASCII characters.", max=MAX_LENGTH)]})


def _fingerprint() -> str:
    body = request.get_json(silent=True)
    content = json.dumps(body, sort_keys=True) if body is not None else request.get_data(as_text=False).hex()
    return hashlib.sha256(f"{request.method} {request.path}\n{content}".encode()).hexdigest()


def _find(user_id: int, key: str) -> IdempotencyKey | None:
    return db.session.scalar(select(IdempotencyKey).where(IdempotencyKey.user_id == user_id, IdempotencyKey.key == key))


def _replay(stored: IdempotencyKey, fingerprint: str):
    if stored.fingerprint != fingerprint:
        raise ValidationError(
            {HEADER: [_("This key was used for a different request. Use a new key for each new request.")]}
        )
    response = jsonify(stored.response)
    response.status_code = stored.status_code
    response.headers["Idempotent-Replayed"] = "true"
    return response


def forget_old_keys() -> int:
    """Delete the keys older than KEEP in the current tenant; returns how many."""
    return db.session.execute(
        delete(IdempotencyKey)
        .where(IdempotencyKey.created_at <= utcnow() - KEEP)
        .execution_options(synchronize_session=False)
    ).rowcount
