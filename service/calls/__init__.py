"""Calls for proposals: what a managing authority publishes and organisations apply to."""
