"""Who may see and do what in the participant register; anything not visible answers 404, never revealing that
it exists.

- The beneficiary's members (applicants, members of the project's organisation) register and import their
  project's participants and read its rows and counts.
- MA staff (administrators and case officers) read every project's rows and counts and download the rows.
- Auditors read rows and counts, but never the rows of children.
- The monitoring committee reads counts only, never a row.

Children's rows (``child``: under 18 at first registration, GDPR recital 38) are listed only to those who work
with them: MA staff and the beneficiary's members. Everyone else who may read rows sees them as one number, and
every count includes them. A row never shows a name or a date of birth (the register keeps neither), and its
person key is shown abbreviated (its first 10 hex digits: enough to tell rows apart, useless as a key)."""

from __future__ import annotations

from flask import abort

from service.extensions import db
from service.organisations.util import is_member
from service.participants.models import Participant, ParticipantImport
from service.projects.models import Project

STAFF = ("ma_admin", "case_officer")
ROW_READERS = (*STAFF, "auditor")
COUNT_READERS = (*ROW_READERS, "committee")
KEY_SHOWN = 10  # hex digits of the person key shown in a list


def is_beneficiary(user, project: Project) -> bool:
    return user.role == "applicant" and is_member(user.id, project.organisation_id)


def project_for(user, project_id: int) -> Project:
    """The project if the person may read its counts, else 404."""
    project = db.session.get(Project, project_id)
    if project is None:
        abort(404)
    if user.role in COUNT_READERS or is_beneficiary(user, project):
        return project
    abort(404)


def may_read_rows(user, project: Project) -> bool:
    return user.role in ROW_READERS or is_beneficiary(user, project)


def may_see_children(user, project: Project) -> bool:
    return user.role in STAFF or is_beneficiary(user, project)


def project_for_rows(user, project_id: int) -> Project:
    project = project_for(user, project_id)
    if not may_read_rows(user, project):
        abort(404)
    return project


def project_for_beneficiary(user, project_id: int) -> Project:
    project = db.session.get(Project, project_id)
    if project is None or not is_beneficiary(user, project):
        abort(404)
    return project


def import_for(user, project: Project, import_id: int) -> ParticipantImport:
    """An import of the project, for its beneficiary's members and MA staff."""
    record = db.session.get(ParticipantImport, import_id)
    if record is None or record.project_id != project.id:
        abort(404)
    if user.role in STAFF or is_beneficiary(user, project):
        return record
    abort(404)


def participant_for(user, project: Project, participant_id: int) -> Participant:
    """A participant of the project, for those who may read its rows (a child's only for those who may see
    children), else 404."""
    participant = db.session.get(Participant, participant_id)
    if participant is None or participant.project_id != project.id or not may_read_rows(user, project):
        abort(404)
    if participant.child and not may_see_children(user, project):
        abort(404)
    return participant
