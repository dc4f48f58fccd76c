"""Background jobs: their recorded runs (status visible to users)."""
