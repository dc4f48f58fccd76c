"""Who may see which application, and lists of them."""

from __future__ import annotations

import weakref

from flask import abort, g
from sqlalchemy import and_, bindparam, inspect, select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value

from service.accounts.models import User
from service.accounts.tokens import TOKEN_WITH_USER
from service.api.auth import read_with_token as api_read_with_token
from service.applications.models import (
    Application,
    Attachment,
    BudgetLine,
    Partner,
    PlannedIndicator,
    Submission,
    SupplementRequest,
)
from service.calls.models import Call
from service.extensions import db
from service.organisations.util import member_of, organisation_ids_of
from service.tenancy.scoping import built_once

# MA staff who read submitted applications (drafts stay the applicant's own work).
READERS = ("ma_admin", "case_officer", "auditor")  # auditors read, never act
_LOCKED = "amif_applications_locked"  # Session.info: (the transaction, ids of applications it read under lock)
_CALL = "_amif_call"  # on an applicant's application read with_call: its call, read in the same statement


def visible_to(user, application_id: int, *, for_update: bool = False, with_call: bool = False) -> Application:
    """The application if this person may see it; anything else answers 404, never 403.

    An applicant's application is read in one statement with the check that they are a member of its
    organisation. ``for_update`` (a save, a submit) reads it under its row lock at once, so that
    :func:`service.applications.operations.lock` need not read it again (only for an applicant: nobody else
    edits, :func:`editable_by` refuses them). ``with_call`` (the request will read the application's call: its
    currency, rates, indicators or attachments) reads an applicant's call in the same statement, so that
    ``db.session.get(Call, …)`` finds it in the session without asking the database again; without the row lock,
    the same statement says which kinds of parts the application has, and a kind it has none of is an empty list
    read already (:data:`PARTS`)."""
    if user.role == "applicant":
        row = _read_with_token(user, application_id, (for_update, with_call))
        if row is None:
            query = _MINE_QUERIES[for_update, with_call]
            row = db.session.execute(query, {"application_id": application_id, "user_id": user.id}).first()
        if row is None:
            abort(404)
        application = row[0]
        if with_call:
            # The session holds what it read only while something else does: the application holds its call.
            setattr(application, _CALL, row[1])
            if not for_update:
                _known_empty(application, row[2:])
        if for_update:
            locked_in_transaction().add(application.id)
        return application
    application = db.session.get(Application, application_id)
    if application is None or user.role not in READERS or application.status == "draft":
        abort(404)
    return application


# An applicant's application, with whether they are a member of its organisation: built once (most applicant requests
# read one; building the statement cost about a sixth of its CPU), the ids bound at each execution.
_MINE = select(Application).where(
    Application.id == bindparam("application_id"), member_of(bindparam("user_id"), Application.organisation_id)
)
# The kinds of an application's parts, and whether the application has any of each: asked in the statement that
# reads it with its call (the requests that read its parts), so that a kind it has none of is known to be empty and
# not asked for again (a read of an application without partners or supplement requests, say). Not under the row
# lock: a statement that waits for the lock sees the other tables as they were before it waited, so a part added
# by the transaction that held the lock would be missing; there the parts are read afterwards, as before.
PARTS = {
    "budget_lines": BudgetLine,
    "partners": Partner,
    "indicators": PlannedIndicator,
    "attachments": Attachment,
    "submissions": Submission,
    "supplement_requests": SupplementRequest,
}
_HAS_PARTS = [
    select(part.id)
    .where(part.tenant_id == Application.tenant_id, part.application_id == Application.id)
    .exists()
    .label(f"has_{key}")
    for key, part in PARTS.items()
]


def _read_of(query, join: str, *, for_update: bool, with_call: bool):
    """The rest of a read of an applicant's application, ``query`` reading it already (with whether the reader is a
    member of its organisation): its call (``join`` or ``outerjoin``; the call row is read under the scope's criteria
    and row-level security, as any query on calls, and never locked), then the row lock (FOR UPDATE OF applications)
    or, without it, the kinds of parts it has when its call is read (see :data:`PARTS`)."""
    if with_call:
        query = getattr(query.add_columns(Call), join)(Call, Call.id == Application.call_id)
    if for_update:
        return query.with_for_update(of=Application).execution_options(populate_existing=True)
    return query.add_columns(*_HAS_PARTS) if with_call else query


_KINDS = ((False, False), (True, False), (False, True), (True, True))  # (for_update, with_call)
_MINE_QUERIES = {
    (lock, call): built_once(_read_of(_MINE, "join", for_update=lock, with_call=call)) for lock, call in _KINDS
}


