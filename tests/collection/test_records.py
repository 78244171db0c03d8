"""Record services: correct, revoke, objection, repair and the end of the disclosure window."""

from __future__ import annotations

import datetime as dt

import pytest

from catalogue.models import CatalogueItem
from collection.models import CreditRecord, CreditRecordRevision, RecordChange
from collection.services import (
    record_correct,
    record_mark_repaired,
    record_revoke,
    record_set_objection,
    records_expire_due,
)
from credit_platform.models import AuditEvent
from credit_platform.services import ServiceError
from tests.collection.factories import penalty_row
from tests.collection.helpers import submit_rows
from tests.conftest import Personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(personas: Personas, penalty: CatalogueItem) -> CreditRecord:
    submit_rows(personas.submitter_a, penalty, [penalty_row(1, fine_amount="1.00")])
    return CreditRecord.objects.get()


def test_a_correction_keeps_the_previous_version(personas: Personas, record: CreditRecord) -> None:
    record_correct(
        record=record,
        actor=personas.submitter_a,
        payload_changes={"fine_amount": "2"},
        reason="typo",
    )
    record.refresh_from_db()
    assert (record.revision, record.payload["fine_amount"]) == (2, "2")
    old = CreditRecordRevision.objects.get()
    assert (old.revision, old.payload["fine_amount"], old.reason) == (1, "1.00", "typo")
    assert AuditEvent.objects.filter(action="record.correct", target_id=str(record.pk)).exists()


def test_a_correction_is_validated(personas: Personas, record: CreditRecord) -> None:
    with pytest.raises(ServiceError, match="fine_amount"):
        record_correct(
            record=record,
            actor=personas.submitter_a,
            payload_changes={"fine_amount": "x"},
            reason="r",
        )


def test_the_source_key_cannot_be_corrected(personas: Personas, record: CreditRecord) -> None:
    with pytest.raises(ServiceError):
        record_correct(
            record=record,
            actor=personas.submitter_a,
            payload_changes={"decision_number": "other"},
            reason="r",
        )


def test_another_agency_cannot_correct(personas: Personas, record: CreditRecord) -> None:
    with pytest.raises(ServiceError):
        record_correct(
            record=record,
            actor=personas.submitter_b,
            payload_changes={"fine_amount": "3"},
            reason="r",
        )


def test_only_a_reviewer_revokes(personas: Personas, record: CreditRecord) -> None:
    with pytest.raises(ServiceError):
        record_revoke(record=record, actor=personas.submitter_a, reason="annulled")
    record_revoke(record=record, actor=personas.reviewer_a, reason="annulled")
    record.refresh_from_db()
    assert record.status == "revoked" and record.revoked_reason == "annulled"
    assert RecordChange.objects.filter(record=record, kind="revoke").count() == 1
    assert AuditEvent.objects.filter(action="record.revoke").exists()


def test_objection_flag_and_repair(personas: Personas, record: CreditRecord) -> None:
    record_set_objection(record=record, on=True, actor=personas.admin)
    record.refresh_from_db()
    assert record.under_objection
    record_mark_repaired(record=record, actor=personas.admin, reason="fine paid")
    record.refresh_from_db()
    assert record.status == "repaired" and record.revision == 2


def test_records_past_their_window_expire(personas: Personas, record: CreditRecord) -> None:
    assert record.display_until is not None
    assert records_expire_due(today=record.display_until) == 0
    assert records_expire_due(today=record.display_until + dt.timedelta(days=1), batch=1) == 1
    record.refresh_from_db()
    assert record.status == "expired"
    assert CreditRecordRevision.objects.get(record=record).status == "active"
