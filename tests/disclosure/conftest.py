"""Disclosure fixtures: the seeded policy and calendar."""

from __future__ import annotations

import importlib

import pytest

from catalogue import policy
from disclosure.models import CalendarDay


@pytest.fixture
def seeded_policy(db: None) -> None:
    policy.ensure_seeded()


@pytest.fixture
def calendar_2026(db: None) -> None:
    """The seed migration's 2026 days (a transactional test elsewhere may have flushed them)."""
    seed = importlib.import_module("disclosure.migrations.0003_seed_calendar_2026")
    for date, kind, zh, en in seed.days_2026():
        CalendarDay.objects.get_or_create(
            date=date, defaults={"kind": kind, "name_zh": zh, "name_en": en}
        )