class _WithToken:
    """An applicant's application, read in the statement that reads their token (:func:`read_with_token`): the
    statement of :data:`_MINE_QUERIES` for the same ``(for_update, with_call)``, joined to the token's user (the
    reader: ``User.id`` stands for the bound user id). A read under the row lock is an inner join (PostgreSQL locks
    no row of an outer join's nullable side): an application not theirs finds no row, and the token is then read
    alone; otherwise an outer join, so that a token of staff reads its token and user and nothing else."""

    def __init__(self, for_update: bool, with_call: bool):
        self.kind = (for_update, with_call)
        mine = and_(Application.id == bindparam("application_id"), member_of(User.id, Application.organisation_id))
        join = "join" if for_update else "outerjoin"
        query = getattr(TOKEN_WITH_USER.add_columns(Application), join)(Application, mine)
        self.statement = built_once(_read_of(query, join, for_update=for_update, with_call=with_call))

    def bind(self, view_args: dict) -> dict:
        return {"application_id": view_args["application_id"]}

    def received(self, person, values: tuple | None) -> None:
        """Kept for :func:`visible_to` in this request, for this person and this transaction only (a view that rolls
        back before it reads, as an idempotency key's retry may, reads again)."""
        if values is None or values[0] is None or person.role != "applicant":
            return
        transaction = db.session().get_transaction()
        g.amif_application_with_token = (weakref.ref(transaction), person.id, self.kind, values)


_WITH_TOKEN = {kind: _WithToken(*kind) for kind in _KINDS}


def read_with_token(*, for_update: bool = False, with_call: bool = False):
    """Mark an API view whose first read is ``visible_to`` (or ``editable_by``) of the URL's ``application_id`` with
    these arguments: for an applicant, the application then comes in the statement that reads their token."""
    return api_read_with_token(_WITH_TOKEN[for_update, with_call])


def _read_with_token(user, application_id: int, kind: tuple[bool, bool]):
    """The row read with the token for this very read, or None: it is used once, and only by the same person, for
    the same application and kind of read, in the same transaction (the row lock is the transaction's)."""
    kept = g.pop("amif_application_with_token", None)
    if kept is None:
        return None
    transaction, person_id, read_kind, values = kept
    now = db.session().get_transaction()  # None after a rollback, as a collected transaction's reference is
    if (
        now is None
        or transaction() is not now
        or person_id != user.id
        or read_kind != kind
        or values[0].id != application_id
    ):
        return None
    return values


def _known_empty(application: Application, has: tuple) -> None:
    """Mark the kinds of parts the application has none of as read: an empty list, without a query. (A kind read
    already in this session is left as it is. Parts added before the statement were flushed before it ran.)"""
    loaded = inspect(application).dict
    for key, any_of_them in zip(PARTS, has, strict=True):
        if not any_of_them and key not in loaded:
            set_committed_value(application, key, [])


def editable_by(user, application_id: int, *, for_update: bool = False, with_call: bool = False) -> Application:
    """The application if this person acts for its organisation (only applicants edit); ``for_update`` and
    ``with_call``: see :func:`visible_to`."""
    application = visible_to(user, application_id, for_update=for_update, with_call=with_call)
    if user.role != "applicant":
        abort(404 if application.status == "draft" else 403)
    return application


def locked_in_transaction() -> set[int]:
    """The ids of the applications read under their row lock in the session's current transaction (a savepoint
    counts as a transaction of its own: rolling back to it releases the locks taken after it)."""
    session = db.session()
    transaction = session.get_nested_transaction() or session.get_transaction()
    if transaction is None:
        return set()
    held = session.info.get(_LOCKED)
    if held is None or held[0]() is not transaction:
        held = session.info[_LOCKED] = (weakref.ref(transaction), set())
    return held[1]


def listed_for(user, *, call_id: int | None = None, with_parts: bool = False) -> list[Application]:
    """``with_parts`` loads every application's rows in one query per kind (the API answers them all)."""
    query = select(Application)
    if with_parts:
        query = query.options(*(selectinload(getattr(Application, part)) for part in PARTS))
    if user.role == "applicant":
        ids = organisation_ids_of(user.id)
        if not ids:
            return []
        query = query.where(Application.organisation_id.in_(ids))
    elif user.role in READERS:
        query = query.where(Application.status != "draft")
    else:
        return []
    if call_id is not None:
        query = query.where(Application.call_id == call_id)
    return list(db.session.scalars(query.order_by(Application.updated_at.desc(), Application.id.desc())))
