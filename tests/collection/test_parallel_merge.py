"""The worker's merge on several connections: every record once, progress adds up, a failing
chunk stops the merge with its error and a re-run converges."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from catalogue.models import CatalogueItem
from collection import pipeline
from collection.models import CreditRecord, RecordChange, StagedRow, Submission
from collection.services import submission_create, submission_process
from tests.collection.factories import penalty_row
from tests.collection.helpers import submit_rows
from tests.conftest import Personas

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def small_chunks(settings: Any) -> None:
    settings.SUBMISSION_CHUNK_ROWS = 3
    settings.MERGE_CONNECTIONS = 2


def _backends() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()")
        return int(cursor.fetchone()[0])


def test_every_row_is_merged_once_on_two_connections(
    personas: Personas, penalty: CatalogueItem
) -> None:
    before = _backends()
    rows = [penalty_row(n) for n in range(20)]
    submission = submit_rows(personas.submitter_a, penalty, rows)
    assert submission.status == Submission.Status.ACCEPTED
    assert submission.merged_rows == submission.valid_rows == 20
    keys = sorted(CreditRecord.objects.values_list("source_key", flat=True))
    assert keys == sorted(row["decision_number"] for row in rows)
    assert RecordChange.objects.filter(kind="insert").count() == 20
    assert not StagedRow.objects.exists()
    assert _backends() == before  # the merge threads closed their connections


def test_a_failing_chunk_stops_the_merge_and_a_rerun_converges(
    personas: Personas, penalty: CatalogueItem
) -> None:
    rows = [penalty_row(n) for n in range(12)]
    submission = submission_create(
        agency=personas.agency_a,
        item=penalty,
        submitter=personas.submitter_a,
        channel=Submission.Channel.API,
        rows=rows,
    )
    submission = Submission.objects.select_related("item__version", "agency").get(pk=submission.pk)
    pipeline.validate_rows(submission, timezone.localdate())
    # A staged row whose subject is gone: its chunk's insert breaks a foreign key.
    StagedRow.objects.filter(submission=submission, row_number=5).update(subject_id=10**9)
    with pytest.raises(Exception, match="foreign key"):
        pipeline.merge(submission, timezone.localdate())
    assert CreditRecord.objects.count() < 12  # what committed stays; the rest waits
    # The task's re-run starts again from the stored rows and ends with every record once.
    Submission.objects.filter(pk=submission.pk).update(status=Submission.Status.VALIDATING)
    submission_process(submission_id=submission.pk)
    assert CreditRecord.objects.count() == 12
    assert Submission.objects.get(pk=submission.pk).status == Submission.Status.ACCEPTED
    inserts = RecordChange.objects.filter(kind="insert")
    assert inserts.count() == 12 and inserts.values("record_id").distinct().count() == 12
