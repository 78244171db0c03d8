"""Credit repair reads: when a record's repair opens, what still stands in its way, who sees it."""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Mapping
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from catalogue import policy
from collection.models import CreditRecord
from credit_platform.models import Role
from disclosure.models import RepairApplication
from disclosure.selectors.access import is_verified_representative

# A running restriction (licence revoked, business restricted, market ban) is carried in
# the record's payload as its end date; the demo catalogue's penalty item names it
# ``valid_to`` (处罚有效期), other items may use ``restriction_until``.
RESTRICTION_END_FIELDS = ("restriction_until", "valid_to")
# Bankruptcy-fraud information: repairable only after policy ``bankruptcy_fraud_repair_years``.
BANKRUPTCY_FRAUD_ITEMS = frozenset({"bankruptcy-fraud"})
BANKRUPTCY_FRAUD_FLAG = "bankruptcy_fraud"
CLASSES = ("minor", "general", "serious")


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later, or the month's last day when it has no such day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


class RepairPeriods(dict[str, int]):
    """Class -> minimum months, carrying the start-date rule so a page of records reads the
    policy once instead of once per record."""

    from_decision_date: bool | None = None


def repair_periods() -> dict[str, int]:
    """Minimum months of display before repair may be asked, per disclosure class.

    The minor class has no minimum (its display ends by itself within 3 months).
    """
    periods = RepairPeriods(
        general=policy.value("general_min_months"),
        serious=policy.value("serious_min_months"),
    )
    periods.from_decision_date = policy.value("disclosure_from_decision_date") == 1
    return periods


def _period_start(record: CreditRecord, periods: Mapping[str, int] | None = None) -> datetime.date:
    # The 2026 national rules count from publication; older rules from the decision date.
    flag = getattr(periods, "from_decision_date", None)
    if flag is None:
        flag = policy.value("disclosure_from_decision_date") == 1
    if record.decision_date and flag:
        return record.decision_date
    return record.published_on


def repair_opens_on(record: CreditRecord, periods: Mapping[str, int]) -> datetime.date | None:
    """The first day repair of ``record`` may be asked; None when its class has no minimum."""
    months = periods.get(record.disclosure_class) if record.disclosure_class in CLASSES else None
    if months is None:
        return None
    return add_months(_period_start(record, periods), months)


def _payload_date(payload: Any, field: str) -> datetime.date | None:
    value = payload.get(field) if isinstance(payload, dict) else None
    if not isinstance(value, str):
        return None
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        return None


def restriction_ends_on(record: CreditRecord) -> datetime.date | None:
    """The last day of a restriction tied to the record, if it carries one."""
    ends = [d for f in RESTRICTION_END_FIELDS if (d := _payload_date(record.payload, f))]
    return max(ends) if ends else None


def is_bankruptcy_fraud(record: CreditRecord) -> bool:
    flagged = isinstance(record.payload, dict) and bool(record.payload.get(BANKRUPTCY_FRAUD_FLAG))
    return record.item_code in BANKRUPTCY_FRAUD_ITEMS or flagged


def repair_blockers(record: CreditRecord, today: datetime.date | None = None) -> list[str]:
    """Why repair of ``record`` may not be asked today; empty when it may."""
    today = today or timezone.localdate()
    if record.status != CreditRecord.Status.ACTIVE:
        return [_("Only a record that is on display can be repaired.")]
    periods = repair_periods()
    opens = repair_opens_on(record, periods)
    if opens is None:
        return [_("Records of this class cannot be repaired; their display ends by itself.")]
    reasons = []
    if today < opens:
        reasons.append(
            _("Repair opens on %(date)s, after the minimum display period.")
            % {"date": opens.isoformat()}
        )
    restriction = restriction_ends_on(record)
    if restriction is not None and today <= restriction:
        reasons.append(
            _("A restriction tied to this record runs until %(date)s; apply after it ends.")
            % {"date": restriction.isoformat()}
        )
    if is_bankruptcy_fraud(record):
        years = policy.value("bankruptcy_fraud_repair_years")
        fraud_opens = add_months(_period_start(record, periods), 12 * years)
        if today < fraud_opens:
            reasons.append(
                _("Bankruptcy-fraud information can be repaired from %(date)s.")
                % {"date": fraud_opens.isoformat()}
            )
    if RepairApplication.objects.filter(record=record, status__in=RepairApplication.OPEN).exists():
        reasons.append(_("An application for this record is already being decided."))
    return reasons


def record_for_repair(*, record_id: int, user: Any) -> CreditRecord:
    """A record whose repair ``user`` may ask: 404 unless they represent its subject."""
    record = (
        CreditRecord.objects.select_related("subject", "item", "agency")
        .filter(pk=record_id)
        .first()
    )
    if record is None or not is_verified_representative(user=user, subject=record.subject):
        raise Http404
    return record


def repairs_visible_to(user: Any) -> QuerySet[RepairApplication]:
    """Cases a user may open: their own, their agency's, every case for a platform admin."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return RepairApplication.objects.none()
    queryset = RepairApplication.objects.select_related(
        "record__item", "subject", "agency", "applicant"
    )
    if user.has_role(Role.PLATFORM_ADMIN):
        return queryset
    if user.agency_id is not None:
        return queryset.filter(agency_id=user.agency_id) | queryset.filter(applicant=user)
    return queryset.filter(applicant=user)


def repair_for_user(*, pk: int, user: Any) -> RepairApplication:
    found = repairs_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def may_decide_repair(user: Any, application: RepairApplication) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.agency_id == application.agency_id
        and user.has_role(Role.AGENCY_REVIEWER)
    )


def repair_queue(*, agency_id: int) -> QuerySet[RepairApplication]:
    """An agency's applications to decide, oldest deadline first."""
    return (
        RepairApplication.objects.filter(agency_id=agency_id, status="pending")
        .select_related("record__item", "subject", "applicant")
        .order_by("decision_due", "id")
    )


def repair_check_queue() -> QuerySet[RepairApplication]:
    """Applications awaiting the platform's answer, oldest deadline first."""
    return (
        RepairApplication.objects.filter(status=RepairApplication.Status.PLATFORM)
        .select_related("record__item", "subject", "agency", "applicant")
        .order_by("platform_due", "id")
    )
