"""The participant register on the database: a person registered twice in a project is one participant whose
indicators grow, each "of which" indicator bringing its parent; the same person in another project or another
tenant is another participant; nothing of the name or the date of birth is stored."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from marshmallow import ValidationError
from sqlalchemy import text

from service.extensions import db
from service.participants import operations
from service.participants.models import Participant
from service.projects.models import Project
from service.tenancy.scope import tenant_scope
from tests.claims_support import (  # noqa: F401 - fixtures
    admin_headers,
    applicant,
    assessed,
    claimable,
    open_call,
    organisation,
    person_of,
    ready_to_score,
)
from tests.conftest import tenant_id

USER = SimpleNamespace(id=1)


def _register(project, **given):
    person = {
        "first_name": "Anna-Maria",
        "last_name": "Virtanen",
        "born": date(1990, 4, 2),
        "sex": "woman",
        "first_participation": date(2025, 3, 1),
        "indicators": ["O.2.3.1"],
        **given,
    }
    return operations.register(project, user=USER, **person)


def test_a_person_is_one_participant_per_project_however_often_registered(app, claimable):
    setup = claimable("fi")
    with app.app_context(), tenant_scope(tenant_id(app, "fi")):
        project = db.session.get(Project, setup["project"]["id"])
        first = _register(project)
        assert first.created and first.participant.age_band == "18_60" and not first.participant.child
        # The same person typed differently, later, in another course: the same participant, one more indicator.
        again = _register(
            project,
            first_name=" anna maria ",
            last_name="VIRTANEN",
            first_participation=date(2025, 9, 1),
            indicators=["O.2.3.2"],
            sex="woman",
        )
        assert not again.created and again.participant.id == first.participant.id
        assert again.participant.first_participation == date(2025, 3, 1)  # registered at first participation
        counts = operations.counts(project.id)
        assert {code: b.total for code, b in counts.items()} == {"O.2.3": 1, "O.2.3.1": 1, "O.2.3.2": 1}
        child = _register(project, first_name="Eino", born=date(2012, 1, 1), sex="man")
        assert child.created and child.participant.child and child.participant.age_band == "under_18"
        counts = operations.counts(project.id)
        assert counts["O.2.3"].total == 2 and counts["O.2.3"].by_age["under_18"] == 1
        assert counts["O.2.3"].by_sex == {"woman": 1, "man": 1, "non_binary": 0}
        # Nothing of the name or the date of birth is in the row.
        row = db.session.execute(text("SELECT * FROM participants WHERE id = :id"), {"id": first.participant.id})
        stored = " ".join(str(value) for value in row.one())
        assert "Virtanen" not in stored and "1990" not in stored and "anna" not in stored.lower()
        db.session.rollback()


def test_impossible_input_is_refused_and_changes_nothing(app, claimable):
    setup = claimable("fi")
    with app.app_context(), tenant_scope(tenant_id(app, "fi")):
        project = db.session.get(Project, setup["project"]["id"])
        bad = [
            ({"born": date(2099, 1, 1)}, "date_of_birth"),
            ({"born": date(1880, 1, 1)}, "date_of_birth"),
            ({"first_participation": date(2024, 12, 31)}, "first_participation"),  # before the project
            ({"sex": "unknown"}, "sex"),
            ({"first_name": " - "}, "first_name"),
            ({"indicators": []}, "indicators"),
            ({"indicators": ["O.1.1"]}, "indicators"),  # not the project's
        ]
        for given, field in bad:
            with pytest.raises(ValidationError) as refused:
                _register(project, **given)
            assert field in refused.value.messages, (given, refused.value.messages)
        assert db.session.query(Participant).filter(Participant.project_id == project.id).count() == 0
        db.session.rollback()


def test_the_key_is_held_outside_the_database_and_required_in_production(app, monkeypatch):
    """service/participants/keys.py: the tenant's key from AMIF_PARTICIPANT_KEY_<CODE>; in production without it the
    register is closed (503), never hashing with a guessable key."""
    from werkzeug.exceptions import ServiceUnavailable

    from service.participants import keys

    with app.app_context(), tenant_scope(tenant_id(app, "fi")):
        monkeypatch.delenv("AMIF_PARTICIPANT_KEY_FI", raising=False)
        derived = keys.tenant_key()  # outside production: derived from SECRET_KEY and the tenant's code
        with tenant_scope(tenant_id(app, "se")):
            assert keys.tenant_key() != derived  # per tenant
        monkeypatch.setenv("AMIF_PARTICIPANT_KEY_FI", "0f" * 32)
        assert keys.tenant_key() == bytes.fromhex("0f" * 32)
        monkeypatch.setenv("AMIF_PARTICIPANT_KEY_FI", "0f" * 8)  # 8 bytes: too short to be a key
        with pytest.raises(RuntimeError):
            keys.tenant_key()
        monkeypatch.delenv("AMIF_PARTICIPANT_KEY_FI")
        monkeypatch.setitem(app.config, "AMIF_ENV", "production")
        with pytest.raises(ServiceUnavailable):
            keys.tenant_key()
