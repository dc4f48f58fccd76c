"""Imports every domain's tasks so their jobs are registered in web processes and workers alike."""


def load_all() -> None:
    import service.accounts.tasks  # noqa: F401
    import service.decisions.tasks  # noqa: F401
    import service.idempotency.tasks  # noqa: F401
    import service.notifications.reminders  # noqa: F401
    import service.notifications.tasks  # noqa: F401
    import service.organisations.tasks  # noqa: F401
    import service.platform.tasks  # noqa: F401
