""" "Waiting for me" (issue 15, work queues): each member of staff's own queue, page and API, and the notification
of a decision awaiting approval.

The tests share the session's database with the demo and every other test: the kinds any member of staff may act
on (decisions, payments, claims, reports) list the whole tenant's, so the tests look for their own objects in them;
the kinds that name one person (assignments, the supplements they asked for) are compared whole."""

from __future__ import annotations

import email
from datetime import UTC, datetime
from decimal import Decimal
from email import policy
from pathlib import Path

from sqlalchemy import select

from service.money.display import format_money
from tests.applications_support import run_jobs
from tests.assessment_support import all_met, assessment_url, assignment_url, scores
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
    verify_all,
)
from tests.claims_support import submit as submit_claim
from tests.conftest import sign_in, tenant_id, translated
from tests.decisions_support import (  # noqa: F401 - fixtures
    FI_GOOD,
    decision_url,
    decisions_url,
    granted,
    ready_to_decide,
    submitted,
)
from tests.reports_support import complete as complete_report
from tests.reports_support import create_reports, reportable  # noqa: F401 - fixtures
from tests.reports_support import submit as submit_report

KINDS = ("assessment", "decision", "payment", "claim", "report", "supplement")
LINE = {"category": "travel", "description": "Tåg Helsingfors–Vasa", "expense_date": "2025-04-15", "amount": "1 234,56"}


def queue(client, code: str, person: dict, language: str = "fi") -> dict:
    got = client.get(f"/api/v1/{code}/waiting", headers={**person["headers"], "Accept-Language": language})
    assert got.status_code == 200, got.json
    return got.json


def of_kind(found: dict, kind: str) -> list[dict]:
    return [item for item in found["items"] if item["kind"] == kind]


def assert_well_formed(found: dict) -> None:
    """Counts per kind are the items of each kind; the list is oldest first."""
    assert found["counts"] == {kind: len(of_kind(found, kind)) for kind in KINDS}
    assert found["total"] == len(found["items"]) == sum(found["counts"].values())
    since = [datetime.fromisoformat(item["since"]) for item in found["items"]]
    assert since == sorted(since)


def _scope(app, code: str):
    from service.tenancy.scope import tenant_scope

    return tenant_scope(tenant_id(app, code))


def _told(app, code: str, kind: str, **match) -> set[int]:
    from service.extensions import db
    from service.notifications.models import Notification

    with app.app_context(), _scope(app, code):
        found = db.session.scalars(select(Notification).where(Notification.kind == kind)).all()
        return {n.user_id for n in found if all(n.params.get(k) == v for k, v in match.items())}


def _active_staff(app, code: str) -> set[int]:
    from service.accounts.models import User
    from service.extensions import db

    with app.app_context(), _scope(app, code):
        return set(
            db.session.scalars(
                select(User.id).where(User.role.in_(("ma_admin", "case_officer")), User.active.is_(True))
            )
        )


def _mails(app, address: str) -> list[tuple[str, str]]:
    folder = Path(app.config["AMIF_OUTBOX_DIR"])
    mails = [email.message_from_bytes(p.read_bytes(), policy=policy.default) for p in sorted(folder.glob("*.eml"))]
    return [(str(m["Subject"]), m.get_body().get_content()) for m in mails if m["To"] == address]


def _euro(amount: str, language: str) -> str:
    return format_money(Decimal(amount), "EUR", locale=f"{language}_FI")  # Finland's tenant: euro


# -- Decisions: the queue and the notification ------------------------------------------------------------------


