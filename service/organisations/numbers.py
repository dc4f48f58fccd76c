"""Organisation numbers: validated and normalised according to the tenant's country.

Sweden — *organisationsnummer* (lag (1974:174) om identitetsbeteckning för juridiska personer;
Skatteverket, SKV 709 "Organisationsnummer"): ten digits written NNNNNN-NNNN, the last a check
digit computed with the Luhn (modulus 10) method over the first nine, weights 2,1,2,1,... from
the left. Systems that store twelve digits prefix a legal person's number with "16"; we accept
that form and store the ten. We do not require the third digit to be ≥ 2: a sole trader's
organisation number is the owner's personnummer.

Finland — *Y-tunnus* (yritys- ja yhteisötunnus, valtioneuvoston asetus 288/2001; issued through
YTJ by PRH and Verohallinto): seven digits, a hyphen and a check digit. Weights 7, 9, 10, 5, 8,
4, 2 over the seven digits; r = sum mod 11; r = 0 gives check digit 0, r = 1 is never issued
(invalid), otherwise the check digit is 11 − r. Old six-digit numbers are sometimes said to be
padded with a leading 0, but we found no official source for that rule, so they are refused.

Other countries (a tenant added as a folder) get a generic check: letters, digits and hyphens.
"""

from __future__ import annotations

import re

_SE = re.compile(r"(?:16)?([0-9]{6})-?([0-9]{4})")
_FI = re.compile(r"([0-9]{7})-?([0-9])")
_GENERIC = re.compile(r"[0-9A-Z][0-9A-Z -]{0,18}[0-9A-Z]")
_Y_TUNNUS_WEIGHTS = (7, 9, 10, 5, 8, 4, 2)
MAX_INPUT = 40  # longer input is refused before any parsing


class InvalidNumber(ValueError):
    """``reason``: ``format`` (not the shape of a number) or ``check_digit`` (the last digit is wrong)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def luhn_check_digit(payload: str) -> int:
    """The Luhn check digit for a string of digits (the rightmost payload digit is doubled)."""
    total = 0
    for position, character in enumerate(reversed(payload)):
        digit = int(character)
        if position % 2 == 0:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return (10 - total % 10) % 10


def y_tunnus_check_digit(payload: str) -> int | None:
    """The Y-tunnus check digit for seven digits, or None when no number is issued with them (r = 1)."""
    remainder = sum(int(d) * w for d, w in zip(payload, _Y_TUNNUS_WEIGHTS, strict=True)) % 11
    if remainder == 1:
        return None
    return 0 if remainder == 0 else 11 - remainder


def _swedish(text: str) -> str:
    match = _SE.fullmatch(text)
    if match is None:
        raise InvalidNumber("format")
    digits = match.group(1) + match.group(2)
    if luhn_check_digit(digits[:9]) != int(digits[9]):
        raise InvalidNumber("check_digit")
    return f"{digits[:6]}-{digits[6:]}"


def _finnish(text: str) -> str:
    match = _FI.fullmatch(text)
    if match is None:
        raise InvalidNumber("format")
    payload, check = match.groups()
    if y_tunnus_check_digit(payload) != int(check):
        raise InvalidNumber("check_digit")
    return f"{payload}-{check}"


def _generic(text: str) -> str:
    text = text.upper()
    if _GENERIC.fullmatch(text) is None:
        raise InvalidNumber("format")
    return " ".join(text.split())


_RULES = {"SE": _swedish, "FI": _finnish}


def normalise(country: str, raw) -> str:
    """The number in its normal written form for ``country`` (ISO 3166 alpha-2), or InvalidNumber."""
    if not isinstance(raw, str) or len(raw) > MAX_INPUT:
        raise InvalidNumber("format")
    return _RULES.get(country, _generic)(raw.strip())


def is_valid(country: str, raw) -> bool:
    try:
        normalise(country, raw)
    except InvalidNumber:
        return False
    return True
