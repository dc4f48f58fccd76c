"""Request handlers of the Commission's pages: the consolidated exports, asking for one, following its job and
downloading its files."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from marshmallow import ValidationError

from service.consolidated import operations
from service.consolidated.forms import ExportRequestForm
from service.consolidated.labels import status_text
from service.consolidated.models import FORMATS
from service.consolidated.util import export_or_404, send_export_file
from service.errors import Conflict
from service.i18n import format_day


def index():
    return _index(ExportRequestForm())


def _index(form: ExportRequestForm, status: int = 200):
    return (
        render_template(
            "consolidated/index.html",
            form=form,
            exports=operations.exports(),
            status_text=status_text,
            day=format_day,
        ),
        status,
    )


def request_export():
    form = ExportRequestForm()
    if not form.validate_on_submit():
        if not form.as_of.errors:
            form.as_of.errors.append(_("Write the day as YYYY-MM-DD, such as 2026-11-30."))
        return _index(form, 422)
    try:
        export = operations.request_export(form.as_of.data, person=g.platform_person)
    except ValidationError as refused:
        form.as_of.errors.extend(refused.messages.get("as_of", []))
        return _index(form, 422)
    except Conflict as conflict:
        flash(conflict.message)
        return redirect(url_for("consolidated.show", export_id=conflict.details["export"]), 303)
    return redirect(url_for("consolidated.show", export_id=export.id), 303)


def show(export_id: int):
    export = export_or_404(export_id)
    files = operations.files_of([export])[export.id]
    running = export.status in operations.UNFINISHED
    return render_template(
        "consolidated/show.html",
        export=export,
        files=[(fmt, files[fmt]) for fmt in FORMATS if fmt in files],
        running=running,
        status_text=status_text,
        day=format_day,
    )


def download(export_id: int, format: str):
    return send_export_file(export_or_404(export_id), format)
