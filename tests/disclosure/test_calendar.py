"""Working days: weekends, 2026 public holidays and make-up working days, and the admin page."""

from __future__ import annotations

import datetime
import importlib

import pytest
import time_machine

from credit_platform.services import ServiceError
from disclosure.models import CalendarDay
from disclosure.selectors import (
    add_working_days,
    is_working_day,
    working_days_between,
    working_days_until,
)
from disclosure.services import calendar_day_add
from tests.conftest import Personas, client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("calendar_2026")]
D = datetime.date


def test_seed_holds_the_state_council_arrangement_for_2026() -> None:
    seed = importlib.import_module("disclosure.migrations.0003_seed_calendar_2026")
    days = {date: kind for date, kind, _zh, _en in seed.days_2026()}
    assert sum(kind == "holiday" for kind in days.values()) == 33
    makeup = sorted(date for date, kind in days.items() if kind == "makeup_workday")
    assert [d.isoformat() for d in makeup] == [
        "2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"
    ]  # fmt: skip


def test_weekend_is_skipped() -> None:
    assert add_working_days(D(2026, 3, 6), 1) == D(2026, 3, 9)


def test_spring_festival_is_skipped_and_its_make_up_saturday_counts() -> None:
    assert add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 14)  # Saturday, make-up day
    assert add_working_days(D(2026, 2, 13), 2) == D(2026, 2, 24)  # after the nine-day break


def test_national_day_then_make_up_saturday() -> None:
    assert add_working_days(D(2026, 9, 30), 1) == D(2026, 10, 8)
    assert add_working_days(D(2026, 9, 30), 3) == D(2026, 10, 10)
    assert working_days_between(D(2026, 9, 30), D(2026, 10, 10)) == 3


def test_new_year_make_up_sunday_counts() -> None:
    assert add_working_days(D(2025, 12, 31), 1) == D(2026, 1, 4)
    assert is_working_day(D(2026, 1, 4)) and not is_working_day(D(2026, 1, 2))


def test_zero_days_is_the_start_and_negative_is_refused() -> None:
    assert add_working_days(D(2026, 5, 1), 0) == D(2026, 5, 1)
    with pytest.raises(ValueError):
        add_working_days(D(2026, 5, 1), -1)


def test_between_is_inverse_of_add_across_labour_day() -> None:
    start = D(2026, 4, 30)
    for n in range(0, 12):
        assert working_days_between(start, add_working_days(start, n)) == n
    assert working_days_between(D(2026, 5, 6), D(2026, 4, 30)) == -1


def test_working_days_until_counts_from_today() -> None:
    deadline = add_working_days(D(2026, 9, 30), 2)  # 9 October
    with time_machine.travel(datetime.datetime(2026, 9, 30, 10, 0, tzinfo=datetime.UTC)):
        assert working_days_until(deadline) == 2
    with time_machine.travel(datetime.datetime(2026, 10, 5, 10, 0, tzinfo=datetime.UTC)):
        assert working_days_until(deadline) == 2  # the holiday week does not use the time up
    with time_machine.travel(datetime.datetime(2026, 10, 12, 10, 0, tzinfo=datetime.UTC)):
        assert working_days_until(deadline) == -2  # make-up Saturday 10th and Monday 12th


def test_an_added_holiday_moves_deadlines(personas: Personas) -> None:
    assert add_working_days(D(2027, 3, 1), 1) == D(2027, 3, 2)
    calendar_day_add(
        actor=personas.admin, date=D(2027, 3, 2), kind="holiday", name_zh="测试", name_en="Test"
    )
    assert add_working_days(D(2027, 3, 1), 1) == D(2027, 3, 3)


def test_make_up_day_on_a_weekday_is_refused(personas: Personas) -> None:
    with pytest.raises(ServiceError):
        calendar_day_add(
            actor=personas.admin, date=D(2027, 3, 3), kind="makeup_workday", name_zh="调休"
        )


def test_a_date_already_in_the_calendar_is_refused(personas: Personas) -> None:
    with pytest.raises(ServiceError):
        calendar_day_add(actor=personas.admin, date=D(2026, 10, 1), kind="holiday", name_zh="x")


def test_admin_lists_a_year_adds_and_removes_days(personas: Personas) -> None:
    client = client_for(personas.admin)
    page = client.get("/manage/calendar/?year=2026").content.decode()
    assert "2026-02-14" in page and "春节" in page
    response = client.post(
        "/manage/calendar/",
        {"date": "2027-01-01", "kind": "holiday", "name_zh": "元旦", "name_en": "New Year"},
    )
    assert response.status_code == 302
    day = CalendarDay.objects.get(date=D(2027, 1, 1))
    assert client.post(f"/manage/calendar/{day.pk}/delete/").status_code == 302
    assert not CalendarDay.objects.filter(date=D(2027, 1, 1)).exists()


def test_admin_form_shows_the_refusal(personas: Personas) -> None:
    response = client_for(personas.admin).post(
        "/manage/calendar/", {"date": "2027-03-03", "kind": "makeup_workday", "name_zh": "x"}
    )
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
