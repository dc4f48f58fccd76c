"""Applications to calls: drafts, budgets, attachments, submission snapshots and supplements."""
