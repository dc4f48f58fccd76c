"""Request handlers of the tenant home page, the programme editing and version pages."""

from __future__ import annotations

from decimal import Decimal

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from service.applications.forms import integer
from service.exchange.presenters import rate_text
from service.extensions import db
from service.i18n import localized
from service.programmes import forms, operations
from service.programmes.committed import READERS, committed_in_euro, requested_in_euro
from service.programmes.util import (
    current_programme,
    differences,
    find_version,
    indicators_by_code,
    objectives_by_code,
    totals,
    typed_snapshot,
    versions,
)
from service.tenancy.current import current_tenant


def _programme():
    programme = current_programme()
    if programme is None:
        abort(404)
    return programme


def home():
    programme = _programme()
    may_see_committed = current_user.role in READERS
    committed = None
    if requested_in_euro(request.args):  # the decisions' amounts beside the budget, in euro
        if not may_see_committed:
            abort(403)
        committed = committed_in_euro(current_tenant().zone)
    return render_template(
        "programmes/home.html",
        programme=programme,
        totals=totals(programme),
        objectives=objectives_by_code(),
        indicators=indicators_by_code(),
        may_see_committed=may_see_committed,
        committed=committed,
        rate_text=rate_text,
    )


def edit():
    programme = _programme()
    languages = current_tenant().languages
    catalogue = indicators_by_code()
    used = {i.indicator_code for i in programme.indicators}
    choices = [(code, f"{code} {localized(item.labels)}") for code, item in catalogue.items() if code not in used]
    kwargs = {} if request.method == "POST" else {"data": forms.initial_data(programme, languages)}
    form = forms.programme_form(languages, choices, **kwargs)
    general, linked, status = [], [], 200
    if form.validate_on_submit():
        changes, origin = forms.changes_from(form, languages)
        typed = integer(form.version.data)
        expected = typed if isinstance(typed, int) else -1
        try:
            saved = operations.edit_programme(
                programme, changes=changes, reason=form.reason.data, actor=current_user, expected_version=expected
            )
        except operations.ProgrammeConflict as conflict:
            general, status = [conflict.message()], 409
        except operations.ProgrammeInvalid as invalid:
            (general, linked), status = forms.attach_errors(form, origin, invalid.errors), 422
        else:
            flash(_("Version %(number)s of the programme was saved.", number=saved.number))
            return redirect(url_for("programmes.version", number=saved.number), 303)
    elif request.method == "POST":
        status = 422
    if status != 200:
        db.session.rollback()
        programme = _programme()
    return render_template(
        "programmes/edit.html",
        form=form,
        programme=programme,
        general_errors=general,
        linked_errors=linked,
        objectives=objectives_by_code(),
        indicators=catalogue,
        languages=languages,
        example=forms.amount_text(Decimal("126822000")),
    ), status


def version_list():
    programme = _programme()
    return render_template("programmes/versions.html", programme=programme, versions=versions(programme))


def version(number: int):
    programme = _programme()
    item = find_version(programme, number)
    if item is None:
        abort(404)
    previous = find_version(programme, number - 1) if number > 1 else None
    return render_template(
        "programmes/version.html",
        programme=programme,
        version=item,
        content=typed_snapshot(item.snapshot),
        changes=differences(previous.snapshot, item.snapshot) if previous else [],
        previous=previous,
        objectives=objectives_by_code(),
        indicators=indicators_by_code(),
    )
