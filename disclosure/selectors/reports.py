"""Reading issued credit reports: who may open one, and verifying a copy."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from django.http import Http404

from disclosure.models import CreditReport, Inquiry
from disclosure.selectors.access import is_verified_representative


def report_by_number(number: str) -> CreditReport | None:
    cleaned = unicodedata.normalize("NFKC", number or "").strip().upper()
    if not cleaned.startswith("CR-"):
        return None
    return CreditReport.objects.filter(number=cleaned).select_related("subject").first()


def report_for_viewer(*, number: str, user: Any) -> CreditReport:
    """A report's full content: public reports to anyone with the number, the subject's own
    report only to the user it was issued to and the subject's representatives (else 404)."""
    report = report_by_number(number)
    if report is None:
        raise Http404
    if report.basis == Inquiry.Basis.PUBLIC:
        return report
    if getattr(user, "is_authenticated", False) and (
        report.issued_to_id == user.pk
        or is_verified_representative(user=user, subject=report.subject)
    ):
        return report
    raise Http404


@dataclass(frozen=True)
class Verification:
    report: CreditReport | None
    pasted_hash: str
    matches: bool | None  # None: no hash pasted


def report_verify(*, number: str, pasted_hash: str = "") -> Verification:
    """Whether the report exists and, when a hash is pasted, whether it is the report's."""
    report = report_by_number(number)
    pasted = pasted_hash.strip().lower()
    matches = None
    if report is not None and pasted:
        matches = pasted == report.content_hash
    return Verification(report=report, pasted_hash=pasted, matches=matches)
