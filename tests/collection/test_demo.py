"""Demo data: one demo submission per item the demo submitter's agency provides, once."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from collection.models import Submission
from collection.selectors import submittable_items
from credit_platform.models import User

pytestmark = pytest.mark.django_db


def test_load_demo_submits_once_per_item_of_the_demo_agency() -> None:
    call_command("load_demo", verbosity=0)
    call_command("load_demo", verbosity=0)
    submitter = User.objects.get(username="submitter")
    expected = min(submittable_items(submitter).count(), 3)
    assert expected > 0
    assert Submission.objects.filter(submitter=submitter).count() == expected
    assert {s.agency.code for s in Submission.objects.all()} == {"hk-samr"}
