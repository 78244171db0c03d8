"""The subject profile of the disclosure app shows commitments and self-disclosures."""

from __future__ import annotations

import pytest
from django.test import Client

from commitments import services
from tests.commitments.conftest import World
from tests.commitments.factories import sign

pytestmark = pytest.mark.django_db


def english() -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    return client


def test_profile_shows_a_signed_commitment_at_once(world: World) -> None:
    commitment = sign(world.representative, world.subject, world.template)
    page = english().get(f"/subjects/{world.subject.uscc}/").content.decode()
    assert f"/commitments/{commitment.pk}/" in page
    assert "Notify-and-commit letter" in page


def test_profile_shows_breached_after_the_agency_decides(world: World) -> None:
    commitment = sign(world.representative, world.subject, world.template)
    services.commitment_breach(actor=world.personas.submitter_a, commitment=commitment, reason="x")
    page = english().get(f"/subjects/{world.subject.uscc}/").content.decode()
    assert 'data-status="breached"' in page


def test_profile_marks_self_disclosed_information(world: World) -> None:
    services.self_disclosure_publish(
        actor=world.representative,
        subject=world.subject,
        category="registration",
        title="企业登记信息",
        payload={
            "registered_address": "海口市",
            "established_on": "2010-01-01",
            "business_scope": "食品销售",
        },
        authenticity_confirmed=True,
    )
    page = english().get(f"/subjects/{world.subject.uscc}/").content.decode()
    assert "企业登记信息" in page and "Self-disclosed" in page
