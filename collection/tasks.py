"""Celery tasks of the collection pipeline: each takes ids and calls one service."""

from __future__ import annotations

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import InterfaceError, OperationalError
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from collection import services

logger = logging.getLogger(__name__)
# Transient: the database or broker went away for a moment; the task runs again from the start.
TRANSIENT = (OperationalError, InterfaceError, BrokerError)


@shared_task(bind=True, acks_late=True, max_retries=5, ignore_result=True)
def validate_submission(self, submission_id: int) -> None:  # type: ignore[no-untyped-def]
    try:
        services.submission_process(submission_id=submission_id)
    except TRANSIENT as exc:
        if self.request.retries >= self.max_retries:
            services.submission_fail(submission_id=submission_id, reason=f"database error: {exc}")
            return
        raise self.retry(exc=exc, countdown=min(2 ** (self.request.retries + 1), 60)) from exc
    except SoftTimeLimitExceeded:
        services.submission_fail(submission_id=submission_id, reason="time limit exceeded")
    except Exception as exc:
        logger.exception("submission %s failed", submission_id)
        services.submission_fail(submission_id=submission_id, reason=f"{type(exc).__name__}: {exc}")


@shared_task(ignore_result=True)
def requeue_stalled_submissions() -> int:
    return services.submissions_requeue_stalled()


@shared_task(ignore_result=True)
def expire_records() -> int:
    return services.records_expire_due(today=timezone.localdate())
