"""The statistics page: the figures of the Swedish evaluation's tables 1, 2 and 4, in the reader's locale."""

from __future__ import annotations

from flask import render_template, request
from marshmallow import ValidationError

from service.api.bodies import positive_int_arg
from service.calls.util import call_or_404
from service.statistics.api import call_or_none
from service.statistics.operations import statistics


def statistics_page():
    try:
        call_id = call_or_none(positive_int_arg("call_id"))
    except ValidationError:
        call_id = None
    stats = statistics(call_id)
    return render_template(
        "statistics/statistics.html",
        stats=stats,
        call=call_or_404(call_id, drafts=True) if call_id else None,
        chosen=request.args.get("call_id", ""),
    )
