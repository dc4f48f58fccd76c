"""API of organisations: register one, read it, its members and invitations; accept an invitation.

An applicant sees only the organisations they are a member of; another organisation, or another
tenant's, answers 404. The managing authority's staff read every organisation of the tenant.
"""

from __future__ import annotations

from flask import abort, g, jsonify
from flask_babel import get_locale
from marshmallow import ValidationError

from service.api.auth import authenticate, bearer_secret
from service.api.bodies import load_body
from service.organisations import operations
from service.organisations.messages import error_message
from service.organisations.models import Organisation
from service.organisations.schemas import (
    AcceptedSchema,
    InvitationAcceptSchema,
    InvitationCreateSchema,
    InvitationSchema,
    MemberSchema,
    OrganisationCreateSchema,
    OrganisationSchema,
    OrganisationTypeSchema,
)
from service.organisations.types import organisation_types
from service.organisations.util import (
    find_invitation,
    invitations_of,
    is_member,
    members_of,
    readable_organisation,
    visible_organisations,
)
from service.tenancy.current import current_tenant
from service.tenancy.model_base import utcnow


def _invalid(error: operations.OrganisationError) -> ValidationError:
    return ValidationError({error.field: [error_message(error)]})


def _readable_or_404(organisation_id: int) -> Organisation:
    organisation = readable_organisation(g.api_user, organisation_id)
    if organisation is None:
        abort(404)
    return organisation


def list_types():
    """The tenant's types of organisation, in its own order and official terms: the codes an organisation is
    registered with, a call names as eligible and the applications' list is filtered by.
    ---
    get:
      tags: [organisations]
      responses:
        200:
          description: Success.
          content: {application/json: {schema: {type: array, items: OrganisationTypeSchema}}}
        404: {description: No such tenant.}
    """
    kinds = organisation_types()
    return jsonify(
        OrganisationTypeSchema(many=True).dump(
            [{"code": kind.code, "label": kind.label, "labels": kind.labels} for kind in kinds]
        )
    )


def list_organisations():
    """The organisations the caller acts for (managing authority staff: all of the tenant's).
    ---
    get:
      tags: [organisations]
      security: [{bearer: []}]
      responses:
        200: {description: Success., content: {application/json: {schema: {type: array, items: OrganisationSchema}}}}
        401: {description: No valid token.}
    """
    return jsonify(OrganisationSchema(many=True).dump(visible_organisations(g.api_user)))


def create_organisation():
    """Register an organisation; the caller becomes its first member. Applicants only.
    ---
    post:
      tags: [organisations]
      security: [{bearer: []}]
      description: >-
        The number is checked for the tenant's country. A number already registered in this tenant is
        refused (422): ask a member of that organisation to invite you.
      requestBody: {content: {application/json: {schema: OrganisationCreateSchema}}}
      responses:
        201: {description: Created., content: {application/json: {schema: OrganisationSchema}}}
        403: {description: Not an applicant.}
        422: {description: Invalid data; messages per field in the caller's language.}
    """
    data = load_body(OrganisationCreateSchema())
    try:
        organisation = operations.create_organisation(g.api_user, **data)
    except operations.OrganisationError as error:
        raise _invalid(error) from error
    return jsonify(OrganisationSchema().dump(organisation)), 201


def get_organisation(organisation_id: int):
    """One organisation the caller may see.
    ---
    get:
      tags: [organisations]
      security: [{bearer: []}]
      parameters: [{in: path, name: organisation_id, required: true, schema: {type: integer}}]
      responses:
        200: {description: Success., content: {application/json: {schema: OrganisationSchema}}}
        404: {description: "No such organisation, or the caller is not a member."}
    """
    return jsonify(OrganisationSchema().dump(_readable_or_404(organisation_id)))


def list_members(organisation_id: int):
    """The people who act for the organisation.
    ---
    get:
      tags: [organisations]
      security: [{bearer: []}]
      parameters: [{in: path, name: organisation_id, required: true, schema: {type: integer}}]
      responses:
        200: {description: Success., content: {application/json: {schema: {type: array, items: MemberSchema}}}}
        404: {description: "No such organisation, or the caller is not a member."}
    """
    organisation = _readable_or_404(organisation_id)
    members = [
        {"user_id": u.id, "name": u.name, "email": u.email, "role": m.role, "joined_at": m.created_at}
        for m, u in members_of(organisation.id)
    ]
    return jsonify(MemberSchema(many=True).dump(members))


