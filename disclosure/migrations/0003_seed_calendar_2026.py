"""Seed the 2026 working-day calendar (State Council General Office notice on 2026 holidays)."""

import datetime

from django.db import migrations

HOLIDAYS_2026 = [
    # first day, last day, Chinese name, English name
    ("2026-01-01", "2026-01-03", "元旦", "New Year's Day"),
    ("2026-02-15", "2026-02-23", "春节", "Spring Festival"),
    ("2026-04-04", "2026-04-06", "清明节", "Qingming Festival"),
    ("2026-05-01", "2026-05-05", "劳动节", "Labour Day"),
    ("2026-06-19", "2026-06-21", "端午节", "Dragon Boat Festival"),
    ("2026-09-25", "2026-09-27", "中秋节", "Mid-Autumn Festival"),
    ("2026-10-01", "2026-10-07", "国庆节", "National Day"),
]
MAKEUP_WORKDAYS_2026 = [
    ("2026-01-04", "元旦调休上班", "New Year make-up working day"),
    ("2026-02-14", "春节调休上班", "Spring Festival make-up working day"),
    ("2026-02-28", "春节调休上班", "Spring Festival make-up working day"),
    ("2026-05-09", "劳动节调休上班", "Labour Day make-up working day"),
    ("2026-09-20", "国庆节调休上班", "National Day make-up working day"),
    ("2026-10-10", "国庆节调休上班", "National Day make-up working day"),
]


def days_2026():
    """(date, kind, name_zh, name_en) for every seeded day."""
    rows = []
    for first, last, zh, en in HOLIDAYS_2026:
        day = datetime.date.fromisoformat(first)
        while day <= datetime.date.fromisoformat(last):
            rows.append((day, "holiday", zh, en))
            day += datetime.timedelta(days=1)
    for date, zh, en in MAKEUP_WORKDAYS_2026:
        rows.append((datetime.date.fromisoformat(date), "makeup_workday", zh, en))
    return rows


def seed(apps, schema_editor):
    CalendarDay = apps.get_model("disclosure", "CalendarDay")
    for date, kind, zh, en in days_2026():
        CalendarDay.objects.get_or_create(
            date=date, defaults={"kind": kind, "name_zh": zh, "name_en": en}
        )


def unseed(apps, schema_editor):
    apps.get_model("disclosure", "CalendarDay").objects.filter(
        date__in=[row[0] for row in days_2026()]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("disclosure", "0002_prefix_indexes_and_append_only_inquiry")]

    operations = [migrations.RunPython(seed, unseed)]
