"""API shapes of the classification."""

from __future__ import annotations

from marshmallow import Schema, fields, validate


class ConfirmationWriteSchema(Schema):
    """The case officer's classification: an AMIF specific objective (SO1–SO4, TA) and an Annex VI Table 1 code
    of it. ``reason`` is required when it differs from the applicant's proposal or is outside the call."""

    specific_objective = fields.String(required=True, validate=validate.Length(min=1, max=8))
    intervention_field = fields.String(required=True, validate=validate.Length(min=1, max=8))
    reason = fields.String(load_default="", validate=validate.Length(max=5000))
