"""The wording of the Swedish and Finnish catalogues: headers are nouns in their base form, and each concept has
one word per language (issue 15, "Forms, language, layout")."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tests.conftest import translated

CATALOGUES = Path(__file__).resolve().parent.parent / "translations"

# Column headers and labels of the lists and record pages (applications, calls, projects, claims, decisions,
# the audit trail).
KEY_HEADERS = (
    "Applicant",
    "Application",
    "Amount",
    "Assessor",
    "Beneficiary",
    "Budget",
    "Call",
    "Claim",
    "Currency",
    "Deadline",
    "Decision",
    "Organisation",
    "Payment",
    "Project",
    "Reason",
    "Reasons for the decision",
    "Reference",
    "Status",
    "Title",
    "Type of organisation",
    "Version",
)
# A Swedish noun's definite form adds -en or -et (singular) or -na (plural): budget -> budgeten, skäl -> skälen.
DEFINITE_ENDINGS = ("en", "et", "na")


def _catalogue(language: str):
    with open(CATALOGUES / language / "LC_MESSAGES" / "messages.po", "rb") as file:
        return read_po(file)


def _texts(catalogue) -> list[str]:
    return [(" ".join(m.string) if isinstance(m.string, tuple) else m.string) or "" for m in catalogue if m.id]


def _head(text: str) -> str:
    return text.split()[0].strip(",.:;()").lower() if text.split() else ""


@pytest.fixture(scope="module")
def swedish_words() -> set[str]:
    """The first word of every Swedish text of the catalogue: the words it shows, in the form it shows them."""
    return {_head(text) for text in _texts(_catalogue("sv"))}


@pytest.mark.parametrize("header", KEY_HEADERS)
def test_swedish_headers_are_nouns_in_their_base_form(header, swedish_words):
    """A header names the kind of thing, not one thing: "Budget", never "Budgeten". The rule, precisely: the
    header's first word is not a word the catalogue shows elsewhere plus a definite ending."""
    head = _head(translated(header, "sv"))
    stems = {head[: -len(ending)] for ending in DEFINITE_ENDINGS if head.endswith(ending)}
    assert not stems & swedish_words, f"{header!r} is shown as {translated(header, 'sv')!r}, a definite form"


# One word per concept (the second column must never appear where the first is meant).
ONE_WORD = {
    "sv": {"ansökan om utbetalning": "utbetalningsansök"},
    "fi": {"maksatushakemus": "maksuhakemu", "API-avain": "API-tunnist", "haku": "hakukierro"},
}


@pytest.mark.parametrize("language", ["sv", "fi"])
def test_each_concept_has_one_word(language):
    texts = _texts(_catalogue(language))
    for word, other in ONE_WORD[language].items():
        strays = [text for text in texts if other.lower() in text.lower()]
        assert not strays, f"{other!r} where the catalogue says {word!r}: {strays}"
