"""The Commission's consolidated export: every tenant's latest frozen transmission and portfolio in one file."""
