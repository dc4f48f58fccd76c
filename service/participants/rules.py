"""The counting rules of the participant register as pure functions (tested by properties in
tests/test_participant_rules.py).

Sources: FACTS.md "Common indicators" (the Swedish MA's guidance, following the Commission's): a participant is
counted once per project per indicator however often supported, registered at first participation; everyone in
an "of which" breakdown is also in its parent; breakdowns by sex (woman / man / non-binary) and by age band
(under 18 / 18–60 / over 60) from the date of birth at first registration. FACTS.md "Follow-up": since autumn 2023
a Swedish project may identify a participant by parts of the first and last name and the date of birth; the
register keeps a keyed hash of them, never the parts.
"""

from __future__ import annotations

import hmac
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from hashlib import sha256

SEXES = ("woman", "man", "non_binary")
AGE_BANDS = ("under_18", "18_60", "over_60")
OLDEST = 120  # years: an older date of birth is a typing error
_NOT_A_LETTER = re.compile(r"[^\w]|[\d_]", re.UNICODE)


def normalise_name(text: str) -> str:
    """A name part as the key reads it: Unicode NFC, case folded, letters only, words joined by one space
    ("  Anna-Maria  " and "anna maria" are the same; "Åsa" and "Asa" are not: å is a letter of its own)."""
    text = unicodedata.normalize("NFC", text or "").casefold()
    words = [word for word in _NOT_A_LETTER.sub(" ", text).split() if word]
    return " ".join(words)


def person_key(key: bytes, first_name: str, last_name: str, born: date) -> str:
    """The keyed hash (HMAC-SHA-256, the tenant's key) of the normalised name parts and the date of birth: the
    same person gives the same key within a tenant, and nobody without the key can test a guess against it."""
    message = "\x1f".join((normalise_name(first_name), normalise_name(last_name), born.isoformat()))
    return hmac.new(key, message.encode("utf-8"), sha256).hexdigest()


def age_on(born: date, day: date) -> int:
    """Full years of age on ``day``."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def age_band(born: date, first_participation: date) -> str:
    """The age band at first registration: under 18, 18–60 (60 included), over 60."""
    age = age_on(born, first_participation)
    if age < 18:
        return "under_18"
    if age <= 60:
        return "18_60"
    return "over_60"


def date_problems(born: date, first_participation: date, today: date) -> dict[str, str]:
    """What is impossible in the dates, by field: a birth in the future or more than 120 years ago, a first
    participation before the birth or in the future. Keys name the reason (service.participants.messages)."""
    problems = {}
    if born > today:
        problems["born"] = "born_future"
    elif age_on(born, today) > OLDEST:
        problems["born"] = "born_too_old"
    if first_participation > today:
        problems["first_participation"] = "participation_future"
    elif first_participation < born:
        problems["first_participation"] = "participation_before_birth"
    return problems


def with_parents(codes: Iterable[str], parents: dict[str, str | None]) -> set[str]:
    """The indicators a participant counts toward: the ones named and every parent of theirs, so that an "of
    which" breakdown never exceeds its parent."""
    closed: set[str] = set()
    for code in codes:
        while code and code not in closed:
            closed.add(code)
            code = parents.get(code) or ""
    return closed


@dataclass
class Breakdown:
    """A participant indicator's count, by sex and by age band; the parts always add up to the total."""

    total: int = 0
    by_sex: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SEXES, 0))
    by_age: dict[str, int] = field(default_factory=lambda: dict.fromkeys(AGE_BANDS, 0))

    def add(self, sex: str, band: str, count: int = 1) -> None:
        self.total += count
        self.by_sex[sex] += count
        self.by_age[band] += count


def tally(rows: Iterable[tuple[str, str, str, int]]) -> dict[str, Breakdown]:
    """Breakdowns per indicator from (indicator, sex, age band, count) rows."""
    counts: dict[str, Breakdown] = {}
    for code, sex, band, count in rows:
        counts.setdefault(code, Breakdown()).add(sex, band, count)
    return counts
