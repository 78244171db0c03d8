"""When credit repair may first be asked for a record (REFERENCE.md sections 1 and 4)."""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Mapping

from catalogue import policy
from collection.models import CreditRecord

FROM_DECISION_DATE = "disclosure_from_decision_date"


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last))


def repair_periods() -> dict[str, int]:
    """Minimum months of display before repair, by disclosure class; minor has none.

    The counting rule (policy ``disclosure_from_decision_date``) rides along under its own key,
    so a page of records reads the policy table once, not once per record.
    """
    return {
        "general": policy.value("general_min_months"),
        "serious": policy.value("serious_min_months"),
        FROM_DECISION_DATE: policy.value(FROM_DECISION_DATE),
    }


def repair_opens_on(record: CreditRecord, periods: Mapping[str, int]) -> datetime.date | None:
    """The first day repair may be asked: the period start plus the class's minimum months."""
    months = periods.get(record.disclosure_class)
    if months is None or record.disclosure_class == FROM_DECISION_DATE:
        return None
    flag = periods.get(FROM_DECISION_DATE)
    from_decision = policy.value(FROM_DECISION_DATE) if flag is None else flag
    start = record.decision_date if from_decision == 1 and record.decision_date else None
    return _add_months(start or record.published_on, months)
