"""Charts drawn on the server as accessible SVG, without JavaScript: :func:`bar_chart` (grouped horizontal
bars) gives a ``<figure>`` with the chart and its data as a table beside it. Templates call it as the Jinja
global ``bar_chart`` (:func:`register`)."""

from service.charts.bars import bar_chart


def register(app) -> None:
    app.jinja_env.globals["bar_chart"] = bar_chart


__all__ = ["bar_chart", "register"]
