"""The breach-to-record path, end to end through the real collection service and pipeline.

The platform submits on the system channel for the agency concerned (agency A here, while
the demo catalogue lists only hn-dc as the item's provider); the record's agency is the
agency concerned. Processing runs the way the worker runs it.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db.models import QuerySet
from django.test import TestCase

from catalogue.models import CatalogueItem
from collection.models import CreditRecord, RowError, Submission
from collection.services import submission_process
from commitments import services
from commitments.models import Commitment
from credit_platform.services import ServiceError
from tests.commitments.conftest import World
from tests.commitments.factories import sign

pytestmark = pytest.mark.django_db


def breach_item() -> CatalogueItem:
    """The demo catalogue's item in force, put there by the catalogue workflow's own demo."""
    call_command("load_demo")
    return CatalogueItem.objects.get(code="commitment-breach", version__status="published")


def breach(world: World, reason: str = "未按承诺整改") -> Commitment:
    commitment = sign(world.representative, world.subject, world.template)
    return services.commitment_breach(
        actor=world.personas.submitter_a, commitment=commitment, reason=reason
    )


def breach_submissions() -> QuerySet[Submission]:
    # load_demo leaves demo submissions of other items; only the breach ones matter here.
    return Submission.objects.filter(item__code="commitment-breach")


def process_all() -> None:
    for pk in breach_submissions().values_list("pk", flat=True):
        submission_process(submission_id=pk)


def test_a_breach_becomes_a_record_of_the_breach_item_for_the_subject(world: World) -> None:
    item = breach_item()
    commitment = breach(world)
    process_all()
    record = CreditRecord.objects.get(item_code="commitment-breach")
    assert record.item == item
    assert record.subject == world.subject
    assert record.agency == world.personas.agency_a
    assert record.source_key == f"CMT-{commitment.pk}"
    assert record.payload["breach_facts"] == "未按承诺整改"
    assert record.status == CreditRecord.Status.ACTIVE


def test_the_platform_submits_on_the_system_channel_for_the_agency_concerned(
    world: World,
) -> None:
    breach_item()
    commitment = breach(world)
    submission = breach_submissions().get()
    assert submission.channel == Submission.Channel.SYSTEM
    assert submission.submitter is None
    assert submission.agency == world.personas.agency_a
    assert submission.idempotency_key == f"commitment-breach-{commitment.pk}"


def test_the_submission_is_queued_only_when_the_breach_commits(world: World) -> None:
    breach_item()
    with TestCase.captureOnCommitCallbacks(execute=False) as callbacks:
        breach(world)
    assert len(callbacks) == 1  # the enqueue of the one breach submission


def test_the_breach_submission_is_accepted_with_no_row_errors(world: World) -> None:
    breach_item()
    breach(world)
    process_all()
    submission = breach_submissions().get()
    assert submission.status == Submission.Status.ACCEPTED
    assert not RowError.objects.filter(submission__item__code="commitment-breach").exists()


def test_an_invalid_breach_row_shows_up_as_a_row_error(world: World) -> None:
    breach_item()
    commitment = sign(world.representative, world.subject, world.template)
    # Past the catalogue's 4,000-character bound on the facts (the service refuses such a
    # reason; written directly here to prove that collection validates the row itself).
    Commitment.objects.filter(pk=commitment.pk).update(
        status=Commitment.Status.BREACHED,
        decided_by=world.personas.submitter_a,
        decided_at=commitment.signed_at,
        reason="违" * 4001,
    )
    commitment.refresh_from_db()
    services.commitment_breach_to_record(commitment)
    process_all()
    (error,) = RowError.objects.filter(submission__item__code="commitment-breach")
    assert error.field == "breach_facts"
    assert breach_submissions().get().status == Submission.Status.REJECTED
    assert not CreditRecord.objects.filter(item_code="commitment-breach").exists()


def test_a_reason_longer_than_the_bound_is_refused_before_any_breach(world: World) -> None:
    breach_item()
    commitment = sign(world.representative, world.subject, world.template)
    with pytest.raises(ServiceError, match="at most 2000"):
        services.commitment_breach(
            actor=world.personas.submitter_a, commitment=commitment, reason="x" * 2001
        )
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.ACTIVE
    assert not breach_submissions().exists()


def test_processing_twice_adds_no_second_record(world: World) -> None:
    breach_item()
    breach(world)
    process_all()
    process_all()
    assert CreditRecord.objects.filter(item_code="commitment-breach").count() == 1


def test_submitting_the_breach_again_returns_the_first_submission(world: World) -> None:
    breach_item()
    commitment = breach(world)
    process_all()
    again = services.commitment_breach_to_record(commitment)
    assert again == breach_submissions().get()
    process_all()
    assert CreditRecord.objects.filter(item_code="commitment-breach").count() == 1


def test_a_second_breach_of_the_same_commitment_is_refused(world: World) -> None:
    breach_item()
    commitment = breach(world)
    with pytest.raises(ServiceError):
        services.commitment_breach(
            actor=world.personas.submitter_a, commitment=commitment, reason="again"
        )
    assert breach_submissions().count() == 1


def test_fulfilment_submits_nothing(world: World) -> None:
    breach_item()
    commitment = sign(world.representative, world.subject, world.template)
    services.commitment_fulfil(actor=world.personas.submitter_a, commitment=commitment, reason="ok")
    assert not breach_submissions().exists()


def test_without_a_published_breach_item_nothing_is_submitted(world: World) -> None:
    commitment = breach(world)
    assert commitment.status == Commitment.Status.BREACHED
    assert not breach_submissions().exists()
