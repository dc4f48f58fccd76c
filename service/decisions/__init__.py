"""Decisions on applications: grants and rejections, prepared by one person and approved by another,
with the decision letter in the application's language."""
