"""Request handlers of the applicant's overview."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from service.overview.presenters import overview_of


def home():
    return render_template("overview/home.html", **overview_of(current_user))
