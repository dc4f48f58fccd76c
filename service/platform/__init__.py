"""Platform-wide work: the landing page, health checks, periodic housekeeping."""
