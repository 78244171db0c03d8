"""Reads with rules: what an agency's staff may see of submissions and records."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from guardian.shortcuts import get_objects_for_user

from catalogue.models import CatalogueItem
from collection.models import CreditRecord, RecordChange, RowError, Submission
from credit_platform.models import Role, Subject, User


def submittable_items(user: User) -> QuerySet[CatalogueItem]:
    """The published items the user's agency provides (the catalogue's guardian grant)."""
    if user.agency_id is None:
        return CatalogueItem.objects.none()
    published = CatalogueItem.objects.filter(version__status="published")
    return get_objects_for_user(
        user, "catalogue.submit_records", published, accept_global_perms=False
    ).order_by("order", "code")


def submittable_item(user: User, code: str) -> CatalogueItem:
    """An item by code that the user may submit; 404 otherwise."""
    item = submittable_items(user).filter(code=code).first()
    if item is None:
        raise Http404
    return item


def submissions_visible_to(user: User) -> QuerySet[Submission]:
    """An agency's staff see their agency's submissions; nobody else does."""
    if user.agency_id is None:
        return Submission.objects.none()
    return Submission.objects.filter(agency_id=user.agency_id)


def submission_for_user(user: User, pk: int) -> Submission:
    found = submissions_visible_to(user).select_related("item", "submitter").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def submission_by_key(user: User, key: str) -> Submission | None:
    """The submission an idempotency key already made, if any."""
    return Submission.objects.filter(
        agency=user.agency, submitter=user, idempotency_key=key
    ).first()


def submission_list(user: User, *, status: str = "", item: str = "") -> QuerySet[Submission]:
    submissions = submissions_visible_to(user).select_related("item", "submitter")
    if status:
        submissions = submissions.filter(status=status)
    if item:
        submissions = submissions.filter(item__code=item)
    return submissions.order_by("-created_at", "-id")


def submission_errors(submission: Submission) -> QuerySet[RowError]:
    return RowError.objects.filter(submission=submission).order_by("row_number", "id")


def subject_by_code(code: str) -> Subject | None:
    """An organisation by its unified social credit code (never a person by ID number)."""
    code = code.strip().upper()
    if len(code) != 18:
        return None
    return Subject.objects.filter(uscc=code).only("name", "uscc").first()


def records_visible_to(user: User) -> QuerySet[CreditRecord]:
    """An agency's staff see their agency's records; other agencies' records answer 404."""
    if user.agency_id is None:
        return CreditRecord.objects.none()
    return CreditRecord.objects.filter(agency_id=user.agency_id)


def record_for_user(user: User, pk: int, *, change: str = "") -> CreditRecord:
    """A record the user may see (else 404); with ``change="revoke"`` also may revoke (else 403)."""
    record = (
        records_visible_to(user).select_related("subject", "item", "agency").filter(pk=pk).first()
    )
    if record is None:
        raise Http404
    if change == "revoke" and not user.has_role(Role.AGENCY_REVIEWER):
        raise PermissionDenied
    if change == "correct" and not (
        user.has_role(Role.AGENCY_REVIEWER) or user.has_role(Role.AGENCY_SUBMITTER)
    ):
        raise PermissionDenied
    return record


def record_list(
    user: User, *, item: str = "", status: str = "", q: str = ""
) -> QuerySet[CreditRecord]:
    records = records_visible_to(user).select_related("subject", "item")
    if item:
        records = records.filter(item_code=item)
    if status:
        records = records.filter(status=status)
    if q:
        q = q.strip()
        records = (
            records.filter(source_key=q)
            | records.filter(subject__uscc=q.upper())
            | (records.filter(subject__name__startswith=q))
        )
    return records.order_by("-updated_at", "-id")


def record_history(record: CreditRecord) -> list[Any]:
    return list(record.revisions.select_related("changed_by").order_by("-revision"))


# The feed's horizon is the oldest transaction still running that could write here.
# Transactions that a running backend of another database holds cannot touch these tables
# and do not hold the feed back (on a shared cluster, one long job elsewhere would stall
# it); a transaction that cannot be placed is counted, so the horizon errs on waiting.
_CHANGES_SQL = """
SELECT * FROM collection_recordchange
 WHERE xid < (SELECT coalesce(
    (SELECT min(x::text::bigint) FROM pg_snapshot_xip(pg_current_snapshot()) AS x
      WHERE NOT EXISTS (
            SELECT 1 FROM pg_stat_activity AS a
             WHERE a.datname IS NOT NULL AND a.datname <> current_database()
               AND a.backend_xid = (x::text::bigint %% 4294967296)::text::xid)),
    pg_snapshot_xmax(pg_current_snapshot())::text::bigint))
   AND (xid, id) > (%s, %s)
 ORDER BY xid, id
 LIMIT %s
"""


def changes_after(*, xid: int, change_id: int, limit: int) -> list[RecordChange]:
    """Changes after a cursor, only from transactions older than every one still running.

    A transaction that started earlier but commits later has a smaller xid; holding back
    everything at or above the oldest running xid means it is never skipped.
    """
    return list(
        RecordChange.objects.raw(
            _CHANGES_SQL,
            [xid, change_id, limit],
        ).prefetch_related("record__subject", "record__agency")
    )
