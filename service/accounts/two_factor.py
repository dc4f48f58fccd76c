"""TOTP two-factor sign-in (RFC 6238), for MA staff who enable it."""

from __future__ import annotations

import pyotp
import segno

ISSUER = "AMIF Hub"


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, email: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def qr_svg_data_uri(uri: str) -> str:
    return segno.make(uri, error="m").svg_data_uri(scale=4, title="")


def verify(secret: str | None, code: str) -> bool:
    if not secret or not isinstance(code, str):
        return False
    code = code.replace(" ", "").strip()
    if not (code.isascii() and code.isdigit() and len(code) == 6):
        return False
    return pyotp.TOTP(secret).verify(code, valid_window=1)
