"""The notification centre page: what was sent to me, in my language, and whether the e-mail went out.
Opening the page marks the notifications read."""

from __future__ import annotations

from flask import render_template
from flask_babel import get_locale
from flask_login import current_user

from service.accounts.tasks import tenant_url
from service.notifications.kinds import label, render
from service.notifications.operations import mark_read, notifications_for
from service.tenancy.current import current_tenant


def centre():
    notifications = notifications_for(current_user)
    language = str(get_locale())
    items = []
    for notification in notifications:
        text = render(notification.kind, notification.params, current_tenant(), language)
        items.append(
            {
                "notification": notification,
                "kind": label(notification.kind),
                "text": text,
                "link": tenant_url(current_tenant(), text.path),
                "unread": notification.read_at is None,
            }
        )
    page = render_template("notifications/centre.html", items=items)
    mark_read(notifications)
    return page
