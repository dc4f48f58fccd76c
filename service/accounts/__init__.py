"""People: tenant users, platform users, roles, sign-in, sessions, API tokens, two-factor."""
