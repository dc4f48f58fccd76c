"""Notifications plug themselves in: the notification centre, delivery by e-mail, and the unread count in the
menu. The kinds are the other domains' (``Domain.notifications``)."""

from service.domains import Domain
from service.notifications import models, tasks
from service.notifications.blueprint import blueprint
from service.notifications.operations import unread_for_current_user


def _setup(app) -> None:
    app.jinja_env.globals["unread_notifications"] = unread_for_current_user


DOMAIN = Domain(name="notifications", models=(models,), blueprints=(blueprint,), jobs=(tasks.deliver,), setup=_setup)
