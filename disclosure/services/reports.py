"""Credit reports: issue a numbered snapshot of a subject's records, hashed for verification."""

from __future__ import annotations

import datetime
import hashlib
import json
import secrets
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from credit_platform.identifiers import USCC_ALPHABET
from credit_platform.models import Subject
from credit_platform.services import ServiceError
from disclosure.models import CreditReport, Inquiry
from disclosure.selectors.access import is_verified_representative
from disclosure.selectors.records import RecordGroup, Viewer, records_by_category
from disclosure.services.inquiry import inquiry_record

REPORT_BASES = (Inquiry.Basis.PUBLIC, Inquiry.Basis.OWN)
NUMBER_LENGTH = 8


def report_content_hash(content: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON (sorted keys, no spaces, UTF-8): what a copy must match."""
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _new_number(year: int) -> str:
    """``CR-2026-7K3M9QXA``: guessing a number of someone's report is not practical."""
    tail = "".join(secrets.choice(USCC_ALPHABET) for _ in range(NUMBER_LENGTH))
    return f"CR-{year}-{tail}"


def _date(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def _groups_content(groups: list[RecordGroup]) -> list[dict[str, Any]]:
    return [
        {
            "category": g.category,
            "label": g.label,
            "records": [
                {
                    "id": r.id,
                    "item_code": r.item_code,
                    "item_name": r.item_name,
                    "source_key": r.source_key,
                    "fields": [[label, value] for label, value in r.fields],
                    "decision_date": _date(r.decision_date),
                    "published_on": _date(r.published_on),
                    "display_until": _date(r.display_until),
                    "disclosure_class": r.disclosure_class,
                    "disclosure_class_label": r.disclosure_class_label,
                    "under_objection": r.under_objection,
                }
                for r in g.records
            ],
        }
        for g in groups
    ]


def _content(*, number: str, subject: Subject, basis: str, issued_at: datetime.datetime) -> Any:
    groups = records_by_category(subject=subject, viewer=Viewer(basis=basis))
    return {
        "number": number,
        "issued_at": timezone.localtime(issued_at).isoformat(timespec="seconds"),
        "language": get_language() or "zh-hans",
        "basis": basis,
        "basis_label": str(Inquiry.Basis(basis).label),
        "subject": {
            "id": subject.pk,
            "name": subject.name,
            "uscc": subject.uscc or "",
            "kind": subject.kind,
            "kind_label": str(subject.get_kind_display()),
        },
        "groups": _groups_content(groups),
    }


def _check_basis(*, subject: Subject, basis: str, viewer: Any) -> None:
    if basis not in REPORT_BASES:
        raise ServiceError(_("A credit report is issued to the public or to the subject itself."))
    if basis == Inquiry.Basis.OWN and not is_verified_representative(user=viewer, subject=subject):
        raise ServiceError(_("Only a verified representative receives the subject's own report."))
    if basis == Inquiry.Basis.PUBLIC and subject.is_natural_person:
        raise ServiceError(_("A natural person's credit information is not public."))


@transaction.atomic
def report_issue(
    *, subject: Subject, basis: str, viewer: Any = None, ip: str | None = None
) -> CreditReport:
    """Issue a credit report of ``subject`` on ``basis`` and log it as an inquiry."""
    _check_basis(subject=subject, basis=basis, viewer=viewer)
    issued_at = timezone.now()
    user = viewer if getattr(viewer, "is_authenticated", False) else None
    for _attempt in range(5):
        number = _new_number(timezone.localtime(issued_at).year)
        content = _content(number=number, subject=subject, basis=basis, issued_at=issued_at)
        try:
            # A savepoint, so a clash of random numbers leaves the outer transaction usable.
            with transaction.atomic():
                report = CreditReport.objects.create(
                    number=number,
                    subject=subject,
                    issued_at=issued_at,
                    issued_to=user,
                    basis=basis,
                    content=content,
                    content_hash=report_content_hash(content),
                )
            break
        except IntegrityError:
            continue
    else:
        raise ServiceError(_("No report number could be assigned; please try again."))
    inquiry_record(
        subject=subject,
        basis=basis,
        what=Inquiry.What.REPORT,
        viewer=viewer,
        ip=ip,
        detail={"report": report.number},
    )
    return report
