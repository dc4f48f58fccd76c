"""Request handlers of the organisation pages: mine, register one, members and invitations, accept."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from service.accounts.controllers import sign_in_user
from service.accounts.forms import EmptyForm
from service.accounts.operations import find_user_by_email
from service.extensions import db
from service.i18n import LANGUAGE_NAMES
from service.organisations import operations
from service.organisations.forms import InvitationForm, InvitedRegistrationForm, OrganisationForm
from service.organisations.labels import MEMBER_ROLE_LABELS, number_hint, number_label
from service.organisations.messages import error_message
from service.organisations.types import type_labels
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


def _organisation_form() -> OrganisationForm:
    form = OrganisationForm(prefix="organisation")
    form.number.label.text = number_label(current_tenant().country)
    form.number.description = number_hint(current_tenant().country)
    return form


def _invitation_form() -> InvitationForm:
    form = InvitationForm(prefix="invitation")
    form.language.choices = [SelectChoice(code, LANGUAGE_NAMES[code]) for code in current_tenant().languages]
    if request.method == "GET":
        form.language.data = str(get_locale())
    return form


def _refused(form, error: operations.OrganisationError) -> None:
    """Show an operation's refusal beside the input it concerns (or above the form)."""
    field = getattr(form, error.field, None)
    if field is not None and hasattr(field, "errors") and isinstance(field.errors, list):
        field.errors.append(error_message(error))
    else:
        flash(error_message(error), "error")


def mine():
    return _list_page(_organisation_form())


def _list_page(form: OrganisationForm, status: int = 200):
    return (
        render_template(
            "organisations/list.html",
            organisations=visible_organisations(current_user),
            form=form,
            types=type_labels(),
        ),
        status,
    )


def create():
    form = _organisation_form()
    if form.validate_on_submit():
        try:
            organisation = operations.create_organisation(
                current_user,
                name=form.name.data,
                number=form.number.data,
                organisation_type=form.organisation_type.data,
            )
        except operations.OrganisationError as error:
            _refused(form, error)
        else:
            flash(_("%(organisation)s is registered. You can now invite colleagues.", organisation=organisation.name))
            return redirect(url_for("organisations.show", organisation_id=organisation.id))
    db.session.rollback()
    return _list_page(form, 422)


def show(organisation_id: int):
    return _organisation_page(_readable_or_404(organisation_id), None)


def _readable_or_404(organisation_id: int):
    organisation = readable_organisation(current_user, organisation_id)
    if organisation is None:
        abort(404)
    return organisation


def _organisation_page(organisation, form: InvitationForm | None, status: int = 200):
    member = is_member(current_user.id, organisation.id)
    return (
        render_template(
            "organisations/show.html",
            organisation=organisation,
            member=member,
            members=members_of(organisation.id),
            invitations=invitations_of(organisation.id),
            now=utcnow(),
            form=form or (_invitation_form() if member else None),
            types=type_labels(),
            roles=MEMBER_ROLE_LABELS,
            number_name=number_label(organisation.country),
        ),
        status,
    )


def invite(organisation_id: int):
    organisation = _readable_or_404(organisation_id)
    if not is_member(current_user.id, organisation.id):
        abort(403)
    form = _invitation_form()
    if form.validate_on_submit():
        try:
            operations.invite(organisation, email=form.email.data, by=current_user, language=form.language.data)
        except operations.OrganisationError as error:
            _refused(form, error)
        else:
            flash(_("An invitation was sent to %(email)s.", email=form.email.data.strip().lower()))
            return redirect(url_for("organisations.show", organisation_id=organisation.id))
    db.session.rollback()
    return _organisation_page(organisation, form, 422)


def invitation(token: str):
    """The page an invitation link opens: join (signed in), sign in first, or create the account."""
    found = find_invitation(token)
    if found is None:
        return render_template("organisations/invitation_invalid.html"), 404
    if current_user.is_authenticated:
        return _join(found)
    invitee = find_user_by_email(found.email)
    if invitee is not None and invitee.email_verified_at is not None:
        login = url_for("accounts.login", next=url_for("organisations.invitation", token=token))
        return render_template("organisations/invitation.html", invitation=found, mode="sign_in", login=login)
    form = InvitedRegistrationForm()
    if form.validate_on_submit():
        try:
            user, _membership = operations.register_invited(
                found, name=form.name.data, password=form.password.data, language=str(get_locale())
            )
        except operations.OrganisationError as error:
            _refused(form, error)
        else:
            signed_in = sign_in_user(user, url_for("organisations.show", organisation_id=found.organisation_id))
            flash(_("Welcome! You are now a member of %(organisation)s.", organisation=found.organisation.name))
            return signed_in
    status = 422 if request.method == "POST" else 200
    return render_template("organisations/invitation.html", invitation=found, mode="register", form=form), status


def _join(found):
    form = EmptyForm()
    if form.validate_on_submit():
        try:
            operations.accept(found, current_user)
        except operations.OrganisationError as error:
            flash(error_message(error), "error")
        else:
            flash(_("You are now a member of %(organisation)s.", organisation=found.organisation.name))
            return redirect(url_for("organisations.show", organisation_id=found.organisation_id))
    status = 422 if request.method == "POST" else 200
    return render_template("organisations/invitation.html", invitation=found, mode="join", form=form), status
