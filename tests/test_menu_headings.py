"""Issue 15: the main menu names a page the way the page names itself.

A case officer who picks "Payment claims" in the menu lands on a page headed "Payment claims" (and titled so in
the browser tab), in every language: the menu's label, the page's <h1> and the first part of its <title> are the
same words. Both sides come from the same catalogue, so once their msgids agree they agree in en, sv and fi.
Platform pages carry no tenant and so no main menu (service/templates/base.html): only tenant roles are walked.
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from service.accounts.roles import TENANT_ROLES
from tests.conftest import sign_in

# Menu labels (msgids) whose page is legitimately headed otherwise. Keep this short and honest.
EXCEPTIONS: dict[str, str] = {
    "National programme": "The page shows the one programme and is headed with its own adopted title, "
    "e.g. 'Asylum, Migration and Integration Fund 2021–2027, national programme of Sweden'.",
}

# (tenant, the user's language): English and Swedish in Sweden, Finnish and Swedish in Finland.
LANGUAGES = [("se", "en"), ("se", "sv"), ("fi", "fi"), ("fi", "sv")]


class _Page(HTMLParser):
    """The main menu's links (text, href), the first <h1>'s text and the <title>'s text of a page."""

    def __init__(self, menu_label: str) -> None:
        super().__init__(convert_charrefs=True)
        self.menu_label = menu_label  # the main menu's aria-label in the page's language
        self.links: list[tuple[str, str]] = []
        self.h1: str | None = None
        self.title = ""
        self._nav_depth = 0  # >0 inside <nav aria-label="Main menu">
        self._link: dict | None = None
        self._badge_depth = 0  # >0 inside the unread-notifications badge, which is not part of the label
        self._in_h1 = False
        self._h1_parts: list[str] = []
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "nav":
            if self._nav_depth:
                self._nav_depth += 1
            elif self._is_main_menu(attrs):
                self._nav_depth = 1
        elif tag == "a" and self._nav_depth:
            self._link = {"href": attrs.get("href", ""), "parts": []}
        elif tag == "span" and self._link is not None:
            if self._badge_depth or "badge" in (attrs.get("class") or "").split():
                self._badge_depth += 1
        elif tag == "h1" and self.h1 is None:
            self._in_h1 = True
        elif tag == "title":
            self._in_title = True

    def handle_endtag(self, tag):
        if tag == "nav" and self._nav_depth:
            self._nav_depth -= 1
        elif tag == "a" and self._link is not None:
            self.links.append((_words("".join(self._link["parts"])), self._link["href"]))
            self._link = None
        elif tag == "span" and self._badge_depth:
            self._badge_depth -= 1
        elif tag == "h1" and self._in_h1:
            self._in_h1 = False
            self.h1 = _words("".join(self._h1_parts))
        elif tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._link is not None and not self._badge_depth:
            self._link["parts"].append(data)
        if self._in_h1:
            self._h1_parts.append(data)
        if self._in_title:
            self.title += data

    def _is_main_menu(self, attrs) -> bool:
        return attrs.get("aria-label") == self.menu_label


def _words(text: str) -> str:
    return " ".join(text.split())


def _parse(html: str, menu_label: str) -> _Page:
    page = _Page(menu_label)
    page.feed(html)
    page.close()
    return page


def _catalogue(language: str):
    from babel.support import Translations

    from tests.conftest import ROOT

    return Translations.load(str(ROOT / "translations"), [language])


def _mismatches(client, home_path: str, language: str, who: str, **headers) -> list[str]:
    """Follow every main-menu link of a page; what disagrees with its page's <h1> or <title>."""
    catalogue = _catalogue(language)
    home = client.get(home_path, headers=headers)
    assert home.status_code == 200
    menu = _parse(home.text, catalogue.gettext("Main menu"))
    assert menu.links, f"{who} sees a main menu"
    exempt = {catalogue.gettext(msgid) for msgid in EXCEPTIONS}
    found = []
    for label, href in menu.links:
        assert not urlsplit(href).netloc, f"menu link {label!r} stays on the site"
        response = client.get(href, headers=headers)
        assert response.status_code == 200, f"{who}: menu link {label!r} ({href}) answers {response.status_code}"
        if label in exempt:
            continue
        page = _parse(response.text, catalogue.gettext("Main menu"))
        title = _words(page.title.split(" · ", 1)[0])
        if page.h1 != label or title != label:
            found.append(f"{label!r} -> {href}: <h1> {page.h1!r}, <title> {title!r}")
    return found


@pytest.mark.parametrize("code, language", LANGUAGES)
@pytest.mark.parametrize("role", sorted(TENANT_ROLES))
def test_every_menu_link_lands_on_a_page_headed_with_its_label(client, make_user, role, code, language):
    _, email = make_user(code, role, language=language)
    assert sign_in(client, code, email).status_code == 302
    mismatches = _mismatches(client, f"/{code}/", language, role)
    assert not mismatches, f"{role} ({code}/{language}):\n" + "\n".join(mismatches)


@pytest.mark.parametrize("code, language", LANGUAGES)
def test_the_signed_out_menu_too(client, code, language):
    """Before signing in the menu offers the calls, the list of operations, signing in and registering."""
    mismatches = _mismatches(client, f"/{code}/calls", language, "a visitor", **{"Accept-Language": language})
    assert not mismatches, f"a visitor ({code}/{language}):\n" + "\n".join(mismatches)
