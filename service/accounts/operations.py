"""Changes to people. Plain functions: they flush, the caller's request, job or command commits."""

from __future__ import annotations

from sqlalchemy import func, select

from service.accounts import passwords, sessions, two_factor
from service.accounts.models import EmailToken, PlatformUser, User
from service.accounts.roles import PLATFORM_ROLES, TENANT_ROLES
from service.extensions import db
from service.jobs.queue import enqueue
from service.tenancy.current import current_tenant
from service.tenancy.model_base import utcnow


class AccountError(ValueError):
    """A change to an account that cannot be made; ``field`` names the input at fault."""

    def __init__(self, field: str, code: str):
        super().__init__(f"{field}: {code}")
        self.field = field
        self.code = code


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    """A user of the current tenant by e-mail (the tenant scope filters the query)."""
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def create_user(
    *,
    email: str,
    role: str,
    name: str = "",
    password: str | None = None,
    language: str | None = None,
    organisation_name: str | None = None,
    send_welcome: bool = True,
    email_verified: bool = True,
) -> User:
    """Create a user in the current tenant and queue the welcome e-mail.

    A user created by an administrator counts as verified; self-registration passes
    ``email_verified=False`` and verifies by link (accounts.registration)."""
    if role not in TENANT_ROLES:
        raise AccountError("role", "unknown_role")
    if find_user_by_email(email) is not None:
        raise AccountError("email", "taken")
    if language is not None and language not in current_tenant().languages:
        raise AccountError("language", "not_offered")
    user = User(
        email=normalise_email(email),
        role=role,
        name=name.strip(),
        language=language,
        organisation_name=organisation_name,
        email_verified_at=utcnow() if email_verified else None,
    )
    if password is not None:
        set_password(user, password, close_sessions=False)
    db.session.add(user)
    db.session.flush()
    if send_welcome:
        welcome_email(user)
    return user


def welcome_email(user: User):
    """The user's welcome e-mail job: queued once, the same run returned on every call."""
    return enqueue("accounts.send_welcome_email", key=f"user-{user.id}", user_id=user.id)


def create_platform_user(
    *, email: str, role: str, name: str = "", password: str | None = None, language: str | None = None
) -> PlatformUser:
    if role not in PLATFORM_ROLES:
        raise AccountError("role", "unknown_role")
    email = normalise_email(email)
    if db.session.scalar(select(PlatformUser).where(PlatformUser.email == email)) is not None:
        raise AccountError("email", "taken")
    person = PlatformUser(email=email, role=role, name=name.strip(), language=language)
    if password is not None:
        set_password(person, password, close_sessions=False)
    db.session.add(person)
    db.session.flush()
    return person


def set_password(person, password: str, *, close_sessions: bool = True) -> None:
    if len(password) < passwords.MIN_LENGTH:
        raise AccountError("password", "too_short")
    person.password_hash = passwords.hash_password(password)
    if isinstance(person, User) and person.id is not None:
        end_reset_links(person)  # a link asked for before the change no longer works
    if close_sessions and person.id is not None:
        sessions.close_all_sessions(person)


def end_reset_links(user: User) -> None:
    """Every unused password reset link of the person stops working (a newer link, a new password)."""
    live = select(EmailToken).where(
        EmailToken.user_id == user.id, EmailToken.purpose == "reset", EmailToken.used_at.is_(None)
    )
    now = utcnow()
    for token in db.session.scalars(live):
        token.used_at = now


def set_language(person, language: str | None, offered: list[str]) -> None:
    if language is not None and language not in offered:
        raise AccountError("language", "not_offered")
    person.language = language


def start_two_factor(person) -> str:
    """A new secret, kept until the person confirms it with a code."""
    person.totp_secret = two_factor.new_secret()
    person.totp_enabled_at = None
    return person.totp_secret


def confirm_two_factor(person, code: str) -> None:
    if not two_factor.verify(person.totp_secret, code):
        raise AccountError("code", "wrong_code")
    person.totp_enabled_at = utcnow()


def disable_two_factor(person) -> None:
    person.totp_secret = None
    person.totp_enabled_at = None


def deactivate(person) -> None:
    person.active = False
    sessions.close_all_sessions(person)
    if isinstance(person, User):
        end_reset_links(person)
