"""The queue's page: what waits for the signed-in member of staff."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from service.waiting import presenters, util


def mine():
    items = util.waiting_for(current_user)
    return render_template(
        "waiting/mine.html",
        rows=presenters.rows_of(items),
        counts=util.counts_of(items),
        kind_label=presenters.kind_label,
    )
