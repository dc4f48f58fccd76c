"""One applicant's application, request by request: what ``applicants.py`` (locust, over HTTP) and
``request_cost.py`` (in-process, Flask's test client) both send.

No locust here (importing it monkey-patches the standard library for gevent): the caller passes how to send a
request (``send(method, url, name, **kwargs) -> (status, body)``), how to wait between requests (``think()``)
and how to submit (``submit(record, url, body)``, which puts the statuses answered in ``record["submit"]``:
one submit, or a double click).
"""

from __future__ import annotations

import random
import uuid

PDF_HEAD, PDF_TAIL = b"%PDF-1.4\n% ", b"\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
WORDS = (
    "kotoutuminen kielikahvila ohjaus neuvonta työllistyminen koulutus yhteistyö kunta järjestö "
    "perhe nuoret naiset osallisuus arviointi seuranta tavoite toimenpide kohderyhmä tulos"
).split()
SECTIONS = (
    "summary",
    "needs_analysis",
    "objectives_and_activities",
    "target_group",
    "target_group_verification",
    "gender_equality",
    "non_discrimination",
    "best_interests_of_the_child",
    "dissemination",
)


def text(words: int) -> str:
    return " ".join(random.choice(WORDS) for _ in range(words)).capitalize() + "."  # noqa: S311 - load, not security


def multipart(fields: dict[str, str], filename: str, content: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        "Content-Type: application/pdf\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def apply(record: dict, base: str, seed: dict, me: dict, options, send, think, submit) -> None:
    """Start an application, autosave the text several times, add a cost, an indicator and an attachment,
    read the application back and submit it. ``record`` gets the application's id, what its submit answered
    and, on an error, where it stopped (then the rest is not sent)."""
    status, body = send(
        "POST",
        base,
        "start application",
        json={
            "call_id": seed["call_id"],
            "organisation_id": me["organisation_id"],
            "language": "fi",
            "title": f"Hanke {uuid.uuid4().hex[:6]}",
        },
    )
    if status != 201:
        record["failed_at"] = f"start application {status}"
        think()
        return
    record["application_id"] = application_id = body["id"]
    version = body["version"]
    url = f"{base}/{application_id}"

    # Autosave: each save sends what changed since the last one, as the form does; the
    # sections are spread over the saves and a section typed further is sent again.
    saves = random.randint(options.saves_min, options.saves_max)  # noqa: S311
    typed: dict[str, str] = {}
    for number in range(saves):
        think()
        fields: dict[str, str] = {}
        if number == 0:
            fields.update(title=f"Kielikahvila {application_id}", project_start="2027-01-01", project_end="2028-12-31")
        for index, section in enumerate(SECTIONS):
            if index % saves == number:
                typed[section] = text(random.randint(40, 120))  # noqa: S311
                fields[section] = typed[section]
        if typed and number > 0:
            again = random.choice(sorted(typed))  # noqa: S311
            typed[again] += " " + text(random.randint(10, 40))  # noqa: S311
            fields[again] = typed[again]
        status, body = send("PATCH", url, "autosave", json={"version": version, "fields": fields})
        if status != 200:
            record["failed_at"] = f"autosave {status}"
            return
        version = body["version"]

    think()
    line = {"year": 2027, "category": "travel", "description": "Matkat", "amount": "112 345,67"}
    status, _ = send("POST", f"{url}/budget-lines", "add budget line", json=line)
    if status != 201:
        record["failed_at"] = f"add budget line {status}"
        return
    think()
    indicator = {"indicator_code": "O.2.3", "planned_value": 120}
    status, _ = send("POST", f"{url}/indicators", "add indicator", json=indicator)
    if status != 201:
        record["failed_at"] = f"add indicator {status}"
        return
    think()
    # Distinct bytes per upload, as real letters are (--same-attachment uploads one file everywhere).
    marker = b"same" if options.same_attachment else uuid.uuid4().hex.encode()
    body_bytes, content_type = multipart(
        {"kind": "partner_letters"}, "Yhteistyökirje.pdf", PDF_HEAD + marker + PDF_TAIL
    )
    status, _ = send(
        "POST", f"{url}/attachments", "upload attachment", data=body_bytes, headers={"Content-Type": content_type}
    )
    if status != 201:
        record["failed_at"] = f"upload attachment {status}"
        return
    think()
    status, body = send("GET", url, "read application")
    if status != 200:
        record["failed_at"] = f"read application {status}"
        return
    submit(record, f"{url}/submit", {"version": body["version"]})
    think()
