"""Marshmallow's own validation messages, made translatable.

marshmallow formats a message with ``str.format`` when it raises; :class:`Translatable` translates
the template first, in the request's language. This list is what Babel extracts (keyword N_);
``install()`` swaps the library defaults for these. A test checks the list covers the library.
"""

from __future__ import annotations

from flask_babel import gettext


class Translatable(str):
    """A message template that translates itself when formatted or rendered."""

    def format(self, *args, **kwargs):  # noqa: A003 - str API
        return gettext(str(self)).format(*args, **kwargs)

    def translated(self) -> str:
        return gettext(str(self))


def N_(message: str) -> Translatable:  # noqa: N802 - gettext convention
    return Translatable(message)


MESSAGES = {
    "Not a valid {obj_type}.": N_("Not a valid {obj_type}."),
    "Not a valid {awareness} {obj_type}.": N_("Not a valid {awareness} {obj_type}."),
    '"{input}" cannot be formatted as a {obj_type}.': N_('"{input}" cannot be formatted as a {obj_type}.'),
    "Not a valid boolean.": N_("Not a valid boolean."),
    "Missing data for required field.": N_("Missing data for required field."),
    "Field may not be null.": N_("Field may not be null."),
    "Invalid value.": N_("Invalid value."),
    "Not a valid date.": N_("Not a valid date."),
    '"{input}" cannot be formatted as a date.': N_('"{input}" cannot be formatted as a date.'),
    "Special numeric values (nan or infinity) are not permitted.": N_(
        "Special numeric values (nan or infinity) are not permitted."
    ),
    "Not a valid mapping type.": N_("Not a valid mapping type."),
    "Not a valid email address.": N_("Not a valid email address."),
    "Must be one of: {choices}.": N_("Must be one of: {choices}."),
    "Not a valid IP address.": N_("Not a valid IP address."),
    "Not a valid IP interface.": N_("Not a valid IP interface."),
    "Not a valid IPv4 address.": N_("Not a valid IPv4 address."),
    "Not a valid IPv4 interface.": N_("Not a valid IPv4 interface."),
    "Not a valid IPv6 address.": N_("Not a valid IPv6 address."),
    "Not a valid IPv6 interface.": N_("Not a valid IPv6 interface."),
    "Not a valid integer.": N_("Not a valid integer."),
    "Not a valid list.": N_("Not a valid list."),
    "Invalid type.": N_("Invalid type."),
    "Not a valid number.": N_("Not a valid number."),
    "Number too large.": N_("Number too large."),
    "Not a valid string.": N_("Not a valid string."),
    "Not a valid utf-8 string.": N_("Not a valid utf-8 string."),
    "Not a valid period of time.": N_("Not a valid period of time."),
    "{input!r} cannot be formatted as a timedelta.": N_("{input!r} cannot be formatted as a timedelta."),
    "Not a valid tuple.": N_("Not a valid tuple."),
    "Not a valid URL.": N_("Not a valid URL."),
    "Not a valid UUID.": N_("Not a valid UUID."),
    "Invalid input type.": N_("Invalid input type."),
    "Unknown field.": N_("Unknown field."),
    "Shorter than minimum length {min}.": N_("Shorter than minimum length {min}."),
    "Longer than maximum length {max}.": N_("Longer than maximum length {max}."),
    "Length must be between {min} and {max}.": N_("Length must be between {min} and {max}."),
    "Length must be {equal}.": N_("Length must be {equal}."),
    "String does not match expected pattern.": N_("String does not match expected pattern."),
    "Must be equal to {other}.": N_("Must be equal to {other}."),
    "Invalid input.": N_("Invalid input."),
    "One or more of the choices you made was not in: {choices}.": N_(
        "One or more of the choices you made was not in: {choices}."
    ),
    # validate.Range, inclusive bounds (the only kind used here)
    "Must be greater than or equal to {min}.": N_("Must be greater than or equal to {min}."),
    "Must be less than or equal to {max}.": N_("Must be less than or equal to {max}."),
    "Must be greater than or equal to {min} and less than or equal to {max}.": N_(
        "Must be greater than or equal to {min} and less than or equal to {max}."
    ),
}
# The values a validator accepts are codes ("supplement_requested", "SO2"): a message names none of them, it says
# the choice is not among those offered (the OpenAPI document lists the values for integrators).
CHOICE_MESSAGES = {
    "Must be one of: {choices}.": N_("Choose one of the options offered."),
    "One or more of the choices you made was not in: {choices}.": N_("Choose only among the options offered."),
}
_installed = False


def install() -> None:
    """Idempotent. Runs when ``service`` is imported, before any schema module builds its fields
    (a field copies its class's messages when it is created)."""
    global _installed
    if _installed:
        return
    _installed = True
    import marshmallow.fields as fields
    import marshmallow.schema as schema
    import marshmallow.validate as validate

    for cls in vars(fields).values():
        if isinstance(cls, type) and issubclass(cls, fields.Field):
            messages = cls.__dict__.get("default_error_messages")
            if messages:
                cls.default_error_messages = {k: MESSAGES.get(m, m) for k, m in messages.items()}
    schema.Schema._default_error_messages = {
        k: MESSAGES.get(m, m) for k, m in schema.Schema._default_error_messages.items()
    }
    for cls in (
        validate.Length,
        validate.OneOf,
        validate.Email,
        validate.URL,
        validate.Regexp,
        validate.Equal,
        validate.NoneOf,
        validate.ContainsOnly,
    ):
        for name, value in list(vars(cls).items()):
            if (name.startswith("message") or name == "default_message") and isinstance(value, str):
                setattr(cls, name, CHOICE_MESSAGES.get(value) or MESSAGES.get(value, value))

    original_format = validate.Range._format_error

    def _format_range_error(self, value, message):
        # Range interpolates its messages in __init__, so they are mapped here, when an error is raised.
        if self.error is None:
            message = MESSAGES.get(message, message)
        return original_format(self, value, message)

    validate.Range._format_error = _format_range_error


def translate_messages(messages):
    """Render every message of a marshmallow error structure in the request's language."""
    if isinstance(messages, dict):
        return {key: translate_messages(value) for key, value in messages.items()}
    if isinstance(messages, list):
        return [translate_messages(value) for value in messages]
    if isinstance(messages, Translatable):
        return messages.translated()
    return str(messages)
