"""The JSON API under /api/v1: errors, authentication by Bearer token, OpenAPI."""
