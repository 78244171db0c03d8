"""Objection reads: who may see a case, the queues, and what is overdue."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from catalogue.models import CatalogueItem
from collection.models import CreditRecord
from credit_platform.models import Role
from disclosure.models import Objection, RepairApplication
from disclosure.selectors.access import is_government_staff, is_verified_representative


def may_see_record(user: Any, record: CreditRecord) -> bool:
    """Whether ``user`` may see the record on a filing page (ids are guessable).

    The public sees public items of organisations; a natural person's records and the
    items of authorised inquiry or government sharing only their subject's representatives,
    agency staff and platform admins (REFERENCE.md section 1).
    """
    public = record.item.disclosure_level == CatalogueItem.DisclosureLevel.PUBLIC
    if public and not record.subject.is_natural_person:
        return True
    if user.has_role(Role.PLATFORM_ADMIN) or is_government_staff(user):
        return True
    return is_verified_representative(user=user, subject=record.subject)


def record_for_objection(*, record_id: int, user: Any) -> CreditRecord:
    """A record on display that ``user`` may see and so object to; else 404."""
    record = (
        CreditRecord.objects.select_related("subject", "item", "agency")
        .filter(pk=record_id, status=CreditRecord.Status.ACTIVE)
        .first()
    )
    if record is None or not may_see_record(user, record):
        raise Http404
    return record


def objections_visible_to(user: Any) -> QuerySet[Objection]:
    """Cases a user may open: their own, their agency's, every case for a platform admin."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Objection.objects.none()
    queryset = Objection.objects.select_related("record__item", "record__subject", "agency")
    if user.has_role(Role.PLATFORM_ADMIN):
        return queryset
    if user.agency_id is not None:
        return queryset.filter(agency_id=user.agency_id) | queryset.filter(applicant=user)
    return queryset.filter(applicant=user)


def objection_for_user(*, pk: int, user: Any) -> Objection:
    found = objections_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def may_first_check(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.has_role(Role.PLATFORM_ADMIN))


def may_decide_objection(user: Any, objection: Objection) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.agency_id == objection.agency_id
        and user.has_role(Role.AGENCY_REVIEWER)
    )


def first_check_queue() -> QuerySet[Objection]:
    """Objections awaiting the platform's first check, oldest deadline first."""
    return Objection.objects.filter(status=Objection.Status.FIRST_CHECK).order_by(
        "first_check_due", "id"
    )


def objection_queue(*, agency_id: int) -> QuerySet[Objection]:
    """An agency's objections to decide, oldest deadline first."""
    return Objection.objects.filter(agency_id=agency_id, status=Objection.Status.AGENCY).order_by(
        "decision_due", "id"
    )


def open_objection_exists(*, record_id: int, exclude_pk: int | None = None) -> bool:
    queryset = Objection.objects.filter(record_id=record_id, status__in=Objection.OPEN)
    if exclude_pk is not None:
        queryset = queryset.exclude(pk=exclude_pk)
    return queryset.exists()


@dataclass(frozen=True)
class CaseCounts:
    """Open and overdue cases for a dashboard card."""

    first_check: int = 0
    first_check_overdue: int = 0
    objections: int = 0
    objections_overdue: int = 0
    repairs: int = 0
    repairs_overdue: int = 0
    repair_checks: int = 0
    repair_checks_overdue: int = 0

    @property
    def overdue(self) -> int:
        return (
            self.first_check_overdue
            + self.objections_overdue
            + self.repairs_overdue
            + self.repair_checks_overdue
        )


def _counts(queryset: QuerySet[Any], due_field: str, today: datetime.date) -> tuple[int, int]:
    return queryset.count(), queryset.filter(**{f"{due_field}__lt": today}).count()


def case_counts(*, user: Any, today: datetime.date | None = None) -> CaseCounts:
    """What a platform admin (every stage) or an agency's staff (their cases) has open."""
    today = today or timezone.localdate()
    if not getattr(user, "is_authenticated", False):
        return CaseCounts()
    agencies = Objection.objects.filter(status=Objection.Status.AGENCY)
    repairs = RepairApplication.objects.filter(status=RepairApplication.Status.PENDING)
    first = checks = (0, 0)
    if user.has_role(Role.PLATFORM_ADMIN):
        first = _counts(first_check_queue(), "first_check_due", today)
        platform = RepairApplication.objects.filter(status=RepairApplication.Status.PLATFORM)
        checks = _counts(platform, "platform_due", today)
    elif user.agency_id is not None:
        agencies = agencies.filter(agency_id=user.agency_id)
        repairs = repairs.filter(agency_id=user.agency_id)
    else:
        return CaseCounts()
    objections = _counts(agencies, "decision_due", today)
    pending = _counts(repairs, "decision_due", today)
    return CaseCounts(*first, *objections, *pending, *checks)


def is_overdue(due: datetime.date | None, today: datetime.date | None = None) -> bool:
    return due is not None and due < (today or timezone.localdate())


def cases_of_applicant(user: Any) -> tuple[QuerySet[Objection], QuerySet[RepairApplication]]:
    """The objections and repair applications a user filed, newest first."""
    objections = Objection.objects.filter(applicant=user).select_related("record__item")
    repairs = RepairApplication.objects.filter(applicant=user).select_related(
        "record__item", "subject"
    )
    return objections.order_by("-filed_at", "-id"), repairs.order_by("-filed_at", "-id")
