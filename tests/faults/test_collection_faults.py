"""Faults: a killed worker, a broker that is down, the same file twice at once."""

from __future__ import annotations

import datetime as dt
import signal
import threading
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.utils import timezone

from catalogue.models import CatalogueItem
from catalogue.policy import ensure_seeded
from collection.models import CreditRecord, Submission
from collection.services import (
    submission_create,
    submission_process,
    submissions_requeue_stalled,
)
from credit_platform.celery import app
from tests.collection.factories import penalty_csv, penalty_item, penalty_row
from tests.collection.worker import running_worker, wait_for
from tests.conftest import Personas

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def item(personas: Personas) -> CatalogueItem:
    ensure_seeded()
    return penalty_item(personas.agency_a)


def rows_with_some_invalid(count: int) -> tuple[list[dict[str, object]], set[str]]:
    rows = [
        penalty_row(n, decision_date="not a date") if n % 10 == 3 else penalty_row(n)
        for n in range(count)
    ]
    valid = {str(r["decision_number"]) for n, r in enumerate(rows) if n % 10 != 3}
    return rows, valid


def use_broker(url: str) -> None:
    """Point this process's producer at another broker (its pools are rebuilt on next use)."""
    celery: Any = app  # private pool attributes, untyped
    celery.conf.broker_url = url
    # Not closed: kombu keeps one pool per URL, and the original one is used again after.
    celery._pool = None
    celery.amqp._producer_pool = None


def status(submission_id: int) -> Submission:
    return Submission.objects.get(pk=submission_id)


def later() -> dt.datetime:
    return timezone.now() + dt.timedelta(hours=1)


def test_a_worker_killed_mid_submission_loses_and_duplicates_nothing(
    personas: Personas, item: CatalogueItem
) -> None:
    rows, valid = rows_with_some_invalid(20_000)
    content = penalty_csv(rows)
    with running_worker(SUBMISSION_CHUNK_ROWS="500") as worker:
        submission = submission_create(
            agency=personas.agency_a,
            item=item,
            submitter=personas.submitter_a,
            channel="file",
            file=SimpleUploadedFile("big.csv", content),
        )  # autocommit: queued at once
        wait_for(lambda: status(submission.pk).merged_rows > 0)
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
    killed = status(submission.pk)
    assert killed.status == Submission.Status.VALIDATING
    assert 0 < CreditRecord.objects.count() < len(valid)
    with running_worker():
        assert submissions_requeue_stalled(now=later()) == 1
        wait_for(lambda: status(submission.pk).is_finished)
    done = status(submission.pk)
    assert done.status == Submission.Status.PARTIALLY_ACCEPTED and done.attempts == 2
    keys = list(CreditRecord.objects.values_list("source_key", flat=True))
    assert len(keys) == len(set(keys)) == len(valid) and set(keys) == valid
    assert done.invalid_rows == len(rows) - len(valid) == done.errors.count()


def test_broker_down_at_submit_time_is_accepted_then_processed(
    personas: Personas, item: CatalogueItem
) -> None:
    original = app.conf.broker_url
    use_broker("redis://127.0.0.1:1/0")  # nothing listens there
    try:
        client = Client()
        client.force_login(personas.submitter_a)
        response = client.post(
            "/api/v1/submissions/",
            {"item": item.code, "records": [penalty_row(1), penalty_row(2)]},
            content_type="application/json",
        )
    finally:
        use_broker(original)
    assert response.status_code == 202
    submission_id = response.json()["id"]
    assert status(submission_id).status == Submission.Status.RECEIVED
    with running_worker():
        assert submissions_requeue_stalled(now=later()) == 1  # what beat does every minute
        wait_for(lambda: status(submission_id).is_finished)
    assert status(submission_id).status == Submission.Status.ACCEPTED
    assert CreditRecord.objects.count() == 2


def test_the_same_file_twice_at_once_makes_no_duplicates(
    personas: Personas, item: CatalogueItem
) -> None:
    rows, valid = rows_with_some_invalid(3000)
    content = penalty_csv(rows)
    ids = [
        submission_create(
            agency=personas.agency_a,
            item=item,
            submitter=personas.submitter_a,
            channel="file",
            file=SimpleUploadedFile("same.csv", content),
        ).pk
        for _ in range(2)
    ]
    errors: list[BaseException] = []

    def process(submission_id: int) -> None:
        try:
            submission_process(submission_id=submission_id)
        except BaseException as exc:  # reported by the test thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=process, args=(i,)) for i in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []
    keys = list(CreditRecord.objects.values_list("source_key", flat=True))
    assert len(keys) == len(set(keys)) == len(valid)
    assert set(CreditRecord.objects.values_list("revision", flat=True)) == {1}
    assert {status(i).status for i in ids} == {Submission.Status.PARTIALLY_ACCEPTED}
