"""Request handlers of the tenant home page and the public calls page."""

from __future__ import annotations

from flask import abort, render_template

from service.programmes.util import current_programme, indicators_by_code, objectives_by_code, totals


def home():
    programme = current_programme()
    if programme is None:
        abort(404)
    return render_template(
        "programmes/home.html",
        programme=programme,
        totals=totals(programme),
        objectives=objectives_by_code(),
        indicators=indicators_by_code(),
    )


def public_calls():
    # Calls arrive with the calls domain (issue 3); until then the list is honestly empty.
    return render_template("programmes/public_calls.html", calls=[])
