"""Disclosure fixtures: a clean throttle, the seeded policy and calendar."""

from __future__ import annotations

import importlib
from collections.abc import Iterator

import pytest

from catalogue import policy
from credit_platform import throttling
from disclosure.models import CalendarDay


@pytest.fixture(autouse=True)
def _fresh_throttle() -> Iterator[None]:
    # The test client always comes from 127.0.0.1; each test starts with a full allowance.
    throttling.reset("127.0.0.1")
    yield
    throttling.reset("127.0.0.1")


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
