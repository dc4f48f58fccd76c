"""Properties of reading an import file (service.participants.imports, pure: no database): whatever the rows, a
person is one participant however often in the file, registered at the earliest first participation (its sex and
age band from the date of birth then), counted toward every indicator of every row and their parents; so an "of
which" breakdown never exceeds its parent. And the keys are those of a participant registered one by one."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from service.participants import imports, rules
from tests.participants_support import csv_bytes

KEY = b"k" * 32
PARENTS = {"O.2.3": None, "O.2.3.1": "O.2.3", "O.2.3.2": "O.2.3", "O.2.3.3": "O.2.3"}
CONTEXT = imports.Context(
    key=KEY,
    allowed=frozenset(PARENTS),
    parents=PARENTS,
    start=date(2025, 1, 1),
    end=date(2027, 6, 30),
    today=date(2026, 12, 6),
)
PEOPLE = [
    ("Anna", "Virtanen", date(1990, 4, 2)),
    ("Eino", "Mäkinen", date(2012, 1, 1)),
    ("Åsa", "Lind", date(1950, 5, 5)),
]
SPELLINGS = [lambda s: s, str.upper, str.lower, lambda s: f"  {s} "]

rows = st.lists(
    st.tuples(
        st.integers(0, len(PEOPLE) - 1),
        st.sampled_from(SPELLINGS),
        st.sampled_from(("woman", "man", "non_binary")),
        st.integers(0, 700),  # days after the project's start
        st.lists(st.sampled_from(sorted(PARENTS)), min_size=1, max_size=3),
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(rows)
def test_each_person_once_at_the_earliest_participation_with_every_indicator(drawn):
    lines = []
    expected: dict[int, tuple[date, str, set[str]]] = {}
    for who, spelling, sex, days, codes in drawn:
        first, last, born = PEOPLE[who]
        started = CONTEXT.start + timedelta(days=days)
        lines.append([spelling(first), spelling(last), born.isoformat(), sex, started.isoformat(), " ".join(codes)])
        closed = rules.with_parents(codes, PARENTS)
        earliest, kept_sex, known = expected.get(who, (started, sex, set()))
        if started < earliest:
            earliest, kept_sex = started, sex
        expected[who] = (earliest, kept_sex, known | closed)
    outcome = imports.read(csv_bytes(lines), CONTEXT)
    assert outcome.errors == [] and outcome.rows == len(drawn)
    assert len(outcome.people) == len(expected)
    for who, (earliest, sex, codes) in expected.items():
        first, last, born = PEOPLE[who]
        person = outcome.people[rules.person_key(KEY, first, last, born)]  # the key of one-by-one registration
        assert person.first_participation == earliest
        assert person.band == rules.age_band(born, earliest)
        assert person.codes == codes
        assert person.sex == sex  # as typed on the first row of the earliest participation
    counts = rules.tally((code, p.sex, p.band, 1) for p in outcome.people.values() for code in p.codes)
    for code, parent in PARENTS.items():
        if parent and code in counts:
            assert counts[code].total <= counts[parent].total


def test_formula_cells_of_a_workbook_are_refused_never_run_and_the_value_never_repeated():
    from tests.participants_support import person, xlsx_bytes

    rows = [person(started="2025-03-01"), person(first="=cmd|' /C calc'!A0", started="2025-03-01")]
    outcome = imports.read(xlsx_bytes(rows), CONTEXT)
    assert outcome.errors == [{"line": 3, "column": "first_name", "code": "formula", "params": {}}]
    assert "cmd" not in repr(outcome.errors)


def test_a_bom_and_either_separator_read_the_same():
    lines = [["Anna", "Virtanen", "1990-04-02", "kvinna", "1.3.2025", "O.2.3.1,O.2.3.2"]]
    header = ["Förnamn", "EFTERNAMN", "födelsedatum", "Kön", "första deltagande", "indikatorer"]
    semicolons = imports.read(csv_bytes(lines, header=header, delimiter=";", bom=True), CONTEXT)
    commas = imports.read(csv_bytes(lines, header=header, delimiter=",", bom=False), CONTEXT)
    assert semicolons.people == commas.people and len(commas.people) == 1
    [anna] = commas.people.values()
    assert (anna.sex, anna.codes) == ("woman", {"O.2.3", "O.2.3.1", "O.2.3.2"})
