"""API of people: users of the tenant, the caller's own profile, its token."""

from __future__ import annotations

from flask import abort, g, jsonify
from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import select

from service.accounts import operations, tokens
from service.accounts.models import User
from service.accounts.schemas import CreatedUserSchema, MeUpdateSchema, UserCreateSchema, UserSchema, UserUpdateSchema
from service.api.bodies import load_body, positive_int_arg
from service.extensions import db
from service.tenancy.current import current_tenant

_ACCOUNT_MESSAGES = {
    ("email", "taken"): lambda: _("This e-mail address is already in use in this tenant."),
    ("role", "unknown_role"): lambda: _("Unknown role."),
    ("language", "not_offered"): lambda: _("This tenant does not offer that language."),
}


def _invalid(error: operations.AccountError) -> ValidationError:
    message = _ACCOUNT_MESSAGES.get((error.field, error.code), lambda: _("Not valid."))()
    return ValidationError({error.field: [message]})


def _user_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)  # the tenant scope makes another tenant's user None
    if user is None:
        abort(404)
    return user


def list_users():
    """List the tenant's users.
    ---
    get:
      tags: [users]
      security: [{bearer: []}]
      parameters:
        - {in: query, name: after, schema: {type: integer, minimum: 1, maximum: 2147483647},
           description: "Only users with a larger id."}
        - {in: query, name: limit, schema: {type: integer, minimum: 1, maximum: 200}}
      responses:
        200: {description: Success., content: {application/json: {schema: {type: array, items: UserSchema}}}}
        401: {description: No valid token.}
        403: {description: Not a managing authority administrator.}
    """
    after = positive_int_arg("after", default=0)
    limit = positive_int_arg("limit", default=100, maximum=200)
    users = db.session.scalars(select(User).where(User.id > after).order_by(User.id).limit(limit))
    return jsonify(UserSchema(many=True).dump(users))


def create_user():
    """Create a user in the tenant; the welcome e-mail is sent by a background job.
    ---
    post:
      tags: [users]
      security: [{bearer: []}]
      requestBody: {content: {application/json: {schema: UserCreateSchema}}}
      responses:
        201: {description: Created., content: {application/json: {schema: CreatedUserSchema}}}
        422: {description: "Invalid data, or an address already in use in this tenant; messages per field in the
              caller's language."}
    """
    data = load_body(UserCreateSchema())
    try:
        user = operations.create_user(**data)
    except operations.AccountError as error:
        raise _invalid(error) from error
    job = operations.welcome_email(user)
    return jsonify(CreatedUserSchema().dump({"user": user, "welcome_job": job.id})), 201


def get_user(user_id: int):
    """One user of the tenant.
    ---
    get:
      tags: [users]
      security: [{bearer: []}]
      parameters: [{in: path, name: user_id, required: true, schema: {type: integer}}]
      responses:
        200: {description: Success., content: {application/json: {schema: UserSchema}}}
        404: {description: No such user in this tenant.}
    """
    return jsonify(UserSchema().dump(_user_or_404(user_id)))


def update_user(user_id: int):
    """Change a user's name, role, language or active state.
    ---
    patch:
      tags: [users]
      security: [{bearer: []}]
      parameters: [{in: path, name: user_id, required: true, schema: {type: integer}}]
      requestBody: {content: {application/json: {schema: UserUpdateSchema}}}
      responses:
        200: {description: Success., content: {application/json: {schema: UserSchema}}}
        404: {description: No such user in this tenant.}
        409: {description: The user was changed since the version given.}
        422: {description: Invalid data.}
    """
    user = _user_or_404(user_id)
    data = load_body(UserUpdateSchema(), partial=True)
    if "version" in data and data.pop("version") != user.version:
        abort(409)
    if user.id == g.api_user.id and (data.get("active") is False or data.get("role", user.role) != user.role):
        raise ValidationError({"role": [_("You cannot change your own role or deactivate yourself.")]})
    for field in ("name", "role", "language"):
        if field in data:
            setattr(user, field, data[field])
    if data.get("active") is False:
        operations.deactivate(user)
    elif data.get("active") is True:
        user.active = True
    db.session.flush()
    return jsonify(UserSchema().dump(user))


def deactivate_user(user_id: int):
    """Deactivate a user (users are never erased: the audit trail refers to them).
    ---
    delete:
      tags: [users]
      security: [{bearer: []}]
      parameters: [{in: path, name: user_id, required: true, schema: {type: integer}}]
      responses:
        204: {description: Deactivated.}
        404: {description: No such user in this tenant.}
    """
    user = _user_or_404(user_id)
    if user.id == g.api_user.id:
        raise ValidationError({"user": [_("You cannot deactivate yourself.")]})
    operations.deactivate(user)
    return "", 204


def me():
    """The caller.
    ---
    get:
      tags: [users]
      security: [{bearer: []}]
      responses:
        200: {description: Success., content: {application/json: {schema: UserSchema}}}
    """
    return jsonify(UserSchema().dump(g.api_user))


def update_me():
    """Change the caller's language preference.
    ---
    patch:
      tags: [users]
      security: [{bearer: []}]
      requestBody: {content: {application/json: {schema: MeUpdateSchema}}}
      responses:
        200: {description: Success., content: {application/json: {schema: UserSchema}}}
        422: {description: Invalid data.}
    """
    data = load_body(MeUpdateSchema())
    operations.set_language(g.api_user, data["language"], current_tenant().languages)
    db.session.flush()
    return jsonify(UserSchema().dump(g.api_user))


def revoke_current_token():
    """Revoke the token used for this request.
    ---
    delete:
      tags: [tokens]
      security: [{bearer: []}]
      responses:
        204: {description: Revoked; the token answers 401 from now on.}
    """
    tokens.revoke_token(g.api_token)
    return "", 204
