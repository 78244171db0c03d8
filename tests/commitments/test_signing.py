"""Signing: the representative's signature, eligibility, the kept text and its hash."""

from __future__ import annotations

import json

import pytest
import time_machine
from django.db import DatabaseError, transaction

from commitments import services
from commitments.models import Commitment
from commitments.rendering import content_hash
from commitments.selectors import commitment_eligibility
from credit_platform.models import AuditEvent
from credit_platform.services import ServiceError
from tests.commitments.conftest import World
from tests.commitments.factories import sign
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_representative_signs_and_the_text_is_filled_in(world: World) -> None:
    commitment = sign(world.representative, world.subject, world.template)
    assert commitment.status == Commitment.Status.ACTIVE
    assert commitment.text_zh == f"{world.subject.name}承诺办理食品经营许可证，事项：食品经营许可"
    assert "Application for 食品经营许可证" in commitment.notice_en
    assert "虚假承诺的后果" in commitment.notice_zh
    assert commitment.agency == world.personas.agency_a
    assert commitment.template_version == 1
    assert AuditEvent.objects.filter(action="commitment.sign").exists()


def test_signing_without_reading_the_notice_is_refused(world: World) -> None:
    with pytest.raises(ServiceError, match="notice"):
        sign(world.representative, world.subject, world.template, notice_read=False)


def test_a_user_who_is_not_a_representative_cannot_sign(world: World) -> None:
    with pytest.raises(ServiceError, match="representative"):
        sign(world.personas.public, world.subject, world.template)


def test_a_missing_variable_is_refused(world: World) -> None:
    with pytest.raises(ServiceError, match=r"Licence item|许可事项"):
        sign(world.representative, world.subject, world.template, values={})


def test_earlier_breached_commitment_makes_a_subject_ineligible(world: World) -> None:
    first = sign(world.representative, world.subject, world.template)
    services.commitment_breach(actor=world.personas.submitter_a, commitment=first, reason="未整改")
    assert commitment_eligibility(world.subject)
    with pytest.raises(ServiceError, match=r"false commitment|虚假承诺"):
        sign(world.representative, world.subject, world.template)


def test_fulfilled_commitment_leaves_a_subject_eligible(world: World) -> None:
    first = sign(world.representative, world.subject, world.template)
    services.commitment_fulfil(actor=world.personas.submitter_a, commitment=first, reason="已核查")
    assert commitment_eligibility(world.subject) == []


def test_sign_page_shows_the_refusal_reason_for_an_ineligible_subject(world: World) -> None:
    first = sign(world.representative, world.subject, world.template)
    services.commitment_breach(actor=world.personas.submitter_a, commitment=first, reason="未整改")
    client = client_for(world.representative)
    client.cookies["django_language"] = "en"
    page = client.get(f"/commitments/subjects/{world.subject.pk}/sign/").content.decode()
    assert "earlier false commitment" in page


def test_hash_is_sha256_of_the_canonical_json(world: World) -> None:
    commitment = sign(world.representative, world.subject, world.template)
    canonical = services.commitment_canonical(commitment)
    document = json.loads(canonical)
    assert document["subject"] == world.subject.uscc
    assert document["signer"] == world.representative.username
    assert document["text_zh"] == commitment.text_zh
    assert commitment.content_hash == content_hash(canonical)
    assert services.commitment_hash_matches(commitment)


def test_hash_is_stable_for_the_same_content_and_time(world: World) -> None:
    with time_machine.travel("2026-05-01 10:00:00+08:00", tick=False):
        commitment = sign(world.representative, world.subject, world.template)
    reloaded = Commitment.objects.get(pk=commitment.pk)
    assert services.commitment_canonical(reloaded) == services.commitment_canonical(commitment)
    assert '"signed_at":"2026-05-01T02:00:00.000000+00:00"' in services.commitment_canonical(
        reloaded
    )


def test_a_changed_text_no_longer_matches_its_hash(world: World) -> None:
    commitment = sign(world.representative, world.subject, world.template)
    commitment.text_en = "something else"
    assert not services.commitment_hash_matches(commitment)


def test_database_refuses_changing_a_signed_text(world: World) -> None:
    commitment = sign(world.representative, world.subject, world.template)
    with pytest.raises(DatabaseError, match="signed"), transaction.atomic():
        Commitment.objects.filter(pk=commitment.pk).update(text_en="something else")


def test_sign_page_previews_then_signs(world: World) -> None:
    client = client_for(world.representative)
    url = f"/commitments/subjects/{world.subject.pk}/sign/?template={world.template.pk}"
    form = {"matter": "开业", "var_licence_item": "食品经营许可证"}
    preview = client.post(url, {**form, "action": "preview"})
    assert preview.status_code == 200
    assert "食品经营许可证" in preview.content.decode()
    assert not Commitment.objects.exists()
    unread = client.post(url, {**form, "action": "sign"})
    assert unread.status_code == 200 and not Commitment.objects.exists()
    signed = client.post(url, {**form, "action": "sign", "notice_read": "on"})
    assert signed.status_code == 302
    assert Commitment.objects.get().matter == "开业"
