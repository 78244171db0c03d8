"""The demo shows every role something to do: records on display, a representative with a
commitment and a self-disclosure, an open objection waiting for the first check."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from collection.models import CreditRecord
from commitments.models import Commitment, SelfDisclosure
from credit_platform.demo import DEMO_REPRESENTED
from credit_platform.models import Representation, Subject
from disclosure.demo import OBJECTED
from disclosure.models import Objection

pytestmark = pytest.mark.django_db


def test_demo_cases_are_there_once_and_visible(client: Client) -> None:
    call_command("load_demo", verbosity=0)
    call_command("load_demo", verbosity=0)
    # Validated while loading, not left for the worker.
    assert CreditRecord.objects.filter(status=CreditRecord.Status.ACTIVE).count() >= 10
    company = Subject.objects.get(uscc=DEMO_REPRESENTED)
    assert Representation.objects.get(user__username="company").status == "verified"
    assert Commitment.objects.get(subject=company).status == Commitment.Status.ACTIVE
    assert SelfDisclosure.objects.filter(subject=company).count() == 1
    objection = Objection.objects.get()
    assert objection.status == Objection.Status.FIRST_CHECK
    assert objection.record.subject.uscc == OBJECTED and objection.record.under_objection

    profile = client.get(f"/subjects/{company.pk}/").content.decode()
    assert "食品经营许可告知承诺书" in profile and "2026年抗台风救灾捐赠" in profile
    objected = Subject.objects.get(uscc=OBJECTED)
    assert (
        "under objection"
        in client.get(f"/subjects/{objected.pk}/", HTTP_ACCEPT_LANGUAGE="en")
        .content.decode()
        .lower()
    )
