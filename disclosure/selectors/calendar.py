"""Working days: the calendar of public holidays and make-up working days."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.utils import timezone

from credit_platform.models import Representation, User
from disclosure.models import CalendarDay

# --- Working days ---------------------------------------------------------------------------


def _exceptions(first: datetime.date, last: datetime.date) -> dict[datetime.date, str]:
    rows = CalendarDay.objects.filter(date__range=(first, last)).values_list("date", "kind")
    return dict(rows)


def _is_working(day: datetime.date, exceptions: dict[datetime.date, str]) -> bool:
    kind = exceptions.get(day)
    if kind is not None:
        return kind == CalendarDay.Kind.MAKEUP_WORKDAY
    return day.weekday() < 5


def is_working_day(day: datetime.date) -> bool:
    return _is_working(day, _exceptions(day, day))


def add_working_days(start: datetime.date, n: int) -> datetime.date:
    """The day on which ``n`` working days after ``start`` have passed (``start`` not counted).

    A deadline of 2 working days from an objection accepted on ``start`` ends on this day.
    """
    if n < 0:
        raise ValueError("n must not be negative")
    # A window wide enough for weekends and the longest holidays, widened if ever too short.
    span = n * 2 + 30
    while True:
        exceptions = _exceptions(start, start + datetime.timedelta(days=span))
        day, left = start, n
        for _step in range(span):
            if left == 0:
                return day
            day += datetime.timedelta(days=1)
            if _is_working(day, exceptions):
                left -= 1
        if left == 0:
            return day
        span *= 2


def working_days_between(a: datetime.date, b: datetime.date) -> int:
    """Working days ``d`` with ``a < d <= b``; negative when ``b`` is before ``a``."""
    if b < a:
        return -working_days_between(b, a)
    exceptions = _exceptions(a, b)
    return sum(
        _is_working(a + datetime.timedelta(days=i), exceptions) for i in range(1, (b - a).days + 1)
    )


def working_days_until(deadline: datetime.date) -> int:
    """Working days left from today to ``deadline``; negative once it has passed."""
    return working_days_between(timezone.localdate(), deadline)


def calendar_days_in_year(year: int) -> QuerySet[CalendarDay]:
    return CalendarDay.objects.filter(date__year=year).order_by("date")


def calendar_years() -> list[int]:
    years = {d.year for d in CalendarDay.objects.dates("date", "year")}
    years.add(timezone.localdate().year)
    return sorted(years)


def representations_of(user: User) -> QuerySet[Representation]:
    return Representation.objects.filter(
        user=user, status=Representation.Status.VERIFIED
    ).select_related("subject")
