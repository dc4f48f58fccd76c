"""Call pages: the public list and call page in the visitor's language, and the managing authority's form.

The form reads what was typed and hands it to the same schema and operations as the API, so these
tests check what a person sees: messages next to the fields, nothing stored on error, instants in
the tenant's zone. Calls are set up through the API (tests/calls_support.py).
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from html import unescape
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from service.calls.models import Call
from service.extensions import db
from service.tenancy.scope import tenant_scope
from tests.calls_support import call_body, iso
from tests.conftest import bearer, csrf_token, sign_in, tenant_id
from tests.forms_support import linked


def ref() -> str:
    return f"P-{uuid.uuid4().hex[:8]}"


def texts(code: str, mark: str) -> dict:
    """Texts in every language of the tenant, each title marked so a page shows which one it chose."""
    languages = {"se": ("sv", "en"), "fi": ("fi", "sv", "en")}[code]
    return {
        lang: {"title": f"Title-{lang}-{mark}", "summary": f"Summary {lang} {mark}", "body": f"Body {lang}"}
        for lang in languages
    }


@pytest.fixture
def api(client, make_user, token_for):
    """Calls through the API as the managing authority: api("fi").create(...), .publish(call), .close(call)."""

    class Api:
        def __init__(self, code):
            self.code = code
            user_id, _ = make_user(code, "ma_admin")
            self.headers = bearer(token_for(code, user_id))

        def create(self, **overrides) -> dict:
            body = call_body(self.code, ref(), **overrides)
            response = client.post(f"/api/v1/{self.code}/calls", json=body, headers=self.headers)
            assert response.status_code == 201, response.json
            return response.json

        def publish(self, call) -> dict:
            url = f"/api/v1/{self.code}/calls/{call['id']}/publish"
            response = client.post(url, json={"version": call["version"]}, headers=self.headers)
            assert response.status_code == 200, response.json
            return response.json

        def close(self, call, reason="Cancelled") -> dict:
            url = f"/api/v1/{self.code}/calls/{call['id']}/close"
            response = client.post(url, json={"version": call["version"], "reason": reason}, headers=self.headers)
            assert response.status_code == 200, response.json
            return response.json

    return Api


class _FormReader(HTMLParser):
    """What a browser would send from the call form (<form class="call-form">)."""

    def __init__(self):
        super().__init__()
        self.inside, self.fields, self.textarea, self.select = False, {}, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = "call-form" in (a.get("class") or "")
        if not self.inside or "name" not in a and tag != "option":
            return
        if tag == "input":
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.fields.setdefault(a["name"], []).append(a.get("value", "y"))
            else:
                self.fields[a["name"]] = a.get("value", "")
        elif tag == "textarea":
            self.textarea = a["name"]
            self.fields[a["name"]] = ""
        elif tag == "select":
            self.select, self.chosen = a["name"], False
            self.fields[a["name"]] = None
        elif tag == "option" and self.select and ("selected" in a or self.fields[self.select] is None):
            if not self.chosen:  # the selected option, else the first one, as a browser sends
                self.fields[self.select] = a.get("value", "")
                self.chosen = "selected" in a

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None

    def handle_data(self, data):
        if self.textarea:
            self.fields[self.textarea] += data


def form_fields(html: str) -> dict:
    reader = _FormReader()
    reader.feed(html)
    return reader.fields


def new_call_form(code: str, mark: str, **overrides) -> dict:
    """What an MA administrator of Finland types for a new call (on top of the defaults the form shows)."""
    data = {
        "reference": mark,
        **{f"{part}_{lang}": value for lang, t in texts(code, mark).items() for part, value in t.items()},
        "so_SO2": "y",
        "so_budget_SO2": "7 800 000,00",
        "so_SO1": "y",
        "measure_0_objective": "SO2",
        "measure_0_fi": "Neuvonta",
        "measure_0_sv": "Vägledning",
        "measure_0_en": "Guidance",
        "budget": "10 800 000,00",
        "cofinancing_rate": "90",
        "competitive": "yes",
        "eligible_organisation_types": ["ngo", "regional_or_local_authority"],
        "opens_date": "2026-01-05",
        "opens_time": "09:00",
        "closes_date": "2027-10-31",
        "closes_time": "16:15",
        "project_start_earliest": "2027-01-01",
        "project_end_latest": "2029-12-31",
        "max_duration_months": "36",
        "min_grant": "50 000",
        "max_grant": "2 000 000,00",
        "required_attachments": ["partner_letters"],
        "indicator_codes": ["O.2.3", "R.2.9"],
    }
    data.update(overrides)
    return data


def admin_client(client, make_user, code="fi", language="en"):
    _, email = make_user(code, "ma_admin", language=language)
    assert sign_in(client, code, email).status_code == 302
    return email


def stored(app, code: str, reference: str) -> Call | None:
    with app.app_context(), tenant_scope(tenant_id(app, code)):
        call = db.session.scalar(select(Call).where(Call.reference == reference))
        if call is not None:
            db.session.expunge(call)
        return call


def text_of(html: str) -> str:
    """The page's text, tags removed and spaces as in the markup (babel writes no-break spaces)."""
    return unescape(re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", html)))


# ---------------------------------------------------------------- public pages


def test_public_list_shows_open_and_upcoming_calls_in_the_visitors_language(client, api):
    fi, se = api("fi"), api("se")
    mark = uuid.uuid4().hex[:6]
    now = datetime.now(UTC)
    open_call = fi.publish(fi.create(texts=texts("fi", f"open{mark}")))
    upcoming = fi.publish(
        fi.create(
            texts=texts("fi", f"soon{mark}"), opens_at=iso(now + timedelta(days=10)), closes_at=iso(now + timedelta(40))
        )
    )
    finnish_only = fi.publish(fi.create(texts={"fi": {"title": f"Vain suomeksi {mark}", "summary": "Tiivistelmä"}}))
    draft = fi.create(texts=texts("fi", f"draft{mark}"))
    closed = fi.close(fi.publish(fi.create(texts=texts("fi", f"closed{mark}"))))
    swedish = se.publish(se.create(texts=texts("se", f"sweden{mark}")))
    assert draft["status"] == "draft" and closed["status"] == "closed" and swedish["status"] == "published"

    for language in ("fi", "sv", "en"):
        page = client.get("/fi/calls", headers={"Accept-Language": language})
        assert page.status_code == 200
        assert f'<html lang="{language}">' in page.text
        assert f"Title-{language}-open{mark}" in page.text
        assert f"Title-{language}-soon{mark}" in page.text
        others = [lang for lang in ("fi", "sv", "en") if lang != language]
        assert not any(f"Title-{lang}-open{mark}" in page.text for lang in others)
        assert f"Vain suomeksi {mark}" in page.text  # no text in the visitor's language: the default one
        assert f'href="/fi/calls/{open_call["id"]}"' in page.text
        assert f'href="/fi/calls/{upcoming["id"]}"' in page.text
        assert f'href="/fi/calls/{finnish_only["id"]}"' in page.text
        for hidden in (f"draft{mark}", f"closed{mark}", f"sweden{mark}"):
            assert hidden not in page.text
    english = text_of(client.get("/fi/calls", headers={"Accept-Language": "en"}).text)
    assert "10\u00a0800\u00a0000,00\u00a0€" in english  # budget with the money filter: English as written in Finland
    assert "90\u00a0%" in english
    assert "SO2 Legal migration and integration" in english
    assert "Opens on" in english
    finnish = text_of(client.get("/fi/calls", headers={"Accept-Language": "fi"}).text)
    assert "10\u00a0800\u00a0000,00\u00a0€" in finnish
    assert "SO2 Laillinen maahanmuutto ja kotoutuminen" in finnish


def test_a_call_page_is_404_for_drafts_and_other_tenants(client, api):
    fi, se = api("fi"), api("se")
    draft = fi.create()
    swedish = se.publish(se.create())
    assert client.get(f"/fi/calls/{draft['id']}").status_code == 404
    assert client.get(f"/fi/calls/{swedish['id']}").status_code == 404
    assert client.get(f"/se/calls/{swedish['id']}").status_code == 200
    assert client.get("/fi/calls/999999999").status_code == 404
    closed = fi.close(fi.publish(fi.create()), reason="Budget spent")
    page = client.get(f"/fi/calls/{closed['id']}", headers={"Accept-Language": "en"})
    assert page.status_code == 200 and "This call is closed." in page.text and "Budget spent" in page.text


def test_instants_are_in_the_tenant_zone_and_time_left_is_counted_on_the_server(client, api):
    fi = api("fi")
    now = datetime.now(UTC)
    far = fi.publish(fi.create(closes_at="2027-10-31T14:15:00Z"))  # 16.15 in Helsinki (EET, UTC+2)
    soon = fi.publish(fi.create(closes_at=iso(now + timedelta(days=1, hours=3, minutes=30))))
    today = fi.publish(fi.create(closes_at=iso(now + timedelta(hours=2, minutes=30))))
    english = text_of(client.get("/fi/calls", headers={"Accept-Language": "en"}).text)
    assert "31 Oct 2027, 16.15.00" in english
    assert "Time zone: Finnish time." in english and "Europe/Helsinki" not in english  # tenants/fi/tenant.toml
    days = (datetime(2027, 10, 31, 14, 15, tzinfo=UTC) - datetime.now(UTC)).days
    assert f"{days} days" in english or f"{days + 1} days" in english
    assert "1 day and 3 hours left" in english
    assert "2 hours left" in english
    assert "16.15" in text_of(client.get("/fi/calls", headers={"Accept-Language": "fi"}).text)
    # As written in Finland: "klo 16.15" in Finnish, "kl. 16.15" in Finland's Swedish (service.i18n.INSTANT_PATTERNS).
    assert "kl. 16.15" in text_of(client.get("/fi/calls", headers={"Accept-Language": "sv"}).text)
    page = text_of(client.get(f"/fi/calls/{far['id']}", headers={"Accept-Language": "fi"}).text)
    assert "31.10.2027 klo 16.15" in page and "Aikavyöhyke" in page and "Suomen aika" in page
    english = {"Accept-Language": "en"}
    assert "1 day and 3 hours left" in text_of(client.get(f"/fi/calls/{soon['id']}", headers=english).text)
    assert "2 hours left" in text_of(client.get(f"/fi/calls/{today['id']}", headers=english).text)


def test_time_left_is_in_the_visitors_language(client, api):
    # Language difference: fails until the lead's translation of the new strings (translations/).
    fi = api("fi")
    call = fi.publish(fi.create(closes_at=iso(datetime.now(UTC) + timedelta(days=1, hours=3, minutes=30))))
    left = {}
    for language in ("fi", "sv", "en"):
        page = client.get(f"/fi/calls/{call['id']}", headers={"Accept-Language": language}).text
        left[language] = re.search(r'<p class="notice"><strong>([^<]+)</strong>', page).group(1)
    assert left["en"] == "1 day and 3 hours left"
    assert len(set(left.values())) == 3, left


def test_the_call_page_shows_everything_applicants_need(client, api):
    fi = api("fi")
    call = fi.publish(fi.create(texts=texts("fi", "full"), contact_email="amif@intermin.invalid"))
    page = text_of(client.get(f"/fi/calls/{call['id']}", headers={"Accept-Language": "en"}).text)
    for expected in (
        "Title-en-full",
        "Summary en full",
        "Body en",
        "Vägledning (en)",  # the measure under SO2 (tests/calls_support.py)
        "7 800 000,00 €",  # the budget of SO2
        "10 800 000,00 €",
        "90 %",
        "7 %",
        "Non-governmental organisation or foundation",  # the Finnish tenant's own types (tenants/fi/organisations.toml)
        "Municipality, joint municipal authority or regional council",
        "1 January 2027",
        "31 December 2029",
        "36 months",
        "50 000,00 €",
        "2 000 000,00 €",
        "Needs assessment in the project's own context",  # tenants/fi/calls.toml
        "0–30",
        "Highest possible total 100",
        "Intyg",  # the required attachment's label
        "O.2.3",
        "R.2.9",
        "amif@intermin.invalid",
        "The call has not changed since it was published.",
    ):
        assert expected in page.replace("\u00a0", " ").replace("\u202f", " "), expected
    finnish = text_of(client.get(f"/fi/calls/{call['id']}", headers={"Accept-Language": "fi"}).text)
    assert "Title-fi-full" in finnish and "Tarvekartoitus hankkeen omassa toimintaympäristössä" in finnish
    assert f'href="/api/v1/fi/calls/{call["id"]}"' in client.get(f"/fi/calls/{call['id']}").text


# ---------------------------------------------------------------- the managing authority's pages


def test_only_the_managing_authority_administrator_manages_calls(client, make_user, api):
    call = api("fi").create()
    for path in ("/fi/manage/calls", "/fi/manage/calls/new", f"/fi/manage/calls/{call['id']}/edit"):
        anonymous = client.get(path)
        assert anonymous.status_code == 302 and "/fi/login" in anonymous.headers["Location"]
    _, email = make_user("fi", "case_officer")
    sign_in(client, "fi", email)
    for path in ("/fi/manage/calls", "/fi/manage/calls/new", f"/fi/manage/calls/{call['id']}/edit"):
        assert client.get(path).status_code == 403
    token = csrf_token(client.get("/fi/account").text)
    assert client.post(f"/fi/manage/calls/{call['id']}/publish", data={"csrf_token": token}).status_code == 403


def test_another_tenants_call_cannot_be_edited(client, make_user, api):
    swedish = api("se").create()
    admin_client(client, make_user, "fi")
    assert client.get(f"/fi/manage/calls/{swedish['id']}/edit").status_code == 404
    assert swedish["reference"] not in client.get("/fi/manage/calls").text


def test_an_administrator_creates_a_call_through_the_form(app, client, make_user):
    admin_client(client, make_user, "fi")
    page = client.get("/fi/manage/calls/new")
    assert page.status_code == 200
    shown = form_fields(page.text)
    assert shown["criterion_0_scale"] == "0–30" and shown["cofinancing_rate"] == "75"  # tenants/fi/calls.toml
    assert "Europe/Helsinki" not in page.text  # the zone as people name it, in the reader's language
    assert any(name in page.text for name in ("Suomen aika", "finländsk tid", "Finnish time"))
    reference = ref()
    assert shown["cofinancing_basis"] == "total" and 'value="public"' in page.text  # AMIF Art. 15: either basis
    form = {**shown, **new_call_form("fi", reference), "cofinancing_basis": "public"}
    response = client.post("/fi/manage/calls/new", data=form)
    assert response.status_code == 303, text_of(response.text)
    call = stored(app, "fi", reference)
    assert call.status == "draft" and call.cofinancing_basis == "public"
    assert call.budget == Decimal("10800000.00") and isinstance(call.budget, Decimal)
    assert call.max_grant == Decimal("2000000.00") and call.min_grant == Decimal("50000.00")
    assert call.cofinancing_rate == Decimal("90")
    assert call.closes_at == datetime(2027, 10, 31, 14, 15, tzinfo=UTC)  # 16.15 in Helsinki
    assert call.opens_at == datetime(2026, 1, 5, 7, 0, tzinfo=UTC)
    assert call.texts["sv"]["title"] == f"Title-sv-{reference}"
    assert call.measures == [{"objective": "SO2", "label": {"fi": "Neuvonta", "sv": "Vägledning", "en": "Guidance"}}]
    assert set(call.eligible_organisation_types) == {"regional_or_local_authority", "ngo"}
    assert [c["key"] for c in call.assessment["criteria"]][0] == "needs_assessment"
    assert [a["key"] for a in call.required_attachments] == ["partner_letters"]
    assert call.indicator_codes == ["O.2.3", "R.2.9"]
    assert reference in client.get("/fi/manage/calls").text
    edit = client.get(response.headers["Location"])
    assert form_fields(edit.text)["closes_time"] == "16:15"
    assert form_fields(edit.text)["budget"] == "10\u00a0800\u00a0000,00"  # as typed in Finland; parse_amount reads it


BAD_INPUT = [
    ({"budget": "-5"}, "budget", "The amount cannot be negative."),
    ({"budget": "abc"}, "budget", "Not an amount of money."),
    ({"budget": "12,345"}, "budget", "At most two decimals (whole cents)."),
    ({"so_budget_SO2": "1,005"}, "so_budget_SO2", "At most two decimals (whole cents)."),
    ({"closes_date": "2025-12-31"}, "closes_at", "The call must close after it opens."),
    ({"title_fi": ""}, "title_fi", "Write the title in Finnish."),
    ({"closes_time": ""}, "closes_at", "Give both the date and the time."),
    ({"so_SO1": "", "so_SO2": "", "measure_0_objective": ""}, "objectives", "Choose at least one specific objective."),
    ({"reference": " "}, "reference", "Give the call a reference."),
    ({"cofinancing_rate": "80"}, "cofinancing_rate", "The EU co-financing rate is 75, 90 or 100 %"),
    ({"criterion_0_scale": "lots"}, "criterion_0_scale", "Write the scale as a range"),
    ({"indicator_codes": ["O.3.1"]}, "indicator_codes", "does not belong to the call's specific objectives"),
    ({"measure_1_sv": "Bara svenska"}, "measure_1", "The text in Finnish is required."),
    ({"competitive": "no", "addressed_organisations": "no semicolon"}, "addressed_organisations", "Line 1:"),
]


@pytest.mark.parametrize(("change", "key", "message"), BAD_INPUT)
def test_bad_input_is_shown_next_to_the_field_and_nothing_is_stored(app, client, make_user, change, key, message):
    admin_client(client, make_user, "fi")
    shown = form_fields(client.get("/fi/manage/calls/new").text)
    reference = ref()
    response = client.post("/fi/manage/calls/new", data={**shown, **new_call_form("fi", reference, **change)})
    assert response.status_code == 422
    error = re.search(rf'<p class="error" id="{key}-error">([^<]*)</p>', response.text)
    assert error and message in unescape(error.group(1)), text_of(response.text)[:3000]
    links = linked(response.text)  # the summary at the top links to the field, or to a group's message
    assert any(message in text for text in links.values()), links
    assert set(links) & {key, f"{key}-error", f"{key}-0"}, links
    assert stored(app, "fi", reference) is None
    kept = form_fields(response.text)
    assert kept["reference"] == change.get("reference", reference) and kept["title_sv"] == f"Title-sv-{reference}"
    assert kept["budget"] == change.get("budget", "10 800 000,00")


def test_messages_are_in_the_administrators_language(client, make_user):
    # Language difference: fails until the lead's translation of the new strings (translations/).
    admin_client(client, make_user, "fi", language="fi")
    shown = form_fields(client.get("/fi/manage/calls/new").text)
    response = client.post("/fi/manage/calls/new", data={**shown, **new_call_form("fi", ref(), title_fi="")})
    assert response.status_code == 422
    assert '<html lang="fi">' in response.text
    assert "Write the title in" not in response.text


def test_a_form_without_its_csrf_token_changes_nothing(app, client, make_user):
    admin_client(client, make_user, "fi")
    shown = form_fields(client.get("/fi/manage/calls/new").text)
    reference = ref()
    data = {k: v for k, v in {**shown, **new_call_form("fi", reference)}.items() if k != "csrf_token"}
    assert client.post("/fi/manage/calls/new", data=data).status_code == 400
    assert stored(app, "fi", reference) is None


def test_publishing_is_refused_without_the_summary_in_the_default_language(app, client, make_user, api):
    call = api("fi").create(texts={"fi": {"title": "Vain otsikko"}, "en": {"title": "Title", "summary": "Summary"}})
    admin_client(client, make_user, "fi")
    page = client.get(f"/fi/manage/calls/{call['id']}/edit")
    response = client.post(
        f"/fi/manage/calls/{call['id']}/publish",
        data={"csrf_token": csrf_token(page.text), "version": call["version"]},
        follow_redirects=True,
    )
    assert "Write the summary in fi before publishing." in response.text
    assert stored(app, "fi", call["reference"]).status == "draft"
    assert client.get(f"/fi/calls/{call['id']}").status_code == 404


def test_publish_then_change_the_closing_with_a_reason_shown_publicly(app, client, make_user, api):
    call = api("fi").create(closes_at="2027-10-31T14:15:00Z")
    admin_client(client, make_user, "fi")
    edit = f"/fi/manage/calls/{call['id']}/edit"
    page = client.get(edit)
    published = client.post(
        f"/fi/manage/calls/{call['id']}/publish", data={"csrf_token": csrf_token(page.text), "version": call["version"]}
    )
    assert published.status_code == 303
    assert stored(app, "fi", call["reference"]).status == "published"

    page = client.get(edit)
    assert "Fixed since publication" in page.text
    fields = form_fields(page.text)
    assert "reference" not in fields and "cofinancing_rate" not in fields and "opens_date" not in fields
    no_reason = client.post(edit, data={**fields, "closes_date": "2027-11-30"})
    assert no_reason.status_code == 422
    assert re.search(r'id="reason-error">[^<]*Say why', no_reason.text)
    assert stored(app, "fi", call["reference"]).closes_at == datetime(2027, 10, 31, 14, 15, tzinfo=UTC)

    earlier = client.post(edit, data={**fields, "closes_date": "2027-10-01", "reason": "Sooner"})
    assert earlier.status_code == 422 and "can only move later" in earlier.text

    moved = client.post(edit, data={**fields, "closes_date": "2027-11-30", "reason": "More time for partners"})
    assert moved.status_code == 303, text_of(moved.text)
    assert stored(app, "fi", call["reference"]).closes_at == datetime(2027, 11, 30, 14, 15, tzinfo=UTC)
    public = text_of(client.get(f"/fi/calls/{call['id']}", headers={"Accept-Language": "en"}).text)
    assert "More time for partners" in public
    assert "Closing 31 Oct 2027, 16.15.00 30 Nov 2027, 16.15.00" in public

    fixed = client.post(edit, data={**form_fields(client.get(edit).text), "reference": "CHANGED"})
    assert fixed.status_code == 303  # a fixed field sent anyway is not read
    assert stored(app, "fi", call["reference"]) is not None


def test_closing_before_the_closing_time_asks_for_a_reason(app, client, make_user, api):
    fi = api("fi")
    call = fi.publish(fi.create())
    admin_client(client, make_user, "fi")
    page = client.get(f"/fi/manage/calls/{call['id']}/edit")
    token = csrf_token(page.text)
    url = f"/fi/manage/calls/{call['id']}/close"
    refused = client.post(url, data={"close-csrf_token": token, "close-version": call["version"]})
    assert refused.status_code == 422
    assert re.search(r'id="close-reason-error">[^<]*Say why', refused.text)
    assert stored(app, "fi", call["reference"]).status == "published"
    closed = client.post(url, data={"close-csrf_token": token, "close-version": call["version"], "close-reason": "X"})
    assert closed.status_code == 303
    assert stored(app, "fi", call["reference"]).status == "closed"
    assert f'href="/fi/calls/{call["id"]}"' not in client.get("/fi/calls").text
    assert client.get(f"/fi/manage/calls/{call['id']}/edit").status_code == 200  # says it is closed


def test_a_stale_form_is_refused_and_keeps_what_was_typed(client, make_user, api):
    fi = api("fi")
    call = fi.create()
    admin_client(client, make_user, "fi")
    edit = f"/fi/manage/calls/{call['id']}/edit"
    fields = form_fields(client.get(edit).text)
    changed = client.patch(
        f"/api/v1/fi/calls/{call['id']}", json={"version": call["version"], "budget": "9 000 000"}, headers=fi.headers
    )
    assert changed.status_code == 200, changed.json
    stale = client.post(edit, data={**fields, "title_en": "Typed meanwhile"})
    assert stale.status_code == 409
    assert "Someone else changed this call" in stale.text and "Typed meanwhile" in stale.text
