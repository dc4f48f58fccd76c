"""Outgoing e-mail: by SMTP when configured, else to a local outbox folder (one .eml a message)."""

from __future__ import annotations

import smtplib
import uuid
from email.message import EmailMessage
from pathlib import Path

from flask import current_app

from service.jobs.runs import current_run
from service.tenancy.model_base import utcnow


def send(*, to: str, subject: str, body: str, language: str, message_id: str | None = None) -> str:
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["SMTP_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = message_id or _message_id()
    message.set_content(body)
    message["Content-Language"] = language  # after set_content, which drops Content-* headers
    if config["SMTP_HOST"]:
        with smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=30) as smtp:
            if config["SMTP_STARTTLS"]:
                smtp.starttls()
            if config["SMTP_USERNAME"]:
                smtp.login(config["SMTP_USERNAME"], config["SMTP_PASSWORD"])
            smtp.send_message(message)
        return message["Message-ID"]
    outbox = Path(config["AMIF_OUTBOX_DIR"])
    outbox.mkdir(parents=True, exist_ok=True)
    name = f"{utcnow():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}.eml"
    (outbox / name).write_bytes(bytes(message))
    return message["Message-ID"]


def _message_id() -> str:
    """In a job, the same for every attempt of the run: an e-mail sent again after a worker was killed between
    sending it and recording that (the one window in which a job sends twice) is the same message."""
    run = current_run()
    if run is None:
        return f"<{uuid.uuid4().hex}@amif-hub>"
    run.mails_sent += 1
    return f"<job-{run.job_id}-{run.mails_sent}@amif-hub>"
