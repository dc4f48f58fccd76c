"""The claims domain's tables: claims and their lines, the MA's verification, payments and recoveries, and the
ledger every cumulative figure is derived from."""

from service.claims.models.claim import Claim, ClaimEvidence, ClaimLine, ClaimSubmission
from service.claims.models.ledger import LedgerConversion, LedgerEntry
from service.claims.models.payment import Payment, Recovery
from service.claims.models.verification import ChecklistAnswer, LineCheck, OnTheSpotCheck, Sample

__all__ = [
    "ChecklistAnswer",
    "Claim",
    "ClaimEvidence",
    "ClaimLine",
    "ClaimSubmission",
    "LedgerConversion",
    "LedgerEntry",
    "LineCheck",
    "OnTheSpotCheck",
    "Payment",
    "Recovery",
    "Sample",
]
