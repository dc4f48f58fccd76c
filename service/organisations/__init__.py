"""Applicant organisations, their members and invitations."""
