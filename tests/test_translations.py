"""Every user-visible string is translated into Swedish and Finnish, with the same placeholders."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tests.conftest import ROOT

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{[^{}]*\}")
LANGUAGES = ("sv", "fi")


def _catalog(language: str):
    with open(ROOT / "translations" / language / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle)


def _texts(value) -> list[str]:
    return list(value) if isinstance(value, (list, tuple)) else [value]


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_is_complete_without_fuzzy_entries(language):
    catalog = _catalog(language)
    missing = [m.id for m in catalog if m.id and (not all(_texts(m.string)) or m.fuzzy)]
    assert missing == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_are_kept(language):
    for message in _catalog(language):
        if not message.id:
            continue
        source = sorted(PLACEHOLDER.findall(_texts(message.id)[0]))
        for text in _texts(message.string):
            assert sorted(PLACEHOLDER.findall(text)) == source, message.id


# Words that are the same in English and in the language, checked one by one (SAOL: budget, organisation,
# status, version are Swedish nouns in their base form); anything else equal to the English is an untranslated copy.
SAME_WORD = {"sv": {"Budget", "Organisation", "Status", "Version"}, "fi": set()}


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_are_not_copies_of_the_english(language):
    copies = [
        m.id
        for m in _catalog(language)
        if m.id and m.string == m.id and re.search("[a-z]{4}", m.id) and m.id not in SAME_WORD[language]
    ]
    assert copies == []


def test_every_string_in_the_code_is_in_the_catalogues(tmp_path):
    """Extract afresh: a string added to the code but not to translations/ fails here."""
    pot = tmp_path / "fresh.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "N_",
            "-k",
            "lazy_gettext",
            "--no-location",
            "-o",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with open(pot, "rb") as handle:
        fresh = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    for language in LANGUAGES:
        known = {m.id if isinstance(m.id, str) else m.id[0] for m in _catalog(language) if m.id}
        assert fresh - known == set(), language


def test_marshmallows_messages_are_all_translatable():
    import marshmallow.fields as fields
    import marshmallow.schema as schema

    from service.api.messages import MESSAGES

    used = {
        str(m)
        for cls in vars(fields).values()
        if isinstance(cls, type) and issubclass(cls, fields.Field)
        for m in cls.__dict__.get("default_error_messages", {}).values()
    }
    used |= {str(m) for m in schema.Schema._default_error_messages.values()}
    assert used <= set(MESSAGES)


def test_compiled_catalogues_exist_for_every_language():
    for language in ("en", *LANGUAGES):
        assert (Path(ROOT) / "translations" / language / "LC_MESSAGES" / "messages.mo").exists(), language
