"""Request handlers of the transmission pages: thin; the operations decide, a refusal shows the page again with
the message (422 beside the field, 409 as an alert), nothing changed."""

from __future__ import annotations

from datetime import date, timedelta

from flask import abort, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import ValidationError, fields

from service.api.messages import translate_messages
from service.applications.forms import text
from service.claims.controllers import back, refused
from service.errors import Conflict
from service.transmissions import annual, exports, operations, payment_application, payment_exports, presenters, rules
from service.transmissions.util import MAKERS, application_or_404, draft_or_404, version_or_404

FIRST_CUT_OFF = date(2021, 12, 31)  # the first transmission of 2021–2027 was due 31 January 2022 (CPR Art. 42(1))


def index(*, status: int = 200, alert=None, errors=None, posted="", typed=None):
    today = operations.today()
    latest = rules.latest_cut_off(today)
    page = render_template(
        "transmissions/index.html",
        drafts=operations.drafts(),
        versions=operations.all_versions(),
        name=operations.version_name,
        suggested=latest.version,
        years=list(range(today.year - 1, annual.FIRST_YEAR - 1, -1)),
        cut_offs=list(reversed(rules.cut_offs_between(FIRST_CUT_OFF, today - timedelta(days=1)))),
        may_make=current_user.role in MAKERS,
        alert=alert,
        errors=errors or {},
        posted=posted,
        typed=typed or {},
    )
    return page, status


def start():
    try:
        draft = operations.start(text(request.form.get("version")).strip(), user=current_user)
    except (ValidationError, Conflict) as error:
        return refused(index, error, posted="start-", typed=request.form.to_dict())
    return back(
        _("The transmission %(version)s is being built.", version=draft.version),
        "transmissions.draft",
        draft_id=draft.id,
    )


def draft_page(draft_id: int, *, status: int = 200, alert=None, errors=None, posted="", typed=None):
    draft = draft_or_404(draft_id)
    data = presenters.draft_data(draft)
    page = render_template(
        "transmissions/draft.html",
        draft=draft,
        data=data,
        running=draft.status in ("queued", "building", "failed"),
        may_make=current_user.role in MAKERS,
        alert=alert,
        errors=errors or {},
        posted=posted,
        typed=typed or {},
    )
    return page, status


def freeze(draft_id: int):
    draft = draft_or_404(draft_id)
    try:
        frozen = operations.freeze(draft, user=current_user)
    except Conflict as error:
        return refused(lambda **kw: draft_page(draft_id, **kw), error, posted="freeze-")
    return back(
        _("Frozen as version %(name)s.", name=operations.version_name(frozen)),
        "transmissions.draft",
        "frozen",
        draft_id=draft.id,
    )


def download(version_id: int):
    return exports.version_download(version_or_404(version_id), request.args)


def download_payment_application(application_id: int):
    return payment_exports.application_download(application_or_404(application_id), request.args)


def annual_page(year: str):
    try:
        number = annual.report_year(year, operations.today())
    except ValidationError:
        abort(404)
    figures = annual.annual_figures(number)
    return render_template("transmissions/annual.html", figures=figures, year=number)


def payment_applications_page(*, status: int = 200, alert=None, errors=None, posted="", typed=None):
    """The applications made and the next one as at a day (today unless another is asked for)."""
    today = operations.today()
    errors = dict(errors or {})
    as_of = today
    raw = request.args.get("as_of") or (typed or {}).get("as_of")
    if raw:
        try:
            as_of = payment_application.check_day(fields.Date().deserialize(raw), today)
        except ValidationError as error:
            messages = translate_messages(error.messages)
            errors.setdefault("as_of", messages if isinstance(messages, list) else messages.get("as_of", []))
    content, problems = payment_application.content_of(as_of)
    page = render_template(
        "transmissions/payment_applications.html",
        made=list(reversed(payment_application.applications())),
        next_content=content,
        problems=problems,
        as_of=as_of,
        may_make=current_user.role in MAKERS,
        alert=alert,
        errors=errors,
        posted=posted or ("next-" if errors else ""),
        typed=typed or {},
    )
    return page, status


def make_payment_application():
    raw = text(request.form.get("as_of")).strip()
    try:
        as_of = fields.Date().deserialize(raw)
    except ValidationError as error:
        return refused(
            payment_applications_page,
            ValidationError({"as_of": error.messages}),
            posted="next-",
            typed=request.form.to_dict(),
        )
    try:
        made = payment_application.freeze(as_of, user=current_user, today=operations.today())
    except (ValidationError, Conflict) as error:
        return refused(payment_applications_page, error, posted="next-", typed=request.form.to_dict())
    return back(
        _("Payment application %(sequence)s of the accounting year made.", sequence=made.sequence),
        "transmissions.payment_applications",
        "made",
    )