def list_invitations(organisation_id: int):
    """The organisation's invitations, newest first.
    ---
    get:
      tags: [organisations]
      security: [{bearer: []}]
      parameters: [{in: path, name: organisation_id, required: true, schema: {type: integer}}]
      responses:
        200: {description: Success., content: {application/json: {schema: {type: array, items: InvitationSchema}}}}
        404: {description: "No such organisation, or the caller is not a member."}
    """
    organisation = _readable_or_404(organisation_id)
    now = utcnow()
    rows = [_invitation(i, now) for i in invitations_of(organisation.id)]
    return jsonify(InvitationSchema(many=True).dump(rows))


def create_invitation(organisation_id: int):
    """Invite a colleague by e-mail (members only); the link is valid for 14 days.
    ---
    post:
      tags: [organisations]
      security: [{bearer: []}]
      parameters: [{in: path, name: organisation_id, required: true, schema: {type: integer}}]
      requestBody: {content: {application/json: {schema: InvitationCreateSchema}}}
      responses:
        201: {description: Invited; a job sends the e-mail., content: {application/json: {schema: InvitationSchema}}}
        403: {description: Managing authority staff read organisations but do not invite.}
        404: {description: "No such organisation, or the caller is not a member."}
        422: {description: "Invalid data, or the address is already a member."}
    """
    organisation = _readable_or_404(organisation_id)
    if not is_member(g.api_user.id, organisation.id):
        abort(403)
    data = load_body(InvitationCreateSchema())
    language = data["language"] or str(get_locale())
    try:
        invitation = operations.invite(organisation, email=data["email"], by=g.api_user, language=language)
    except operations.OrganisationError as error:
        raise _invalid(error) from error
    return jsonify(InvitationSchema().dump(_invitation(invitation, utcnow()))), 201


def accept_invitation():
    """Accept an invitation: with a token, as the caller; without, by creating the invitee's account.
    ---
    post:
      tags: [organisations]
      security: [{bearer: []}, {}]
      description: >-
        The token is the last part of the link in the invitation e-mail. Without a Bearer token, give
        name and password: an account is created for the invited address (the link proves it). If the
        address already has a confirmed account, accept with that account's token instead. Rate limited.
      requestBody: {content: {application/json: {schema: InvitationAcceptSchema}}}
      responses:
        200: {description: Joined., content: {application/json: {schema: AcceptedSchema}}}
        201: {description: Account created and joined., content: {application/json: {schema: AcceptedSchema}}}
        401: {description: A Bearer token was given but is not valid.}
        422: {description: "The invitation is not valid (expired, used, another tenant's) or data is missing."}
    """
    caller = authenticate() if bearer_secret() is not None else None
    if caller is not None and caller.tenant_id is None:
        abort(404)  # platform users act for no organisation
    data = load_body(InvitationAcceptSchema())
    invitation = find_invitation(data["token"])
    if invitation is None:
        raise _invalid(operations.OrganisationError("token", "invalid"))
    try:
        if caller is not None:
            membership, status = operations.accept(invitation, caller), 200
        else:
            missing = {
                field: [error_message(operations.OrganisationError(field, "required"))]
                for field in ("name", "password")
                if not data.get(field)
            }
            if missing:
                raise ValidationError(missing)
            _, membership = operations.register_invited(
                invitation, name=data["name"], password=data["password"], language=_language(data.get("language"))
            )
            status = 201
    except operations.OrganisationError as error:
        raise _invalid(error) from error
    body = {"organisation": invitation.organisation, "user_id": membership.user_id, "role": membership.role}
    return jsonify(AcceptedSchema().dump(body)), status


def _language(chosen: str | None) -> str:
    language = chosen or str(get_locale())
    return language if language in current_tenant().languages else current_tenant().default_language


def _invitation(invitation, now) -> dict:
    return {
        "id": invitation.id,
        "email": invitation.email,
        "status": invitation.status(now),
        "invited_by": invitation.invited_by,
        "created_at": invitation.created_at,
        "expires_at": invitation.expires_at,
        "accepted_at": invitation.accepted_at,
    }
