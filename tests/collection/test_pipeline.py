"""The pipeline: rows become records once, errors are kept per row, re-runs converge."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from catalogue.models import CatalogueItem, PolicySetting
from collection.models import CreditRecord, CreditRecordRevision, RecordChange, RowError, Submission
from collection.services import submission_create, submission_process
from credit_platform.models import Subject
from credit_platform.services import ServiceError
from tests.collection.factories import natural_person_row, penalty_csv, penalty_row
from tests.collection.helpers import submit_file, submit_rows
from tests.conftest import Personas

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def june_first() -> object:
    with time_machine.travel(dt.datetime(2026, 6, 1, 10, tzinfo=dt.UTC), tick=False) as traveller:
        yield traveller


def test_valid_rows_become_records_of_new_subjects(
    personas: Personas, penalty: CatalogueItem
) -> None:
    rows = [penalty_row(n) for n in range(3)] + [natural_person_row(9)]
    submission = submit_rows(personas.submitter_a, penalty, rows)
    assert submission.status == Submission.Status.ACCEPTED
    assert (submission.total_rows, submission.valid_rows, submission.invalid_rows) == (4, 4, 0)
    records = CreditRecord.objects.filter(agency=personas.agency_a)
    assert sorted(r.source_key for r in records) == sorted(r["decision_number"] for r in rows)
    record = records.get(source_key=rows[0]["decision_number"])
    assert record.subject.uscc == rows[0]["subject_uscc"]
    assert record.payload["penalty_categories"] == ["03"]
    assert record.decision_date == dt.date(2026, 3, 5)
    assert Subject.objects.get(id_number=rows[3]["subject_id_number"]).kind == "natural_person"


def test_invalid_rows_keep_their_row_field_and_message(
    personas: Personas, penalty: CatalogueItem
) -> None:
    rows = [penalty_row(1), penalty_row(2, fine_amount="abc"), penalty_row(3, decision_date="")]
    submission = submit_rows(personas.submitter_a, penalty, rows)
    assert submission.status == Submission.Status.PARTIALLY_ACCEPTED
    assert (submission.valid_rows, submission.invalid_rows) == (1, 2)
    errors = list(
        RowError.objects.filter(submission=submission).values_list(
            "row_number", "field", "code", "value"
        )
    )
    assert errors == [
        (2, "fine_amount", "not_decimal", "abc"),
        (3, "decision_date", "required", None),
    ]
    assert CreditRecord.objects.count() == 1


def test_sensitive_values_are_not_kept_in_errors(
    personas: Personas, penalty: CatalogueItem
) -> None:
    submission = submit_rows(
        personas.submitter_a,
        penalty,
        [natural_person_row(1, subject_id_number="460105198506121239")],
    )
    error = RowError.objects.get(submission=submission)
    assert error.field == "subject_id_number" and error.value is None


def test_all_or_nothing_accepts_no_row_when_one_fails(
    personas: Personas, penalty: CatalogueItem
) -> None:
    rows = [penalty_row(1), penalty_row(2, fine_amount="")]
    submission = submit_rows(personas.submitter_a, penalty, rows, policy="all_or_nothing")
    assert submission.status == Submission.Status.REJECTED
    assert "all or nothing" in submission.failure_reason
    assert not CreditRecord.objects.exists()
    assert RowError.objects.filter(submission=submission, code="required_if").count() == 1


def test_a_rerun_converges_to_the_same_records_and_errors(
    personas: Personas, penalty: CatalogueItem
) -> None:
    rows = [penalty_row(n) for n in range(5)] + [penalty_row(7, decision_date="2026-13-01")]
    submission = submit_rows(personas.submitter_a, penalty, rows)
    before = list(CreditRecord.objects.values_list("source_key", "payload", "revision"))
    Submission.objects.filter(pk=submission.pk).update(status=Submission.Status.VALIDATING)
    submission_process(submission_id=submission.pk)
    submission.refresh_from_db()
    assert submission.status == Submission.Status.PARTIALLY_ACCEPTED
    assert list(CreditRecord.objects.values_list("source_key", "payload", "revision")) == before
    assert RowError.objects.filter(submission=submission).count() == 1
    assert not CreditRecordRevision.objects.exists()


def test_a_finished_submission_is_not_processed_again(
    personas: Personas, penalty: CatalogueItem
) -> None:
    submission = submit_rows(personas.submitter_a, penalty, [penalty_row(1)])
    submission_process(submission_id=submission.pk)
    submission.refresh_from_db()
    assert submission.attempts == 1


def test_an_identical_resubmission_changes_nothing(
    personas: Personas, penalty: CatalogueItem
) -> None:
    rows = [penalty_row(n) for n in range(3)]
    submit_rows(personas.submitter_a, penalty, rows)
    changes = RecordChange.objects.count()
    submit_rows(personas.submitter_a, penalty, rows)
    assert set(CreditRecord.objects.values_list("revision", flat=True)) == {1}
    assert not CreditRecordRevision.objects.exists()
    assert RecordChange.objects.count() == changes == 3


def test_a_changed_resubmission_makes_a_new_version_and_keeps_the_old(
    personas: Personas, penalty: CatalogueItem
) -> None:
    submit_rows(personas.submitter_a, penalty, [penalty_row(1, fine_amount="1.00")])
    second = submit_rows(personas.submitter_a, penalty, [penalty_row(1, fine_amount="2.50")])
    record = CreditRecord.objects.get()
    assert (record.revision, record.payload["fine_amount"]) == (2, "2.50")
    old = CreditRecordRevision.objects.get(record=record)
    assert (old.revision, old.payload["fine_amount"], old.submission_id) == (1, "1.00", second.pk)
    kinds = list(
        RecordChange.objects.filter(record=record).order_by("id").values_list("kind", "revision")
    )
    assert kinds == [("insert", 1), ("update", 2)]


def test_a_changed_subject_name_is_kept_as_a_former_name(
    personas: Personas, penalty: CatalogueItem
) -> None:
    row = penalty_row(1)
    submit_rows(personas.submitter_a, penalty, [row])
    submit_rows(
        personas.submitter_a,
        penalty,
        [penalty_row(2, subject_uscc=row["subject_uscc"], subject_name="新名称有限公司")],
    )
    subject = Subject.objects.get(uscc=row["subject_uscc"])
    assert subject.name == "新名称有限公司" and subject.former_names == [row["subject_name"]]


def test_the_same_key_twice_in_one_submission_is_an_error(
    personas: Personas, penalty: CatalogueItem
) -> None:
    rows = [penalty_row(1), penalty_row(1, fine_amount="9.00")]
    submission = submit_rows(personas.submitter_a, penalty, rows)
    error = RowError.objects.get(submission=submission)
    assert (error.row_number, error.code) == (2, "duplicate_key")
    assert CreditRecord.objects.get().payload["fine_amount"] == rows[0]["fine_amount"]


def test_display_window_counts_from_publication_by_default(
    personas: Personas, penalty: CatalogueItem
) -> None:
    submit_rows(personas.submitter_a, penalty, [penalty_row(1)])
    record = CreditRecord.objects.get()
    # general class: 12 months (policy general_max_months) from today's publication
    assert (record.published_on, record.display_until) == (dt.date(2026, 6, 1), dt.date(2027, 6, 1))


def test_display_window_counts_from_the_decision_when_the_policy_says_so(
    personas: Personas, penalty: CatalogueItem
) -> None:
    PolicySetting.objects.filter(key="disclosure_from_decision_date").update(value=1)
    submit_rows(personas.submitter_a, penalty, [penalty_row(1)])
    assert CreditRecord.objects.get().display_until == dt.date(2027, 3, 5)


def test_a_system_submission_needs_no_user(personas: Personas, penalty: CatalogueItem) -> None:
    submission = submission_create(
        agency=personas.agency_b,
        item=penalty,
        submitter=None,
        channel="system",
        rows=[penalty_row(1)],
    )
    submission_process(submission_id=submission.pk)
    submission.refresh_from_db()
    assert submission.status == Submission.Status.ACCEPTED
    assert CreditRecord.objects.get().agency == personas.agency_b


def test_a_system_submission_refuses_a_submitting_user(
    personas: Personas, penalty: CatalogueItem
) -> None:
    # submitter_b's agency lacks the grant; the system channel must not launder that.
    with pytest.raises(ServiceError):
        submission_create(
            agency=personas.agency_b,
            item=penalty,
            submitter=personas.submitter_b,
            channel="system",
            rows=[penalty_row(1)],
        )
    assert not Submission.objects.exists()


def test_staff_cannot_submit_an_item_their_agency_does_not_provide(
    personas: Personas, penalty: CatalogueItem
) -> None:
    with pytest.raises(ServiceError):
        submit_rows(personas.submitter_b, penalty, [penalty_row(1)])
    assert not Submission.objects.exists()


def test_an_idempotency_key_returns_the_first_submission(
    personas: Personas, penalty: CatalogueItem
) -> None:
    first = submit_rows(personas.submitter_a, penalty, [penalty_row(1)], idempotency_key="k-1")
    again = submit_rows(personas.submitter_a, penalty, [penalty_row(1)], idempotency_key="k-1")
    assert again.pk == first.pk and Submission.objects.count() == 1


def test_a_file_mostly_invalid_is_rejected_whole(
    personas: Personas, penalty: CatalogueItem
) -> None:
    rows = [penalty_row(1)] + [penalty_row(n, decision_date="bad") for n in range(2, 5)]
    submission = submit_file(personas.submitter_a, penalty, penalty_csv(rows))
    assert submission.status == Submission.Status.REJECTED
    assert "rejected" in submission.failure_reason
    assert not CreditRecord.objects.exists()


def test_change_log_carries_the_transaction_id(personas: Personas, penalty: CatalogueItem) -> None:
    submit_rows(personas.submitter_a, penalty, [penalty_row(1)])
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_xact_id()::text::bigint")
        current = cursor.fetchone()[0]
    assert RecordChange.objects.get().xid == current  # the test's one transaction


def test_a_permanent_failure_is_recorded_with_its_reason(
    personas: Personas, penalty: CatalogueItem
) -> None:
    from collection.tasks import validate_submission

    submission = submission_create(
        agency=personas.agency_a,
        item=penalty,
        submitter=personas.submitter_a,
        channel="file",
        file=SimpleUploadedFile("gone.csv", penalty_csv([penalty_row(1)])),
    )
    submission.file.storage.delete(submission.file.name or "")  # the shared volume lost it
    validate_submission.apply(args=(submission.pk,))
    submission.refresh_from_db()
    assert submission.status == Submission.Status.FAILED
    assert "FileNotFoundError" in submission.failure_reason
    assert submission.finished_at is not None


def test_the_requeue_finds_received_and_stalled_submissions(
    personas: Personas, penalty: CatalogueItem, monkeypatch: pytest.MonkeyPatch
) -> None:
    from collection import services

    queued: list[int] = []
    monkeypatch.setattr(
        services, "submission_enqueue", lambda *, submission_id: queued.append(submission_id)
    )
    waiting = submission_create(
        agency=personas.agency_a,
        item=penalty,
        submitter=personas.submitter_a,
        channel="api",
        rows=[penalty_row(1)],
    )
    assert services.submissions_requeue_stalled() == 0  # not yet stalled
    later = dt.datetime(2026, 6, 1, 11, tzinfo=dt.UTC)
    assert services.submissions_requeue_stalled(now=later) == 1
    assert queued == [waiting.pk]
