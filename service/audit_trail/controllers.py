"""The audit trail page, for the auditor and the MA administrator."""

from __future__ import annotations

from flask import render_template, request

from service.audit.util import PAGE_SIZE, entries


def audit_trail():
    before = request.args.get("before", type=int)
    rows = entries(before_id=before, limit=PAGE_SIZE + 1)
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    return render_template("audit/trail.html", entries=rows, next_before=rows[-1].id if more and rows else None)