def test_a_prepared_decision_waits_for_every_other_approver_and_tells_them_not_its_preparer(
    app, client, ready_to_decide, person_of
):
    application, preparer, approver = ready_to_decide("fi")
    admin = person_of("fi", "ma_admin", language="sv")
    assessor, auditor = person_of("fi", "assessor"), person_of("fi", "auditor")
    prepared = client.post(decisions_url("fi", application["id"]), json={"kind": "grant"}, headers=preparer["headers"])
    assert prepared.status_code == 201, prepared.json
    decision = prepared.json
    page = f"/fi/decisions/applications/{application['id']}"

    # The approver and the administrator see it; its preparer does not (four eyes).
    for person in (approver, admin):
        found = queue(client, "fi", person)
        assert_well_formed(found)
        [item] = [i for i in of_kind(found, "decision") if i["reference"] == application["reference"]]
        assert item["reason"] == "approve_grant" and item["url"] == page and item["object_id"] == application["id"]
        assert item["label"] == f"{translated('Application', 'fi')} {application['reference']}"
        assert _euro(decision["eu_amount"], "fi") in item["reason_text"] and "Test case_officer" in item["reason_text"]
        assert datetime.fromisoformat(item["since"]) == datetime.fromisoformat(decision["prepared_at"])
    mine = queue(client, "fi", preparer)
    assert application["reference"] not in {i["reference"] for i in of_kind(mine, "decision")}
    assert of_kind(queue(client, "fi", assessor), "decision") == []  # an assessor approves nothing

    # Told: every active member of staff who may approve it, never its preparer; no one else.
    told = _told(app, "fi", "decision_awaiting_approval", application_id=application["id"])
    assert told == _active_staff(app, "fi") - {preparer["id"]}
    assert {approver["id"], admin["id"]} <= told
    assert not {preparer["id"], assessor["id"], auditor["id"]} & told
    assert _told(app, "se", "decision_awaiting_approval", reference=application["reference"]) == set()

    # What they read, each in their language: the application, what is proposed and the amount in their format.
    assert run_jobs(app, "fi", "notifications.deliver")
    for person, language in ((admin, "sv"), (approver, "fi")):
        subject = translated("Decision on application %(reference)s awaits your approval", language) % {
            "reference": application["reference"]
        }
        [body] = [body for s, body in _mails(app, person["email"]) if s == subject]
        assert application["title"] in body and _euro(decision["eu_amount"], language) in body
    assert not [s for s, _b in _mails(app, preparer["email"]) if application["reference"] in s]

    # Approved: it waits for no one any more.
    done = client.post(f"{decision_url('fi', decision['id'])}/approve", json={}, headers=approver["headers"])
    assert done.status_code == 200, done.json
    for person in (approver, admin):
        assert application["reference"] not in {
            i["reference"] for i in of_kind(queue(client, "fi", person), "decision")
        }


def test_a_prepared_correction_waits_for_the_approvers_and_says_what_it_corrects(app, client, granted):
    application, decision, preparer, approver = granted("fi")
    # The approver of the first decision prepares its correction this time: the first preparer approves it.
    corrected = client.post(
        decisions_url("fi", application["id"]),
        json={
            "kind": "rejection",
            "reasons": ["score"],
            "explanation": "Poängen räknades fel.",
            "corrects_id": decision["id"],
            "correction_reason": "Felräknade poäng.",
        },
        headers=approver["headers"],
    )
    assert corrected.status_code == 201, corrected.json
    told = _told(app, "fi", "decision_awaiting_approval", corrects=decision["reference"])
    assert told == _active_staff(app, "fi") - {approver["id"]} and preparer["id"] in told
    [item] = [
        i for i in of_kind(queue(client, "fi", preparer), "decision") if i["reference"] == application["reference"]
    ]
    assert item["reason"] == "approve_rejection" and decision["reference"] in item["reason_text"]
    assert application["reference"] not in {i["reference"] for i in of_kind(queue(client, "fi", approver), "decision")}
    assert run_jobs(app, "fi", "notifications.deliver")
    subject = translated("Decision on application %(reference)s awaits your approval", "fi") % {
        "reference": application["reference"]
    }
    [body] = [body for s, body in _mails(app, preparer["email"]) if s == subject]
    assert decision["reference"] in body  # "It corrects the decision …"


