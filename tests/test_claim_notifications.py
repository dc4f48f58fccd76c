"""The claims' notifications: who is told when a claim is submitted, returned, verified and paid, and when a
payment awaits approval; each in the reader's language (e-mailed as service.notifications delivers them), once
per key; and the reminder two working days before a supplement deadline.

Each step's operation notifies (service.claims.operations, verification, payments); calling a ``notify_*``
function again for the same step tells no one twice."""

from __future__ import annotations

import email
from datetime import date, datetime
from decimal import Decimal
from email import policy
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import dates

from service.money.display import format_money
from tests.applications_support import run_jobs
from tests.claims_support import (  # noqa: F401 - fixtures
    add_line,
    admin_headers,
    api,
    applicant,
    assessed,
    claimable,
    open_call,
    open_claim,
    organisation,
    person_of,
    ready_to_score,
    submit,
    verify_all,
)
from tests.conftest import tenant_id, translated

LINE = {"category": "travel", "description": "Tåg Helsingfors–Vasa", "expense_date": "2025-04-15", "amount": "1 234,56"}
MESSAGE = "Bifoga kvittot för tågbiljetten."


def _scope(app, code: str):
    from service.tenancy.scope import tenant_scope

    return tenant_scope(tenant_id(app, code))


def _call(app, code: str, function, model, object_id: int):
    """Call a notify function on the object, in the tenant's scope, and commit as the request would."""
    from service.extensions import db

    with app.app_context(), _scope(app, code):
        created = function(db.session.get(model, object_id))
        db.session.commit()
        return sorted(n.user_id for n in created)


def _told(app, code: str, kind: str) -> dict[int, list[dict]]:
    from service.extensions import db
    from service.notifications.models import Notification

    with app.app_context(), _scope(app, code):
        found: dict[int, list[dict]] = {}
        for n in db.session.scalars(db.select(Notification).where(Notification.kind == kind).order_by(Notification.id)):
            found.setdefault(n.user_id, []).append(n.params)
        return found


def _told_about(app, code: str, kind: str, **match) -> list[int]:
    """Who was told of ``kind`` about the object the params ``match`` (each person once per key)."""
    found = _told(app, code, kind)
    return sorted(
        user for user, params in found.items() if any(all(p.get(k) == v for k, v in match.items()) for p in params)
    )


def _mails(app, address: str) -> list:
    folder = Path(app.config["AMIF_OUTBOX_DIR"])
    mails = [email.message_from_bytes(p.read_bytes(), policy=policy.default) for p in sorted(folder.glob("*.eml"))]
    return [(str(m["Subject"]), m.get_body().get_content()) for m in mails if m["To"] == address]


def _money(amount: str, language: str) -> str:
    return format_money(Decimal(amount), "EUR", locale=f"{language}_FI")  # Finland's tenant: euro


