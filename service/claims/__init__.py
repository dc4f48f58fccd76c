"""Payment claims: what a beneficiary spent, the MA's verification, payments, recoveries and the ledger."""
