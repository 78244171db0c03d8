"""Self-disclosure: structured fields per category, attachments, hiding, withdrawal."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from commitments import services
from commitments.models import SelfDisclosure
from commitments.selectors import public_self_disclosures
from credit_platform.services import ServiceError
from tests.commitments.conftest import World
from tests.commitments.factories import PNG, pdf
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

WELFARE = {"kind": "donation", "date": "2026-03-01", "description": "捐建图书室", "amount": "5"}


def publish(world: World, **overrides: Any) -> SelfDisclosure:
    arguments: dict[str, Any] = {
        "actor": world.representative,
        "subject": world.subject,
        "category": "social_welfare",
        "title": "捐赠乡村图书室",
        "payload": WELFARE,
        "authenticity_confirmed": True,
    }
    arguments.update(overrides)
    return services.self_disclosure_publish(**arguments)


def test_representative_publishes_and_it_is_public(world: World) -> None:
    disclosure = publish(world)
    assert disclosure.payload["kind"] == "donation"
    assert list(public_self_disclosures(world.subject)) == [disclosure]


def test_publication_needs_the_authenticity_commitment(world: World) -> None:
    with pytest.raises(ServiceError, match="authenticity"):
        publish(world, authenticity_confirmed=False)


def test_non_representative_cannot_publish(world: World) -> None:
    with pytest.raises(ServiceError):
        publish(world, actor=world.personas.public)


def test_payload_is_validated_per_category_naming_the_field(world: World) -> None:
    with pytest.raises(ServiceError, match="established_on"):
        publish(
            world,
            category="registration",
            payload={"registered_address": "海口", "established_on": "31/02/2020"},
        )


def test_hidden_donation_is_not_on_the_public_profile(world: World) -> None:
    publish(world, hidden=True)
    assert not public_self_disclosures(world.subject).exists()


def test_only_awards_and_donations_may_be_hidden(world: World) -> None:
    payload = {
        "counterparty": "某公司",
        "contract_subject": "供货",
        "performance": "按期履行",
    }
    with pytest.raises(ServiceError, match="awards"):
        publish(world, category="contract_performance", payload=payload, hidden=True)


def test_database_refuses_hiding_other_information(world: World) -> None:
    disclosure = publish(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        SelfDisclosure.objects.filter(pk=disclosure.pk).update(category="registration", hidden=True)


def test_withdrawal_takes_it_off_the_profile_once(world: World) -> None:
    disclosure = publish(world)
    services.self_disclosure_withdraw(actor=world.representative, disclosure=disclosure)
    assert not public_self_disclosures(world.subject).exists()
    with pytest.raises(ServiceError):
        services.self_disclosure_withdraw(actor=world.representative, disclosure=disclosure)


def test_wrong_attachment_type_is_refused(world: World) -> None:
    exe = SimpleUploadedFile("report.pdf", b"MZ\x90\x00", "application/pdf")
    with pytest.raises(ServiceError, match=r"report.pdf"):
        publish(world, files=[exe])
    assert not SelfDisclosure.objects.exists()


def test_attachment_download_follows_visibility(world: World) -> None:
    disclosure = publish(world, files=[pdf("proof.pdf")])
    url = f"/commitments/attachments/{disclosure.attachments.get().pk}/"
    assert client_for(None).get(url).status_code == 200
    services.self_disclosure_withdraw(actor=world.representative, disclosure=disclosure)
    assert client_for(None).get(url).status_code == 404
    assert client_for(world.personas.submitter_a).get(url).status_code == 404
    assert client_for(world.representative).get(url).status_code == 200


def test_publish_page_with_an_attachment(world: World) -> None:
    response = client_for(world.representative).post(
        f"/commitments/subjects/{world.subject.pk}/disclose/?category=social_welfare",
        {
            "title": "荣获诚信企业称号",
            "f_kind": "award",
            "f_date": "2026-01-05",
            "f_description": "省级诚信示范企业",
            "attachments": [SimpleUploadedFile("award.png", PNG, "image/png")],
            "authenticity": "on",
        },
    )
    assert response.status_code == 302
    disclosure = SelfDisclosure.objects.get()
    assert disclosure.attachments.get().content_type == "image/png"


def test_profile_section_lists_public_self_disclosures(world: World) -> None:
    publish(world)
    publish(world, title="隐藏的捐赠", hidden=True)
    page = client_for(None).get(f"/commitments/subjects/{world.subject.pk}/").content.decode()
    assert "捐赠乡村图书室" in page
    assert "隐藏的捐赠" not in page


def test_representative_hides_and_shows_a_donation(world: World) -> None:
    disclosure = publish(world)
    services.self_disclosure_set_hidden(
        actor=world.representative, disclosure=disclosure, hidden=True
    )
    assert not public_self_disclosures(world.subject).exists()
    services.self_disclosure_set_hidden(
        actor=world.representative, disclosure=disclosure, hidden=False
    )
    assert public_self_disclosures(world.subject).exists()


def test_contract_information_cannot_be_hidden_later(world: World) -> None:
    disclosure = publish(
        world,
        category="contract_performance",
        payload={"counterparty": "某公司", "contract_subject": "供货", "performance": "按期"},
    )
    with pytest.raises(ServiceError, match="awards"):
        services.self_disclosure_set_hidden(
            actor=world.representative, disclosure=disclosure, hidden=True
        )


def test_others_cannot_hide_a_donation(world: World) -> None:
    disclosure = publish(world)
    with pytest.raises(ServiceError):
        services.self_disclosure_set_hidden(
            actor=world.personas.admin, disclosure=disclosure, hidden=True
        )


def test_a_withdrawn_disclosure_cannot_be_hidden_or_shown(world: World) -> None:
    disclosure = publish(world)
    services.self_disclosure_withdraw(actor=world.representative, disclosure=disclosure)
    with pytest.raises(ServiceError, match="already withdrawn"):
        services.self_disclosure_set_hidden(
            actor=world.representative, disclosure=disclosure, hidden=True
        )
    disclosure.refresh_from_db()
    assert disclosure.hidden is False
