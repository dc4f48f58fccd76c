"""The tenant's legal texts for decision letters, in each of its languages: tenant data in
``tenants/<code>/letter.toml`` (checked and loaded by ``amif tenants sync`` into the tenant's settings), never
code, because they follow national law: the legal basis, how to appeal or ask for rectification (the deadline
and to whom), how errors are corrected, and the EU funding statement (Reg. (EU) 2021/1060 Arts. 47 and 50,
Annex IX). The managing authority's postal address and, if it wants one, the function mailbox the letter gives
as the contact's address are in ``tenant.toml`` [managing_authority].
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass

# Every language section of letter.toml has these texts; "correction" may be left out where the remedy covers it.
REQUIRED = ("legal_basis", "remedy_heading", "remedy", "funding_statement", "visibility")
OPTIONAL = ("correction",)
PLACEHOLDERS = {"address"}  # the managing authority's postal address, on one line


class LegalTextsError(ValueError):
    """Legal texts that cannot be used; the message names the field."""


class LegalTextsMissing(LookupError):
    """A letter was asked for in a language the tenant has no legal texts for."""


@dataclass(frozen=True)
class LegalTexts:
    legal_basis: str
    remedy_heading: str
    remedy: str
    correction: str
    funding_statement: str  # the statement beside the EU emblem (Annex IX), e.g. "Co-funded by the European Union"
    visibility: str  # the beneficiary's duty to show the Union's support (Arts. 47 and 50): grants only
    authority: str  # the managing authority's name
    address: tuple[str, ...]  # its postal address, line by line
    contact_mailbox: str | None  # the address the letter gives for its contact person, instead of the officer's


def validate(letter: dict, authority: dict, languages: list[str]) -> None:
    """Refuse legal texts that leave a letter incomplete in one of the tenant's languages."""
    addresses = authority.get("address") or {}
    for language in languages:
        texts = letter.get(language)
        if not isinstance(texts, dict):
            raise LegalTextsError(f"letter.{language}: the letter's texts in this language are required")
        extra = sorted(set(texts) - set(REQUIRED) - set(OPTIONAL))
        if extra:
            raise LegalTextsError(f"letter.{language}.{extra[0]}: not a text of the letter")
        for key in REQUIRED:
            if not isinstance(texts.get(key), str) or not texts[key].strip():
                raise LegalTextsError(f"letter.{language}.{key} is required")
        for key, text in texts.items():
            if not isinstance(text, str):
                raise LegalTextsError(f"letter.{language}.{key} must be text")
            for _, field, _, _ in string.Formatter().parse(text):
                if field is not None and field not in PLACEHOLDERS:
                    raise LegalTextsError(f"letter.{language}.{key}: unknown placeholder {{{field}}}")
        if not isinstance(addresses.get(language), str) or not addresses[language].strip():
            raise LegalTextsError(f"managing_authority.address.{language} is required for the letter")
    unknown = sorted(set(letter) - set(languages))
    if unknown:
        raise LegalTextsError(f"letter.{unknown[0]}: not one of the tenant's languages {', '.join(languages)}")
    mailbox = authority.get("contact_mailbox")
    if mailbox is not None and (not isinstance(mailbox, str) or "@" not in mailbox):
        raise LegalTextsError("managing_authority.contact_mailbox must be an e-mail address")


def legal_texts(tenant, language: str) -> LegalTexts:
    """The tenant's legal texts in the letter's language, the address filled in."""
    texts = ((tenant.settings or {}).get("letter") or {}).get(language)
    if not texts:
        raise LegalTextsMissing(
            f"tenant {tenant.code} has no legal texts for letters in {language} (tenants/{tenant.code}/letter.toml)"
        )
    authority = tenant.managing_authority or {}
    address = tuple(line.strip() for line in authority["address"][language].splitlines() if line.strip())
    values = {"address": ", ".join(address)}
    fill = {key: _paragraphs(texts.get(key, "")).format_map(values) for key in (*REQUIRED, *OPTIONAL)}
    return LegalTexts(
        **fill,
        authority=tenant.authority_name(language),
        address=address,
        contact_mailbox=authority.get("contact_mailbox"),
    )


def _paragraphs(text: str) -> str:
    """TOML's wrapped lines joined; paragraphs (a blank line between) kept as lines."""
    return "\n".join(" ".join(part.split()) for part in re.split(r"\n\s*\n", text.strip()) if part.strip())
