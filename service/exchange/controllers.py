"""Request handlers of the platform administrator's exchange-rate page: what is loaded, and loading a file."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.utils import secure_filename

from service.exchange import operations
from service.exchange.alerts import open_alerts
from service.exchange.files import MAX_BYTES, RatesRefused
from service.exchange.forms import RatesUploadForm
from service.exchange.presenters import purpose_text, rate_text
from service.exchange.rules import InvalidMonth, first_of_month, is_currency
from service.exchange.util import current_versions
from service.exchange.util import rates as loaded_rates

SHOWN = 240  # a page, newest months first: twenty years of one currency


def rates():
    return _page(RatesUploadForm())


def upload():
    form = RatesUploadForm()
    problems: list[str] = []
    if form.validate_on_submit():
        file = request.files.get(form.file.name)
        month = None
        if form.month.data and form.month.data.strip():
            try:
                month = first_of_month(form.month.data.strip())
            except InvalidMonth:
                form.month.errors.append(_("Write the month as YYYY-MM, such as 2024-01."))
        if file is None or not file.filename:
            form.file.errors.append(_("Choose a file to upload."))
        if not form.errors:
            name = secure_filename(file.filename)[:200] or "file"
            try:
                result = operations.import_rates_file(
                    file.stream.read(MAX_BYTES + 1),
                    source=f"upload: {name}",
                    month=month,
                    correct=form.correct.data,
                    reason=form.reason.data or "",
                )
            except RatesRefused as refused:
                problems = refused.lines()
            else:
                flash(
                    _(
                        "Rates loaded: %(added)s new, %(corrected)s corrected, %(unchanged)s already loaded.",
                        added=result.added,
                        corrected=result.corrected,
                        unchanged=result.unchanged,
                    )
                )
                return redirect(url_for("exchange.rates"), 303)
    return _page(form, problems), 422


def _page(form: RatesUploadForm, problems: list[str] | None = None):
    wanted = (request.args.get("currency") or "").strip().upper()
    currency = wanted if is_currency(wanted) else None
    return render_template(
        "exchange/rates.html",
        form=form,
        problems=problems or [],
        rates=loaded_rates(currency=currency, limit=SHOWN),
        current=current_versions(),
        currency=currency,
        rate_text=rate_text,
        alerts=open_alerts(),
        purpose_text=purpose_text,
    )
