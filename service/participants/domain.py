"""The participant register plugs itself in: its models (its pages, API and jobs come with issue 13)."""

from service.domains import Domain
from service.participants import models

DOMAIN = Domain(name="participants", models=(models,))
