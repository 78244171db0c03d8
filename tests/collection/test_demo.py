"""Demo data: collection adds submissions only when a published catalogue exists, once."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from catalogue.policy import ensure_seeded
from collection.models import Submission
from credit_platform.models import Agency
from tests.collection.factories import penalty_item

pytestmark = pytest.mark.django_db


def test_load_demo_works_without_a_catalogue() -> None:
    call_command("load_demo", verbosity=0)
    assert not Submission.objects.exists()


def test_load_demo_submits_once_for_a_published_item() -> None:
    ensure_seeded()
    call_command("load_demo", verbosity=0)
    penalty_item(Agency.objects.get(code="hk-samr"))
    call_command("load_demo", verbosity=0)
    call_command("load_demo", verbosity=0)
    submission = Submission.objects.get()
    assert submission.total_rows == 5 and submission.agency.code == "hk-samr"
