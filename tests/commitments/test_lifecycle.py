"""Lifecycle: withdrawal by a representative, fulfilment or breach by the agency concerned."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from commitments import services
from commitments.models import Commitment
from credit_platform.services import ServiceError
from tests.commitments.conftest import World
from tests.commitments.factories import sign
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def commitment(world: World) -> Commitment:
    return sign(world.representative, world.subject, world.template)


def test_representative_withdraws_an_active_commitment(
    world: World, commitment: Commitment
) -> None:
    withdrawn = services.commitment_withdraw(actor=world.representative, commitment=commitment)
    assert withdrawn.status == Commitment.Status.WITHDRAWN
    assert withdrawn.decided_by == world.representative


def test_others_cannot_withdraw(world: World, commitment: Commitment) -> None:
    for user in (world.personas.public, world.personas.submitter_a, world.personas.admin):
        with pytest.raises(ServiceError):
            services.commitment_withdraw(actor=user, commitment=commitment)


def test_concluded_commitment_cannot_be_withdrawn(world: World, commitment: Commitment) -> None:
    services.commitment_fulfil(actor=world.personas.reviewer_a, commitment=commitment, reason="ok")
    with pytest.raises(ServiceError, match="active"):
        services.commitment_withdraw(actor=world.representative, commitment=commitment)


def test_agency_concerned_marks_fulfilled(world: World, commitment: Commitment) -> None:
    done = services.commitment_fulfil(
        actor=world.personas.reviewer_a, commitment=commitment, reason="现场核查属实"
    )
    assert done.status == Commitment.Status.FULFILLED
    assert done.reason == "现场核查属实"


def test_other_agency_cannot_decide(world: World, commitment: Commitment) -> None:
    with pytest.raises(ServiceError):
        services.commitment_breach(
            actor=world.personas.submitter_b, commitment=commitment, reason="x"
        )


def test_decision_needs_a_reason(world: World, commitment: Commitment) -> None:
    with pytest.raises(ServiceError, match="reason"):
        services.commitment_breach(
            actor=world.personas.submitter_a, commitment=commitment, reason=""
        )


def test_breached_commitment_cannot_be_fulfilled_later(
    world: World, commitment: Commitment
) -> None:
    services.commitment_breach(actor=world.personas.submitter_a, commitment=commitment, reason="x")
    with pytest.raises(ServiceError, match="active"):
        services.commitment_fulfil(
            actor=world.personas.submitter_a, commitment=commitment, reason="y"
        )


def test_withdrawn_commitment_cannot_be_breached(world: World, commitment: Commitment) -> None:
    services.commitment_withdraw(actor=world.representative, commitment=commitment)
    with pytest.raises(ServiceError, match="active"):
        services.commitment_breach(
            actor=world.personas.submitter_a, commitment=commitment, reason="x"
        )


def test_stale_copy_cannot_conclude_twice(world: World, commitment: Commitment) -> None:
    stale = Commitment.objects.get(pk=commitment.pk)
    services.commitment_fulfil(actor=world.personas.submitter_a, commitment=commitment, reason="a")
    with pytest.raises(ServiceError):
        services.commitment_breach(actor=world.personas.submitter_a, commitment=stale, reason="b")
    assert Commitment.objects.get(pk=commitment.pk).status == Commitment.Status.FULFILLED


def test_breach_without_collection_records_nothing_and_warns(
    world: World, commitment: Commitment, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="commitments.services"):
        services.commitment_breach(
            actor=world.personas.submitter_a, commitment=commitment, reason="x"
        )
    assert "no record" in caplog.text


def test_breach_row_is_keyed_by_the_commitment(world: World, commitment: Commitment) -> None:
    breached = services.commitment_breach(
        actor=world.personas.submitter_a, commitment=commitment, reason="未按期整改"
    )
    row = services.breach_row(breached, "decision_number")
    assert row["decision_number"] == f"CMT-{commitment.pk}"
    assert row["subject_uscc"] == world.subject.uscc
    assert row["breach_reason"] == "未按期整改"


def test_detail_page_shows_breached_after_the_agency_decides(
    world: World, commitment: Commitment
) -> None:
    client = client_for(world.personas.submitter_a)
    client.cookies["django_language"] = "en"
    response = client.post(
        f"/commitments/{commitment.pk}/decide/", {"action": "breach", "reason": "未整改"}
    )
    assert response.status_code == 302
    page = client.get(f"/commitments/{commitment.pk}/").content.decode()
    assert 'data-status="breached"' in page and "Breached" in page
    listing = client.get("/commitments/?status=breached").content.decode()
    assert f"/commitments/{commitment.pk}/" in listing


def test_withdraw_page_by_representative(world: World, commitment: Commitment) -> None:
    response = client_for(world.representative).post(f"/commitments/{commitment.pk}/withdraw/")
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.WITHDRAWN


def test_public_list_page_has_bounded_queries_and_no_count(
    world: World, django_assert_max_num_queries: Any
) -> None:
    for _ in range(3):
        sign(world.representative, world.subject, world.template)
    client = client_for(None)
    with django_assert_max_num_queries(4):
        response = client.get("/commitments/?kind=application&q=椰风")
    assert response.status_code == 200
    assert response.content.decode().count("/commitments/subjects/") >= 3