def test_each_step_of_a_claim_tells_the_right_people_once_in_their_language(
    app, client, claimable, person_of, applicant
):
    from service.claims import notifications as n
    from service.claims.models import Claim, Payment

    setup = claimable("fi")
    officer, approver, confirmer = setup["officer"], setup["approver"], setup["confirmer"]
    admin = person_of("fi", "ma_admin", language="sv")
    beneficiary = setup["beneficiary"]  # Swedish
    colleague = applicant("fi", language="fi", organisation_id=beneficiary["organisation_id"])
    outsider = applicant("fi", language="fi")  # another organisation
    swedish_officer = person_of("se", "case_officer")
    authority = "Inrikesministeriet, enheten för EU-ärenden och internationella ärenden"  # tenants/fi/tenant.toml
    members = sorted([beneficiary["id"], colleague["id"]])
    # The project's team: who prepared (the officer) and approved (the approver) its grant decision.
    team = {officer["id"], approver["id"]}

    claim = open_claim(client, "fi", setup)
    claim = add_line(client, "fi", setup, claim, LINE)
    sent = submit(client, "fi", setup, claim)
    assert sent.status_code == 201, sent.json

    # Submitted: the project's MA staff, not the beneficiary nor the rest of the staff; told by the submission
    # itself (service.claims.operations.submit), and a second call tells no one again.
    told = _told_about(app, "fi", "claim_submitted", claim_id=claim["id"])
    assert set(told) == team
    assert _call(app, "fi", n.notify_claim_submitted, Claim, claim["id"]) == []  # the same submission: once
    assert _told_about(app, "se", "claim_submitted", claim_id=claim["id"]) == []  # the other tenant's staff: nothing
    claimed = sent.json["figures"]["claimed"]

    # Returned for supplements: the beneficiary's members, with the message and the deadline.
    returned = client.post(
        f"{api('fi')}/claims/{claim['id']}/return", json={"message": MESSAGE}, headers=officer["headers"]
    )
    assert returned.status_code == 200, returned.json
    deadline = date.fromisoformat(returned.json["supplement_deadline"])
    assert _told_about(app, "fi", "claim_returned", claim_id=claim["id"]) == members
    assert _call(app, "fi", n.notify_claim_returned, Claim, claim["id"]) == []

    # Submitted again: staff are told again (a new submission), in words that say it was supplemented.
    again = submit(client, "fi", setup, returned.json)
    assert again.status_code == 201, again.json
    assert set(_told_about(app, "fi", "claim_submitted", claim_id=claim["id"], resubmitted=True)) == team
    mine = [p for p in _told(app, "fi", "claim_submitted")[officer["id"]] if p["claim_id"] == claim["id"]]
    assert [p["resubmitted"] for p in mine] == [False, True]

    # Verified: the members, with the verified amount.
    verified = verify_all(client, "fi", setup, again.json)
    assert _told_about(app, "fi", "claim_verified", claim_id=claim["id"]) == members
    assert _call(app, "fi", n.notify_claim_verified, Claim, claim["id"]) == []

    # A payment prepared by the approver of this setup awaits approval by everyone else on the staff except
    # the claim's verifier (the officer, who verified it: tests/claims_support.verify_all).
    prepared = client.post(f"{api('fi')}/claims/{claim['id']}/payments", json={}, headers=approver["headers"])
    assert prepared.status_code == 201, prepared.json
    payment = prepared.json
    awaiting = set(_told_about(app, "fi", "payment_awaiting_approval", reference=payment["reference"]))
    assert _call(app, "fi", n.notify_payment_awaiting_approval, Payment, payment["id"]) == []
    # The project's team (officer, approver) are the verifier and the preparer: the administrators are told.
    assert admin["id"] in awaiting and confirmer["id"] not in awaiting
    assert not {approver["id"], officer["id"], beneficiary["id"]} & awaiting
    url = f"{api('fi')}/payments/{payment['id']}"
    assert client.post(f"{url}/approve", json={}, headers=confirmer["headers"]).status_code == 200
    paid = client.post(
        f"{url}/confirm",
        json={"paid_on": datetime.now(ZoneInfo("Europe/Helsinki")).date().isoformat()},
        headers=admin["headers"],
    )
    assert paid.status_code == 200, paid.json
    assert _told_about(app, "fi", "payment_paid", reference=payment["reference"]) == members
    assert _call(app, "fi", n.notify_paid, Payment, payment["id"]) == []

    # Each e-mail in the reader's language: the beneficiary's Swedish, the colleague's Finnish, the
    # administrator's Swedish, the officers' the tenant's default (Finnish).
    assert run_jobs(app, "fi", "notifications.deliver")
    reference = claim["reference"]
    mine = _mails(app, beneficiary["email"])
    subjects = [subject for subject, _ in mine]
    long_date = dates.format_date(deadline, "long", locale="sv_FI")
    returned_subject = translated("Claim %(reference)s returned: supplement it by %(deadline)s", "sv") % {
        "reference": reference,
        "deadline": long_date,
    }
    assert returned_subject in subjects
    [returned_body] = [body for subject, body in mine if subject == returned_subject]
    assert MESSAGE in returned_body and long_date in returned_body and authority in returned_body
    verified_subject = translated("Claim %(reference)s verified", "sv") % {"reference": reference}
    [verified_body] = [body for subject, body in mine if subject == verified_subject]
    assert _money(verified["figures"]["verified"], "sv") in verified_body
    paid_subject = translated("Payment %(reference)s made", "sv") % {"reference": payment["reference"]}
    [paid_body] = [body for subject, body in mine if subject == paid_subject]
    paid_day = dates.format_date(date.fromisoformat(paid.json["paid_on"]), "long", locale="sv_FI")
    assert _money(paid.json["amount"], "sv") in paid_body and paid_day in paid_body
    about_claims = [s for s in subjects if reference in s or payment["reference"] in s]
    assert len(about_claims) == 3  # returned, verified, paid: nothing twice (the other is the application's receipt)

    theirs = [subject for subject, _ in _mails(app, colleague["email"])]
    assert translated("Claim %(reference)s verified", "fi") % {"reference": reference} in theirs
    for person, language in ((officer, "fi"), (approver, "fi")):
        submitted = translated("Claim %(reference)s submitted: awaiting verification", language) % {
            "reference": reference
        }
        [body] = [body for subject, body in _mails(app, person["email"]) if subject == submitted]
        assert _money(claimed, language) in body
    admin_subjects = [subject for subject, _ in _mails(app, admin["email"])]
    assert (
        translated("Payment %(reference)s awaits your approval", "sv") % {"reference": payment["reference"]}
        in admin_subjects
    )
    assert _mails(app, outsider["email"]) == [] and _mails(app, swedish_officer["email"]) == []


