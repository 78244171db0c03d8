"""Eligibility against real credit records: serious-class dishonesty blocks until repaired."""

from __future__ import annotations

import pytest

from catalogue.models import CatalogueItem
from catalogue.policy import ensure_seeded
from collection.models import CreditRecord, Submission
from collection.services import record_mark_repaired
from commitments.models import Commitment
from commitments.selectors import commitment_eligibility
from credit_platform.services import ServiceError
from tests.collection.factories import penalty_item, penalty_row
from tests.collection.helpers import submit_rows
from tests.commitments.conftest import World
from tests.commitments.factories import sign

pytestmark = pytest.mark.django_db


def record_for(world: World, disclosure_class: str) -> CreditRecord:
    """A penalty record of the given class for the world's subject, through the pipeline."""
    ensure_seeded()
    item = penalty_item(world.personas.agency_a, disclosure_class=disclosure_class)
    row = penalty_row(1, subject_uscc=world.subject.uscc, subject_name=world.subject.name)
    submission = submit_rows(world.personas.submitter_a, item, [row])
    assert submission.status == Submission.Status.ACCEPTED
    record = CreditRecord.objects.get()
    assert record.subject == world.subject
    return record


def test_an_active_serious_record_refuses_the_signature_with_the_reason(world: World) -> None:
    record_for(world, CatalogueItem.DisclosureClass.SERIOUS)
    with pytest.raises(ServiceError, match="serious dishonesty information"):
        sign(world.representative, world.subject, world.template)
    assert not Commitment.objects.exists()


def test_a_repaired_serious_record_no_longer_blocks_signing(world: World) -> None:
    record = record_for(world, CatalogueItem.DisclosureClass.SERIOUS)
    record_mark_repaired(record=record, actor=world.personas.admin, reason="信用修复已通过")
    assert commitment_eligibility(world.subject) == []
    assert sign(world.representative, world.subject, world.template).pk


def test_a_general_class_record_does_not_block_signing(world: World) -> None:
    record_for(world, CatalogueItem.DisclosureClass.GENERAL)
    assert commitment_eligibility(world.subject) == []


def test_a_serious_record_of_another_subject_does_not_block(world: World) -> None:
    ensure_seeded()
    item = penalty_item(world.personas.agency_a, disclosure_class="serious")
    submit_rows(world.personas.submitter_a, item, [penalty_row(2)])
    assert CreditRecord.objects.exists()
    assert commitment_eligibility(world.subject) == []
