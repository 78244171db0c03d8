"""Demo data: load_demo publishes the demo catalogue, then collection submits once per item."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from collection.models import Submission
from collection.selectors import submittable_items
from credit_platform.models import User

pytestmark = pytest.mark.django_db


def test_load_demo_submits_for_the_demo_submitters_items() -> None:
    call_command("load_demo", verbosity=0)
    user = User.objects.get(username="submitter")
    codes = set(submittable_items(user).values_list("code", flat=True)[:3])
    submissions = Submission.objects.filter(submitter=user)
    assert codes and set(submissions.values_list("item__code", flat=True)) == codes


def test_load_demo_run_again_submits_nothing_more() -> None:
    call_command("load_demo", verbosity=0)
    before = Submission.objects.count()
    call_command("load_demo", verbosity=0)
    assert Submission.objects.count() == before
