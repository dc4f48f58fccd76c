"""Assessment of submitted applications: the formal eligibility check, assessors and their
declarations of conflicts of interest, scoring against the call's criteria, consolidation with the
call's rules, and the ranking against the call budget."""
