"""Refused access as security events: a signed-in person or a token answered 404 (another tenant's object, an id
that is not theirs) or 403 (beyond their role), recorded for the tenant whose URL was asked and listed for its MA
administrators and auditors (issue 15)."""
