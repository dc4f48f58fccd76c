"""Personal identity numbers typed into free text are refused: the register and the reports keep no Swedish
personnummer (or samordningsnummer) and no Finnish henkilötunnus. Candidates are found by their shape and
confirmed by python-stdnum (date and check digit), so an organisation number, an invoice number or a phone number
is not mistaken for one."""

from __future__ import annotations

import re
from datetime import date

from stdnum import luhn
from stdnum.fi import hetu

# Swedish: (CC)YYMMDD, a separator - or + (or none, or a space), four digits.
_SE = re.compile(r"(?<![0-9])((?:[0-9]{2})?[0-9]{6})[-+ ]?([0-9]{4})(?![0-9])")
# Finnish: DDMMYY, the century sign (+, -, A–F, U–Y), three digits and a check character.
_FI = re.compile(r"(?<![0-9A-Za-z])([0-9]{6}[-+A-FU-Ya-fu-y][0-9]{3}[0-9A-Ya-y])(?![0-9A-Za-z])")


def _swedish(birth: str, serial: str) -> bool:
    """A personnummer (Skatteverket SKV 704): a Luhn check digit over the ten digits YYMMDDNNNC and a real date
    of birth; a samordningsnummer (SKV 707) is the same with 60 added to the day."""
    digits = birth[-6:] + serial
    if not luhn.is_valid(digits):
        return False
    month, day = int(birth[-4:-2]), int(birth[-2:])
    day = day - 60 if day > 60 else day
    centuries = (birth[:2],) if len(birth) == 8 else ("19", "20")
    for century in centuries:
        try:
            date(int(century + birth[-6:-4]), month, day)
        except ValueError:
            continue
        return True
    return False


def contains_identity_number(text: str) -> bool:
    """Whether ``text`` holds something that is a valid Swedish or Finnish personal identity number."""
    if not text:
        return False
    for match in _SE.finditer(text):
        if _swedish(match.group(1), match.group(2)):
            return True
    return any(hetu.is_valid(match.group(1).upper()) for match in _FI.finditer(text))