def test_the_applicant_is_told_what_was_decided_in_their_language(
    app, client, submitted, applicant, person_of, assessed
):
    """A grant: with its EU amount in the reader's format; a rejection: where its reasons are. Read in the e-mails
    of a Swedish and a Finnish member of the applicant's organisation."""
    swedish = applicant("fi", language="sv")
    finnish = applicant("fi", language="fi", organisation_id=swedish["organisation_id"])
    preparer, approver = person_of("fi", "case_officer"), person_of("fi", "case_officer")
    outcomes = {}
    for kind in ("grant", "rejection"):
        application = submitted("fi", applicant=swedish)
        assessed("fi", application, preparer["headers"], FI_GOOD)
        body = {"kind": "grant"} if kind == "grant" else {"kind": "rejection", "reasons": ["score"], "explanation": "x"}
        prepared = client.post(decisions_url("fi", application["id"]), json=body, headers=preparer["headers"])
        assert prepared.status_code == 201, prepared.json
        done = client.post(f"{decision_url('fi', prepared.json['id'])}/approve", json={}, headers=approver["headers"])
        assert done.status_code == 200, done.json
        outcomes[kind] = (application, done.json)
    assert run_jobs(app, "fi", "decisions.write_letter")
    assert run_jobs(app, "fi", "notifications.deliver")

    for person, language in ((swedish, "sv"), (finnish, "fi")):
        mails = _mails(app, person["email"])
        application, decision = outcomes["grant"]
        subject = translated("Your application %(reference)s has been granted", language) % {
            "reference": application["reference"]
        }
        [body] = [body for s, body in mails if s == subject]
        assert _euro(decision["eu_amount"], language) in body and decision["reference"] in body
        application, decision = outcomes["rejection"]
        subject = translated("Your application %(reference)s has been rejected", language) % {
            "reference": application["reference"]
        }
        [body] = [body for s, body in mails if s == subject]
        expected = translated(
            "The managing authority has rejected the application “%(title)s” (%(reference)s). The reasons are in "
            "the decision letter %(decision)s and on the application's page in AMIF Hub.\n\n%(authority)s",
            language,
        ) % {
            "title": application["title"],
            "reference": application["reference"],
            "decision": decision["reference"],
            "authority": "",
        }
        assert expected.strip() in body


# -- Claims, payments and progress reports ----------------------------------------------------------------------


def test_claims_payments_and_reports_wait_for_those_who_may_act_never_the_preparer_or_verifier(
    client, reportable, person_of
):
    setup = reportable("fi")
    officer, approver, confirmer = setup["officer"], setup["approver"], setup["confirmer"]
    assessor = person_of("fi", "assessor")

    claim = add_line(client, "fi", setup, open_claim(client, "fi", setup), LINE)
    sent = submit_claim(client, "fi", setup, claim)
    assert sent.status_code == 201, sent.json
    [report, *_later] = create_reports(client, "fi", setup)
    report = complete_report(client, "fi", setup, report)
    assert submit_report(client, "fi", setup, report).status_code == 201

    for person in (officer, approver, confirmer):
        found = queue(client, "fi", person)
        assert_well_formed(found)
        [waiting_claim] = [i for i in of_kind(found, "claim") if i["object_id"] == claim["id"]]
        assert waiting_claim["reason"] == "verify" and waiting_claim["url"] == f"/fi/claims/{claim['id']}/verification"
        assert waiting_claim["label"] == f"{translated('Payment claim', 'fi')} {claim['reference']}"
        [waiting_report] = [i for i in of_kind(found, "report") if i["object_id"] == report["id"]]
        assert waiting_report["reason"] == "review" and waiting_report["url"] == f"/fi/reports/{report['id']}"
    assert {i["kind"] for i in queue(client, "fi", assessor)["items"]} <= {"assessment"}

    # Verified by the officer, prepared for payment by the approver: only the third may approve it.
    verify_all(client, "fi", setup, sent.json)
    prepared = client.post(f"{api('fi')}/claims/{claim['id']}/payments", json={}, headers=approver["headers"])
    assert prepared.status_code == 201, prepared.json
    payment = prepared.json
    found = queue(client, "fi", confirmer)
    assert_well_formed(found)
    assert claim["id"] not in {i["object_id"] for i in of_kind(found, "claim")}  # verified: no longer waiting
    [item] = [i for i in of_kind(found, "payment") if i["object_id"] == payment["id"]]
    assert item["reference"] == payment["reference"] and item["reason"] == "approve_payment"
    assert item["url"] == f"/fi/projects/{setup['project']['id']}/finance#payment-{payment['id']}"
    assert _euro(payment["amount"], "fi") in item["reason_text"]
    for person in (approver, officer):  # its preparer, and the verifier of its claim
        assert payment["id"] not in {i["object_id"] for i in of_kind(queue(client, "fi", person), "payment")}
    approved = client.post(f"{api('fi')}/payments/{payment['id']}/approve", json={}, headers=confirmer["headers"])
    assert approved.status_code == 200, approved.json
    assert payment["id"] not in {i["object_id"] for i in of_kind(queue(client, "fi", confirmer), "payment")}


