"""Configuration, read only from the environment.

Development (the embedded default) needs nothing: a SQLite file in ``instance/``, jobs run
in-process, mail written to ``instance/outbox``. Production refuses to start without a secret
key and a database URL.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class ConfigurationError(RuntimeError):
    """The environment does not describe a runnable deployment."""


def _bool(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _ranged(env, name: str, parse, what: str, low: float, high: float, unit: str, default=None):
    """A number from the environment within [low, high] (``default`` when unset), or a ConfigurationError naming
    the setting and what it must be."""
    value = env.get(name)
    if value is None or value == "":
        return default
    try:
        number = parse(value)
    except ValueError as error:
        raise ConfigurationError(f"{name} must be {what}, not {value!r}") from error
    if not low <= number <= high:
        raise ConfigurationError(f"{name} must be between {low:g} and {high:g} {unit}")
    return number


def _seconds(env, name: str, default: float, minimum: float = 0.0) -> float:
    return _ranged(env, name, float, "a number of seconds", minimum, 86400, "seconds", default)


def _pool_size(env) -> int | None:
    """``DATABASE_POOL_SIZE``: connections each process keeps open (SQLAlchemy's default, 5, when unset). A
    threaded server (gunicorn ``--threads N``) should keep N: with fewer, connections beyond them are closed when
    returned and opened again at the next busy moment (a new PostgreSQL backend each time)."""
    return _ranged(env, "DATABASE_POOL_SIZE", int, "a whole number of connections", 1, 100, "connections")


# The interface languages (translations/): every tenant's languages are drawn from these.
LANGUAGES = ("en", "sv", "fi")

# The packages that plug themselves in (each has a ``domain.py``: service.domains), by name: the app factory
# imports them, so no central module imports every domain. Page blueprints are registered in this order.
DOMAINS = [
    "service.platform",
    "service.exchange",
    "service.accounts",
    "service.programmes",
    "service.audit_trail",
    "service.security_events",
    "service.calls",
    "service.organisations",
    "service.applications",
    "service.assessment",
    "service.decisions",
    "service.work_queue",
    "service.projects",
    "service.claims",
    "service.lump_sums",
    "service.participants",
    "service.reports",
    "service.overview",
    "service.waiting",
    "service.notifications",
    "service.statistics",
    "service.publication",
    "service.portfolio",
    "service.transmissions",
    "service.consolidated",
    "service.catalogue",
    "service.classification",
    "service.idempotency",
]


def load(overrides: dict | None = None) -> dict:
    env = os.environ
    amif_env = env.get("AMIF_ENV", "development")
    production = amif_env == "production"
    instance = Path(env.get("AMIF_INSTANCE_DIR", ROOT / "instance"))
    database_url = env.get("DATABASE_URL") or ""
    secret = env.get("SECRET_KEY") or ""
    if production and not secret:
        raise ConfigurationError("SECRET_KEY must be set when AMIF_ENV=production")
    if production and not database_url:
        raise ConfigurationError("DATABASE_URL must be set when AMIF_ENV=production")
    if not database_url:
        database_url = f"sqlite:///{instance / 'amif.sqlite'}"
    redis_url = env.get("REDIS_URL") or ""
    config = {
        "AMIF_ENV": amif_env,
        "SECRET_KEY": secret or "development-only-not-secret",
        "SQLALCHEMY_DATABASE_URI": _psycopg(database_url),
        "MIGRATION_DATABASE_URL": _psycopg(env.get("MIGRATION_DATABASE_URL") or database_url),
        "AMIF_APP_DB_ROLE": env.get("AMIF_APP_DB_ROLE", "amif_app"),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "DATABASE_POOL_SIZE": _pool_size(env),
        "REDIS_URL": redis_url,
        "AMIF_QUEUE_PREFIX": env.get("AMIF_QUEUE_PREFIX", "amif"),
        "AMIF_QUEUES": [q.strip() for q in env.get("AMIF_QUEUES", "default,mail,reports").split(",") if q.strip()],
        "AMIF_TENANTS_DIR": env.get("AMIF_TENANTS_DIR", str(ROOT / "tenants")),
        "AMIF_INSTANCE_DIR": str(instance),
        "AMIF_OUTBOX_DIR": env.get("AMIF_OUTBOX_DIR", str(instance / "outbox")),
        "SMTP_HOST": env.get("SMTP_HOST", ""),
        "SMTP_PORT": int(env.get("SMTP_PORT", "587")),
        "SMTP_USERNAME": env.get("SMTP_USERNAME", ""),
        "SMTP_PASSWORD": env.get("SMTP_PASSWORD", ""),
        "SMTP_FROM": env.get("SMTP_FROM", "AMIF Hub <no-reply@amif-hub.invalid>"),
        "SMTP_STARTTLS": _bool(env.get("SMTP_STARTTLS"), True),
        # Sessions: 30 idle minutes, 12 hours at most (enforced server-side in accounts.sessions).
        "SESSION_IDLE_TIMEOUT": timedelta(minutes=30),
        "SESSION_ABSOLUTE_TIMEOUT": timedelta(hours=12),
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=12),
        "SESSION_COOKIE_NAME": "amif_session",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _bool(env.get("SESSION_COOKIE_SECURE"), production),
        "REMEMBER_COOKIE_DURATION": timedelta(seconds=0),
        "PREFERRED_URL_SCHEME": env.get("PREFERRED_URL_SCHEME", "https" if production else "http"),
        "MAX_CONTENT_LENGTH": 20 * 1024 * 1024,
        "WTF_CSRF_TIME_LIMIT": None,  # bound to the session, which expires on its own
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        "RATELIMIT_HEADERS_ENABLED": True,
        # Redis down or frozen must not fail a sign-in: count in memory meanwhile, and never wait long.
        "RATELIMIT_SWALLOW_ERRORS": True,
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_STORAGE_OPTIONS": {"socket_timeout": 1, "socket_connect_timeout": 1},
        "AMIF_LOGIN_RATE_LIMIT": env.get("AMIF_LOGIN_RATE_LIMIT", "10 per minute"),
        # Password reset links asked for one address (whatever the IP): no mail bombing, no guessing by volume.
        "AMIF_RESET_ADDRESS_RATE_LIMIT": env.get("AMIF_RESET_ADDRESS_RATE_LIMIT", "5 per hour"),
        "BABEL_TRANSLATION_DIRECTORIES": str(ROOT / "translations"),
        "BABEL_DEFAULT_LOCALE": "en",
        "BABEL_DEFAULT_TIMEZONE": "UTC",
        "AMIF_RUN_JOBS_IN_PROCESS": not redis_url,
        # Jobs (service.jobs): handing a committed job to Redis waits at most this long, then pauses for
        # AMIF_HANDOFF_PAUSE seconds; the sweeper runs every AMIF_SWEEP_INTERVAL seconds and leaves runs
        # younger than AMIF_SWEEP_GRACE to the fast path; a running job's lease lasts AMIF_JOB_LEASE_SECONDS
        # (extended while it works). A killed job runs again within lease + sweep interval (35 s; at most 2 min).
        "AMIF_HANDOFF_TIMEOUT": _seconds(env, "AMIF_HANDOFF_TIMEOUT", 1.0, minimum=0.05),
        "AMIF_HANDOFF_PAUSE": _seconds(env, "AMIF_HANDOFF_PAUSE", 5.0),
        "AMIF_SWEEP_INTERVAL": _seconds(env, "AMIF_SWEEP_INTERVAL", 5.0, minimum=0.1),
        "AMIF_SWEEP_GRACE": _seconds(env, "AMIF_SWEEP_GRACE", 5.0),
        # The heartbeat renews the lease every third of it: a lease under a second would release live jobs.
        "AMIF_JOB_LEASE_SECONDS": _seconds(env, "AMIF_JOB_LEASE_SECONDS", 30.0, minimum=1.0),
        # An outage of the database answers 503 with this Retry-After (seconds).
        "AMIF_RETRY_AFTER": int(_seconds(env, "AMIF_RETRY_AFTER", 10, minimum=1)),
        "LOG_LEVEL": env.get("LOG_LEVEL", "INFO"),
        "DOMAINS": list(DOMAINS),
        "AMIF_BASE_URL": env.get("AMIF_BASE_URL", "http://127.0.0.1:" + env.get("PORT", "5000")).rstrip("/"),
    }
    if overrides:
        config.update(overrides)
    if config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        # A database that cannot be reached fails a request within seconds (503), not after TCP's minutes: a
        # connection attempt gives up after 5 s, and an open connection to a host that has gone (no TCP
        # answer) after about 30 s. A frozen server process whose kernel still answers is not detected.
        options = config["SQLALCHEMY_ENGINE_OPTIONS"] = dict(config["SQLALCHEMY_ENGINE_OPTIONS"])
        options.setdefault(
            "connect_args",
            {
                "connect_timeout": 5,
                "keepalives": 1,
                "keepalives_idle": 10,
                "keepalives_interval": 5,
                "keepalives_count": 3,
                "tcp_user_timeout": 30000,  # milliseconds
            },
        )
        from service.cursors import Cursor

        # psycopg's cursor, its description made as it is read (service.cursors): CPU the deadline peak needs.
        options["connect_args"] = {**options["connect_args"], "cursor_factory": Cursor}
        if config["DATABASE_POOL_SIZE"]:
            options["pool_size"] = config["DATABASE_POOL_SIZE"]
    return config


def _psycopg(url: str) -> str:
    """Use psycopg 3 for PostgreSQL URLs given in the common ``postgresql://`` form."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url
