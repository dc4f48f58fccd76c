"""The counting rules of the participant register (FACTS.md "Common indicators"), as properties: a person is
counted once per project per indicator; every "of which" breakdown stays within its parent; the age band comes
from the date of birth at first registration; the key is the same for the same person however the name is typed,
and different under another tenant's key."""

from __future__ import annotations

import tomllib
from datetime import date, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from service.participants import rules
from service.participants.identity_numbers import contains_identity_number

CATALOGUE = Path(__file__).resolve().parent.parent / "service" / "catalogue" / "data" / "common_indicators.toml"
INDICATORS = tomllib.loads(CATALOGUE.read_text(encoding="utf-8"))["indicator"]
PARENTS = {row["code"]: row["parent"] or None for row in INDICATORS}
PARTICIPANT_CODES = sorted(row["code"] for row in INDICATORS if row["unit"] == "participants")

people = st.lists(
    st.tuples(
        st.integers(0, 40),  # who: the same number is the same person, registered again
        st.sampled_from(rules.SEXES),
        st.sampled_from(rules.AGE_BANDS),
        st.lists(st.sampled_from(PARTICIPANT_CODES), min_size=1, max_size=4),
    ),
    max_size=120,
)


@settings(max_examples=200, deadline=None)
@given(registrations=people)
def test_a_person_counts_once_and_a_breakdown_never_exceeds_its_parent(registrations):
    # The register's rule (service.participants.operations.register): the first registration's sex and age band
    # stay; later registrations only add indicators, each closed upward to its parents.
    first: dict[int, tuple[str, str]] = {}
    counted: dict[int, set[str]] = {}
    for person, sex, band, codes in registrations:
        first.setdefault(person, (sex, band))
        counted.setdefault(person, set()).update(rules.with_parents(codes, PARENTS))
    counts = rules.tally((code, *first[person], 1) for person, codes in counted.items() for code in codes)
    for code, breakdown in counts.items():
        people_counted = {person for person, codes in counted.items() if code in codes}
        assert breakdown.total == len(people_counted)  # once per person, however often registered
        assert sum(breakdown.by_sex.values()) == sum(breakdown.by_age.values()) == breakdown.total
        parent = PARENTS.get(code)
        if parent:
            assert breakdown.total <= counts[parent].total
            for sex in rules.SEXES:
                assert breakdown.by_sex[sex] <= counts[parent].by_sex[sex]
            for band in rules.AGE_BANDS:
                assert breakdown.by_age[band] <= counts[parent].by_age[band]


def _birthday(born: date, year: int) -> date:
    """The day a person born on ``born`` has a birthday in ``year`` (29 February: 1 March in a common year)."""
    try:
        return born.replace(year=year)
    except ValueError:
        return date(year, 3, 1)


@settings(max_examples=500, deadline=None)
@given(born=st.dates(date(1900, 1, 1), date(2026, 12, 31)), days=st.integers(0, 120 * 366))
def test_the_age_band_is_the_age_at_first_participation(born, days):
    first = born + timedelta(days=days)
    band = rules.age_band(born, first)
    eighteen, sixty_one = _birthday(born, born.year + 18), _birthday(born, born.year + 61)
    expected = "under_18" if first < eighteen else "18_60" if first < sixty_one else "over_60"
    assert band == expected


def test_the_age_band_turns_on_the_birthday():
    born = date(2007, 5, 10)
    assert rules.age_band(born, date(2025, 5, 9)) == "under_18"
    assert rules.age_band(born, date(2025, 5, 10)) == "18_60"
    assert rules.age_band(date(1964, 5, 10), date(2025, 5, 10)) == "over_60"  # 61: over 60
    assert rules.age_band(date(1965, 5, 10), date(2025, 5, 10)) == "18_60"  # 60: still 18–60


names = st.text(alphabet="abcdefghijklmnopqrstuvwxyzåäöÅÄÖ -", min_size=1, max_size=20).filter(
    lambda text: rules.normalise_name(text)
)


@given(first=names, last=names, born=st.dates(date(1910, 1, 1), date(2025, 12, 31)))
def test_the_key_is_the_same_however_the_name_is_typed_and_differs_by_tenant(first, last, born):
    key, other = b"k" * 32, b"o" * 32
    same = rules.person_key(key, f"  {first.upper()} ", last.replace(" ", "-"), born)
    assert same == rules.person_key(key, first, last, born)
    assert rules.person_key(other, first, last, born) != same
    assert rules.person_key(key, first, last, born + timedelta(days=1)) != same
    assert len(same) == 64 and set(same) <= set("0123456789abcdef")  # a hex digest, nothing of the name


def test_impossible_dates_are_named():
    today = date(2026, 12, 6)
    assert rules.date_problems(date(2027, 1, 1), date(2026, 1, 1), today) == {
        "born": "born_future",
        "first_participation": "participation_before_birth",
    }
    assert rules.date_problems(date(1900, 1, 1), date(2026, 1, 1), today) == {"born": "born_too_old"}
    assert rules.date_problems(date(1990, 1, 1), date(2026, 12, 7), today) == {
        "first_participation": "participation_future"
    }
    assert rules.date_problems(date(1906, 12, 6), date(2026, 1, 1), today) == {}  # exactly 120


def test_personal_identity_numbers_are_found_in_free_text_and_other_numbers_are_not():
    # Skatteverket's examples (SKV 704, 707) and DVV's (henkilötunnus), in a sentence.
    for text in ("Anna 811218-9876 deltog", "19811218-9876", "samordningsnummer 701063-2391", "hetu 131052-308T"):
        assert contains_identity_number(text), text
    for text in ("org.nr 802471-2344", "Y-tunnus 7654321-2", "faktura 2025-1234", "1 234 567,50 kr", "Tåg 10:45"):
        assert not contains_identity_number(text), text