# -- What names one person: assignments and the supplements they asked for ----------------------------------------


def test_an_assessors_queue_is_their_assignments_oldest_first_until_scored_or_recused(client, submitted, person_of):
    officer, expert = person_of("fi", "case_officer"), person_of("fi", "assessor")
    first, second = submitted("fi"), submitted("fi")
    assignments = []
    for application in (first, second):
        url = assessment_url("fi", application["id"])
        checked = client.post(
            f"{url}/eligibility", json={"points": all_met(), "outcome": "eligible"}, headers=officer["headers"]
        )
        assert checked.status_code == 201, checked.json
        assigned = client.post(f"{url}/assignments", json={"assessor_id": expert["id"]}, headers=officer["headers"])
        assert assigned.status_code == 201, assigned.json
        assignments.append(assigned.json["assignments"][-1]["id"])

    found = queue(client, "fi", expert)
    assert found["counts"] == {**dict.fromkeys(KINDS, 0), "assessment": 2} and found["total"] == 2
    assert [(i["reference"], i["reason"]) for i in found["items"]] == [
        (first["reference"], "declare"),
        (second["reference"], "declare"),
    ]
    assert found["items"][0]["url"] == f"/fi/assessment/assignments/{assignments[0]}"
    assert_well_formed(found)

    mine = assignment_url("fi", assignments[0])
    assert client.post(f"{mine}/declaration", json={"conflict": False}, headers=expert["headers"]).status_code == 200
    assert [i["reason"] for i in queue(client, "fi", expert)["items"]] == ["score", "declare"]
    assert client.put(f"{mine}/scores", json=scores(FI_GOOD), headers=expert["headers"]).status_code == 200
    assert [i["reason"] for i in queue(client, "fi", expert)["items"]] == ["score", "declare"]  # saved, not submitted
    assert client.post(f"{mine}/submit", headers=expert["headers"]).status_code == 200
    assert [i["reference"] for i in queue(client, "fi", expert)["items"]] == [second["reference"]]
    recused = client.post(
        f"{assignment_url('fi', assignments[1])}/declaration",
        json={"conflict": True, "statement": "Min syster leder projektet."},
        headers=expert["headers"],
    )
    assert recused.status_code == 200, recused.json
    assert queue(client, "fi", expert)["items"] == []
    assert of_kind(queue(client, "fi", officer), "assessment") == []  # assigned by them, not to them


def test_the_supplements_an_officer_asked_for_wait_for_them_when_answered_or_overdue(app, client, submitted, person_of):
    from service.applications.models import SupplementRequest
    from service.extensions import db

    officer, colleague = person_of("fi", "case_officer"), person_of("fi", "case_officer")
    answered, silent = submitted("fi"), submitted("fi")
    for application in (answered, silent):
        asked = client.post(
            f"{assessment_url('fi', application['id'])}/eligibility",
            json={
                "points": all_met(completeness="Budgetbilagan saknas."),
                "outcome": "supplement_requested",
                "message": "Bifoga budgetbilagan.",
            },
            headers=officer["headers"],
        )
        assert asked.status_code == 201, asked.json
    assert of_kind(queue(client, "fi", officer), "supplement") == []  # the applicants' move, within the deadline

    # One applicant answers: the officer checks the new version.
    person = answered["applicant"]
    url = f"/api/v1/fi/applications/{answered['id']}"
    version = client.get(url, headers=person["headers"]).json["version"]
    again = client.post(f"{url}/submit", json={"version": version}, headers=person["headers"])
    assert again.status_code == 201, again.json
    # The other's deadline passes without an answer (set back: the API takes only future deadlines).
    with app.app_context(), _scope(app, "fi"):
        request = db.session.scalars(select(SupplementRequest).where(SupplementRequest.application_id == silent["id"]))
        request.one().deadline = datetime(2001, 2, 3, 10, 0, tzinfo=UTC)
        db.session.commit()

    found = queue(client, "fi", officer)
    assert_well_formed(found)
    assert [(i["reference"], i["reason"]) for i in of_kind(found, "supplement")] == [
        (silent["reference"], "supplement_overdue"),  # since its deadline, in 2001: the oldest of all
        (answered["reference"], "supplement_answered"),
    ]
    assert found["items"][0]["reference"] == silent["reference"]
    assert found["items"][0]["since_text"] == "3.2.2001 klo 12.00"  # Finnish time, Finnish format
    assert "3.2.2001 klo 12.00" in found["items"][0]["reason_text"]
    assert {i["url"] for i in of_kind(found, "supplement")} == {
        f"/fi/assessment/applications/{silent['id']}",
        f"/fi/assessment/applications/{answered['id']}",
    }
    assert of_kind(queue(client, "fi", colleague), "supplement") == []  # asked for by someone else

    checked = client.post(
        f"{assessment_url('fi', answered['id'])}/eligibility",
        json={"points": all_met(), "outcome": "eligible"},
        headers=officer["headers"],
    )
    assert checked.status_code == 201, checked.json
    assert [i["reference"] for i in of_kind(queue(client, "fi", officer), "supplement")] == [silent["reference"]]


