"""Idempotency keys: a retried request with the same key answers what the first one answered."""
