"""Shared reference data: the common indicator catalogue and the specific objectives."""