# -- Who has a queue, and tenant isolation ---------------------------------------------------------------------


def test_only_staff_and_assessors_have_a_queue_and_each_tenant_its_own(
    app, client, ready_to_decide, person_of, applicant
):
    application, preparer, approver = ready_to_decide("fi")
    prepared = client.post(decisions_url("fi", application["id"]), json={"kind": "grant"}, headers=preparer["headers"])
    assert prepared.status_code == 201, prepared.json
    for role in ("auditor", "committee"):
        assert client.get("/api/v1/fi/waiting", headers=person_of("fi", role)["headers"]).status_code == 403
    assert client.get("/api/v1/fi/waiting", headers=applicant("fi")["headers"]).status_code == 403
    assert client.get("/api/v1/fi/waiting").status_code == 401

    # Another tenant: its token is nothing here (404), its queue never lists this tenant's things, and the link of
    # this tenant's item answers 404 there.
    swedish = person_of("se", "case_officer")
    assert client.get("/api/v1/fi/waiting", headers=swedish["headers"]).status_code == 404
    theirs = queue(client, "se", swedish, "sv")
    assert_well_formed(theirs)
    assert application["reference"] not in {i["reference"] for i in theirs["items"]}
    ours = queue(client, "fi", approver)
    [item] = [i for i in of_kind(ours, "decision") if i["reference"] == application["reference"]]
    signed = app.test_client()
    assert sign_in(signed, "se", swedish["email"]).status_code in (302, 303)
    assert signed.get(item["url"].replace("/fi/", "/se/", 1)).status_code == 404
    assert signed.get("/fi/waiting").status_code == 404  # a Swedish session on a Finnish page


def test_the_page_lists_what_waits_with_its_counts_and_is_in_the_menu(app, client, ready_to_decide, make_user):
    application, preparer, approver = ready_to_decide("fi")
    prepared = client.post(decisions_url("fi", application["id"]), json={"kind": "grant"}, headers=preparer["headers"])
    assert prepared.status_code == 201, prepared.json
    assert sign_in(client, "fi", approver["email"]).status_code in (302, 303)
    page = client.get("/fi/waiting", headers={"Accept-Language": "fi"})
    assert page.status_code == 200
    html = page.text
    assert f'href="/fi/decisions/applications/{application["id"]}"' in html
    assert f"{translated('Application', 'fi')} {application['reference']}" in html
    found = queue(client, "fi", approver)
    for kind, count in found["counts"].items():
        assert f'data-kind="{kind}"' in html and f"<strong>{count}</strong>" in html
    assert f'<a href="/fi/waiting">{translated("Waiting for me", "fi")}</a>' in html

    for role in ("auditor", "committee", "applicant"):
        other = app.test_client()
        _uid, other_address = make_user("fi", role)
        assert sign_in(other, "fi", other_address).status_code in (302, 303)
        assert other.get("/fi/waiting").status_code == 403
        assert 'href="/fi/waiting"' not in other.get("/fi/account").text
