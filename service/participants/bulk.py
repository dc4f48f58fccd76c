"""Writing an import's people into the register in the caller's transaction (one transaction: all or nothing),
de-duplicated against the register: a person registered already keeps the first registration (sex, age band,
first participation) and gains the file's indicators, as service.participants.operations.register does.

PostgreSQL: the people are copied (``COPY``) into a temporary table that disappears with the transaction, then
two ``INSERT ... SELECT ... ON CONFLICT DO NOTHING`` statements write the participants and their indicators: no
row is sent twice and no ORM object is made per row. Elsewhere (SQLite, the embedded default) the same two steps
are bulk Core inserts with ``ON CONFLICT DO NOTHING``, in batches. The values written are hex keys, codes from
the project's list, dates and the register's own words: nothing typed in the file reaches the SQL text. Rows go
in index order (person keys sorted, then participant ids), which keeps the B-tree inserts and the foreign-key
checks local."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func, select, text
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from service.extensions import db
from service.participants.imports import Person
from service.participants.models import Participant, ParticipantIndicator

BATCH = 5000

_STAGING = """
CREATE TEMPORARY TABLE participant_import_rows (
    person_key text, sex text, age_band text, child boolean, first_participation date, codes text[]
) ON COMMIT DROP
"""
_NEW_PARTICIPANTS = text("""
INSERT INTO participants
    (tenant_id, project_id, person_key, sex, age_band, child, first_participation, registered_by, registered_at)
SELECT :tenant_id, :project_id, person_key, sex, age_band, child, first_participation, :user_id, :now
FROM participant_import_rows
ORDER BY person_key
ON CONFLICT (tenant_id, project_id, person_key) DO NOTHING
""")
_NEW_INDICATORS = text("""
INSERT INTO participant_indicators (tenant_id, participant_id, project_id, indicator_code)
SELECT :tenant_id, p.id, :project_id, unnest(r.codes)
FROM participant_import_rows r
JOIN participants p ON p.tenant_id = :tenant_id AND p.project_id = :project_id AND p.person_key = r.person_key
ORDER BY p.id
ON CONFLICT (tenant_id, participant_id, indicator_code) DO NOTHING
""")


def write(people: Iterable[Person], *, tenant_id: int, project_id: int, user_id: int, now: datetime) -> int:
    """Register the people; returns how many are new to the register."""
    people = list(people)
    if not people:
        return 0
    connection = db.session.connection()
    values = {"tenant_id": tenant_id, "project_id": project_id, "user_id": user_id, "now": now}
    if connection.dialect.name == "postgresql":
        cursor = connection.connection.driver_connection.cursor()
        try:
            cursor.execute(_STAGING)
            with cursor.copy("COPY participant_import_rows FROM STDIN") as copy:
                for start in range(0, len(people), BATCH):
                    copy.write("".join(_copy_line(person) for person in people[start : start + BATCH]))
        finally:
            cursor.close()
        created = connection.execute(_NEW_PARTICIPANTS, values).rowcount
        connection.execute(_NEW_INDICATORS, values)
        return created
    return _write_portably(connection, people, values)


def _copy_line(person: Person) -> str:
    # COPY's text format: tab-separated, an array as {a,b}. Keys are hex, the rest the register's own words.
    child = "t" if person.band == "under_18" else "f"
    codes = "{" + ",".join(sorted(person.codes)) + "}"
    return f"{person.key}\t{person.sex}\t{person.band}\t{child}\t{person.first_participation.isoformat()}\t{codes}\n"


def _write_portably(connection, people: list[Person], values: dict) -> int:
    participants = Participant.__table__
    before = connection.execute(
        select(func.count())
        .select_from(participants)
        .where(participants.c.tenant_id == values["tenant_id"], participants.c.project_id == values["project_id"])
    ).scalar_one()
    statement = sqlite_insert(participants).on_conflict_do_nothing(
        index_elements=["tenant_id", "project_id", "person_key"]
    )
    for start in range(0, len(people), BATCH):
        connection.execute(
            statement,
            [
                {
                    "tenant_id": values["tenant_id"],
                    "project_id": values["project_id"],
                    "person_key": person.key,
                    "sex": person.sex,
                    "age_band": person.band,
                    "child": person.band == "under_18",
                    "first_participation": person.first_participation,
                    "registered_by": values["user_id"],
                    "registered_at": values["now"],
                }
                for person in people[start : start + BATCH]
            ],
        )
    ids = dict(
        connection.execute(
            select(participants.c.person_key, participants.c.id).where(
                participants.c.tenant_id == values["tenant_id"], participants.c.project_id == values["project_id"]
            )
        ).all()
    )
    indicators = sqlite_insert(ParticipantIndicator.__table__).on_conflict_do_nothing(
        index_elements=["tenant_id", "participant_id", "indicator_code"]
    )
    rows = [
        {
            "tenant_id": values["tenant_id"],
            "participant_id": ids[person.key],
            "project_id": values["project_id"],
            "indicator_code": code,
        }
        for person in people
        for code in sorted(person.codes)
    ]
    for start in range(0, len(rows), BATCH):
        connection.execute(indicators, rows[start : start + BATCH])
    return len(ids) - before
