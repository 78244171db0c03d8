"""Periodic work of disclosure, thin over its services."""

from __future__ import annotations

from celery import shared_task

from disclosure.services import inquiry_purge_expired


@shared_task(ignore_result=True)
def purge_inquiries() -> int:
    """Delete inquiry log rows past the retention policy (safe to run twice: a lock, batches)."""
    return inquiry_purge_expired()
