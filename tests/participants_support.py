"""Helpers of the participant register's tests: a project with a participant indicator (claims_support's
``claimable``: O.2.3 planned, so O.2.3.1–O.2.3.3 count too), import files, and the import job run as a worker."""

from __future__ import annotations

import csv
import io

from tests.applications_support import run_jobs
from tests.claims_support import api

HEADER = ["first_name", "last_name", "date_of_birth", "sex", "first_participation", "indicators"]
# A valid Finnish henkilötunnus (the Digital and Population Data Services Agency's example) and a valid Swedish
# personnummer (Luhn check digit correct, a real date).
HETU = "131052-308T"
PERSONNUMMER = "811218-9876"


def person(first="Anna", last="Virtanen", born="1990-04-02", sex="woman", started="2025-03-01", codes="O.2.3.1"):
    return {
        "first_name": first,
        "last_name": last,
        "date_of_birth": born,
        "sex": sex,
        "first_participation": started,
        "indicators": codes,
    }


def csv_bytes(rows: list, *, header=None, delimiter=";", bom=True) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header or HEADER)
    for row in rows:
        writer.writerow(list(row.values()) if isinstance(row, dict) else row)
    return (b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode("utf-8")


def xlsx_bytes(rows: list[dict], *, header=None) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(header or HEADER)
    for row in rows:
        sheet.append(list(row.values()))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, code: str, project_id: int, headers: dict, content: bytes, filename="deltagare.csv"):
    return client.post(
        f"{api(code)}/projects/{project_id}/participant-imports",
        data={"file": (io.BytesIO(content), filename)},
        headers=headers,
        content_type="multipart/form-data",
    )


def run_imports(app, code: str) -> list[str]:
    return run_jobs(app, code, "participants.import")
