"""The working-day calendar: public holidays and make-up working days."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from credit_platform.models import User
from credit_platform.services import ServiceError, audit_record
from disclosure.models import CalendarDay

# --- The working-day calendar ---------------------------------------------------------------


@transaction.atomic
def calendar_day_add(
    *, actor: User, date: datetime.date, kind: str, name_zh: str, name_en: str = ""
) -> CalendarDay:
    """Mark a day as a public holiday or a make-up working day."""
    if kind not in CalendarDay.Kind.values:
        raise ServiceError(_("Unknown kind of day."))
    if kind == CalendarDay.Kind.MAKEUP_WORKDAY and date.weekday() < 5:
        raise ServiceError(_("A make-up working day falls on a Saturday or Sunday."))
    if CalendarDay.objects.filter(date=date).exists():
        raise ServiceError(_("%s is already in the calendar; remove it first.") % date.isoformat())
    day = CalendarDay.objects.create(
        date=date, kind=kind, name_zh=name_zh.strip(), name_en=name_en.strip()
    )
    audit_record(
        actor=actor, action="calendar.add", target=day, detail={"date": str(date), "kind": kind}
    )
    return day


@transaction.atomic
def calendar_day_remove(*, actor: User, day: CalendarDay) -> None:
    """Remove a day from the calendar (it becomes an ordinary weekday or weekend day)."""
    audit_record(
        actor=actor,
        action="calendar.remove",
        target=day,
        detail={"date": str(day.date), "kind": day.kind},
    )
    day.delete()