def test_a_returned_claim_is_reminded_once_two_working_days_before_its_deadline(app, client, claimable):
    from service.claims.models import Claim
    from service.claims.notifications import remind_supplement_deadlines, supplement_deadlines
    from service.extensions import db

    setup = claimable("fi")
    claim = open_claim(client, "fi", setup)
    claim = add_line(client, "fi", setup, claim, LINE)
    assert submit(client, "fi", setup, claim).status_code == 201
    returned = client.post(
        f"{api('fi')}/claims/{claim['id']}/return", json={"message": MESSAGE}, headers=setup["officer"]["headers"]
    )
    assert returned.status_code == 200, returned.json

    def deadline_is(day: date) -> None:
        with app.app_context(), _scope(app, "fi"):
            db.session.get(Claim, claim["id"]).supplement_deadline = day
            db.session.commit()

    def remind(today: date) -> int:
        with app.app_context(), _scope(app, "fi"):
            result = remind_supplement_deadlines(today)
            db.session.commit()
            return result["notified"]

    # A Friday deadline (15 March 2030, no Finnish public holiday that week): two working days before is the
    # Wednesday; from then until the day itself the reminder goes, once.
    deadline_is(date(2030, 3, 15))
    assert remind(date(2030, 3, 12)) == 0  # Tuesday: three working days ahead
    assert remind(date(2030, 3, 13)) == 1  # Wednesday: the beneficiary, the organisation's only member
    assert remind(date(2030, 3, 14)) == 0  # already reminded of this deadline
    # A Monday deadline: the weekend does not count, so the reminder goes on the Thursday before.
    deadline_is(date(2030, 3, 25))
    assert remind(date(2030, 3, 20)) == 0  # Wednesday: Thursday and Friday are the two working days
    assert remind(date(2030, 3, 26)) == 0  # the deadline has passed
    assert remind(date(2030, 3, 21)) == 1  # a new deadline is reminded again
    [first, second] = _told(app, "fi", "claim_supplement_reminder")[setup["beneficiary"]["id"]]
    assert (first["deadline"], second["deadline"]) == ("2030-03-15", "2030-03-25")

    # The job in the tenant's scope, today: nothing is near.
    with app.app_context(), _scope(app, "fi"):
        assert supplement_deadlines() == {"claims": 0, "notified": 0}
    # A claim submitted again is no longer reminded.
    again = client.post(f"{api('fi')}/claims/{claim['id']}/submit", json={}, headers=setup["beneficiary"]["headers"])
    assert again.status_code == 201, again.json
    deadline_is(date(2030, 4, 5))
    assert remind(date(2030, 4, 4)) == 0

    assert run_jobs(app, "fi", "notifications.deliver")
    long_date = dates.format_date(date(2030, 3, 15), "long", locale="sv_FI")
    subject = translated("Reminder: supplement claim %(reference)s by %(deadline)s", "sv") % {
        "reference": claim["reference"],
        "deadline": long_date,
    }
    assert subject in [s for s, _ in _mails(app, setup["beneficiary"]["email"])]
