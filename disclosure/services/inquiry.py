"""Writes to the inquiry log, and its retention."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalogue import policy
from credit_platform.models import Subject, User
from credit_platform.services import ServiceError, audit_record
from disclosure.models import Authorisation, Inquiry

# --- The inquiry log ------------------------------------------------------------------------


def _viewer(user: Any) -> User | None:
    return user if isinstance(user, User) and user.is_authenticated else None


@transaction.atomic
def inquiry_record(
    *,
    subject: Subject,
    basis: str,
    what: str,
    viewer: Any = None,
    ip: str | None = None,
    purpose: str = "",
    authorisation: Authorisation | None = None,
    detail: dict[str, Any] | None = None,
) -> Inquiry:
    """Append one lookup of ``subject`` to the inquiry log (REFERENCE.md section 2)."""
    user = _viewer(viewer)
    purpose = purpose.strip()
    if basis == Inquiry.Basis.GOVERNMENT and not purpose:
        raise ServiceError(_("Government sharing needs the purpose of the lookup."))
    if basis == Inquiry.Basis.AUTHORISED and (
        authorisation is None or authorisation.subject_id != subject.pk
    ):
        raise ServiceError(_("An authorised inquiry needs an authorisation for this subject."))
    return Inquiry.objects.create(
        subject=subject,
        basis=basis,
        what=what,
        viewer=user,
        viewer_label=user.get_username() if user else "",
        viewer_agency_id=user.agency_id if user else None,
        ip=ip or None,
        purpose=purpose,
        authorisation=authorisation if basis == Inquiry.Basis.AUTHORISED else None,
        detail=detail or {},
    )


def _years_before(moment: datetime.datetime, years: int) -> datetime.datetime:
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year - years, day=28)


PURGE_LOCK = 0x1A9_0001  # pg advisory lock key of the inquiry purge


def inquiry_purge_expired(
    *, now: datetime.datetime | None = None, batch_size: int = 5000, max_batches: int = 200
) -> int:
    """Delete inquiries older than the retention policy, in bounded batches; returns the count.

    Runs under an advisory lock so two beat runs never work side by side, and each batch is its
    own short transaction so the log table is never locked for long.
    """
    years = policy.value("inquiry_log_retention_years")
    cutoff = _years_before(now or timezone.now(), years)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [PURGE_LOCK])
        if not cursor.fetchone()[0]:
            return 0
    deleted = 0
    try:
        for _batch in range(max_batches):
            count = _purge_batch(cutoff, batch_size)
            deleted += count
            if count < batch_size:
                break
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [PURGE_LOCK])
    return deleted


@transaction.atomic
def _purge_batch(cutoff: datetime.datetime, batch_size: int) -> int:
    with connection.cursor() as cursor:
        # The append-only trigger lets DELETE through only with this flag set in the transaction.
        cursor.execute("SELECT set_config('credit.inquiry_purge', 'on', true)")
        cursor.execute(
            """
            DELETE FROM disclosure_inquiry WHERE id IN (
                SELECT id FROM disclosure_inquiry WHERE at < %s
                 ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED)
            """,
            [cutoff, batch_size],
        )
        count = cursor.rowcount
        # Back off at once, in case this runs inside a caller's longer transaction.
        cursor.execute("SELECT set_config('credit.inquiry_purge', 'off', true)")
    if count:
        audit_record(
            actor="system",
            action="inquiry.purge",
            detail={"deleted": count, "before": cutoff.isoformat()},
        )
    return count
