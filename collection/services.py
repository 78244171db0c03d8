"""Writes of the collection app: submissions, the pipeline's steps, records, API keys."""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.files import File
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from catalogue.models import CatalogueItem
from catalogue.validation import compile_item
from collection import pipeline
from collection.models import (
    ApiKey,
    CreditRecord,
    CreditRecordRevision,
    RowError,
    StagedRow,
    Submission,
    SubmissionRow,
)
from collection.parsing import FileProblem, open_table
from credit_platform.models import Agency, Role, User
from credit_platform.services import ServiceError, audit_record, user_set_agency, user_set_roles

logger = logging.getLogger(__name__)
REQUEUE_LOCK = 0x5E_0001  # advisory lock key of the periodic requeue


# --- submissions -------------------------------------------------------------------------


def can_submit(user: User | None, item: CatalogueItem) -> bool:
    """Whether a user may submit records of an item: the guardian grant of the catalogue."""
    if user is None or not user.is_active or user.agency_id is None:
        return False
    return item.version.status == item.version.Status.PUBLISHED and user.has_perm(
        "catalogue.submit_records", item
    )


@transaction.atomic
def submission_create(
    *,
    agency: Agency,
    item: CatalogueItem,
    submitter: User | None,
    channel: str,
    rows: Sequence[dict[str, Any]] | None = None,
    file: File | None = None,
    policy: str = Submission.Policy.ACCEPT_VALID,
    idempotency_key: str | None = None,
) -> Submission:
    """Store a submission and its raw rows (or file) in one transaction, then queue it."""
    _check_submitter(agency=agency, item=item, submitter=submitter, channel=channel)
    if policy not in Submission.Policy.values:
        raise ServiceError(_("Unknown acceptance policy %(policy)s.") % {"policy": policy})
    if idempotency_key:
        existing = _existing(agency, submitter, idempotency_key)
        if existing is not None:
            return existing
    if (rows is None) == (file is None):
        raise ServiceError(_("Send either records or a file."))
    file_format = _check_file(item, file) if file is not None else ""
    if rows is not None:
        _check_rows(rows, channel)
    try:
        with transaction.atomic():
            submission = Submission.objects.create(
                agency=agency,
                item=item,
                submitter=submitter,
                channel=channel,
                policy=policy,
                idempotency_key=idempotency_key or None,
                file_format=file_format,
                file_name=(file.name or "")[:255] if file is not None else "",
                total_rows=len(rows) if rows is not None else None,
            )
    except IntegrityError:
        # The same key raced in from another request: its submission is the answer.
        found = _existing(agency, submitter, idempotency_key or "")
        if found is None:
            raise
        return found
    if file is not None:
        file.seek(0)
        submission.file.save(file.name or "upload", file, save=False)
        submission.save(update_fields=["file"])
    else:
        SubmissionRow.objects.bulk_create(
            SubmissionRow(submission=submission, row_number=n, data=row)
            for n, row in enumerate(rows or [], start=1)
        )
    audit_record(
        actor=submitter,
        action="submission.create",
        target=submission,
        detail={"item": item.code, "channel": channel, "rows": submission.total_rows},
    )
    transaction.on_commit(lambda: submission_enqueue(submission_id=submission.pk))
    return submission


def _check_submitter(
    *, agency: Agency, item: CatalogueItem, submitter: User | None, channel: str
) -> None:
    if channel not in Submission.Channel.values:
        raise ServiceError(_("Unknown channel %(channel)s.") % {"channel": channel})
    if channel == Submission.Channel.SYSTEM:
        # The platform itself (a commitment breach) submits on behalf of an agency, outside
        # any web request and without the agency's grant; no user may ride on that.
        if submitter is not None:
            raise ServiceError(_("A platform submission has no submitting user."))
        return
    if submitter is None or submitter.agency_id != agency.pk or not can_submit(submitter, item):
        raise ServiceError(_("Your agency does not provide this catalogue item."))


def _existing(agency: Agency, submitter: User | None, key: str) -> Submission | None:
    return Submission.objects.filter(
        agency=agency, submitter=submitter, idempotency_key=key
    ).first()


def _check_rows(rows: Sequence[Any], channel: str) -> None:
    limit = settings.SUBMISSION_MAX_API_RECORDS
    if not rows:
        raise ServiceError(_("There are no records to submit."))
    if channel == Submission.Channel.API and len(rows) > limit:
        raise ServiceError(_("At most %(n)d records per request.") % {"n": limit})
    if not all(isinstance(row, dict) for row in rows):
        raise ServiceError(_("Each record must be an object of field names and values."))


def _check_file(item: CatalogueItem, file: File) -> str:
    """Refuse at once what is wrong with the file as a whole: size, format, columns."""
    limit = settings.SUBMISSION_MAX_FILE_BYTES
    if (file.size or 0) > limit:
        raise ServiceError(
            _("The file is larger than %(size)s; split it into smaller files.")
            % {"size": filesizeformat(limit)}
        )
    try:
        file_format, table = open_table(file, file.name or "")
        try:
            first_row = next(table.rows, None)
        finally:
            table.close()
    except FileProblem as problem:
        raise ServiceError(str(problem)) from None
    if first_row is None:
        raise ServiceError(_("The file has a header line but no records."))
    headers = [h for h in table.headers if h.strip() != pipeline.ERROR_COLUMN]
    mapping = compile_item(item).map_headers(headers)
    if not any(mapping.columns):
        raise ServiceError(_("The first row must name the columns; none of them is a field."))
    problems = []
    if mapping.unknown:
        problems.append(_("unknown columns: %(c)s") % {"c": ", ".join(mapping.unknown)})
    if mapping.missing_required:
        problems.append(
            _("missing required columns: %(c)s") % {"c": ", ".join(mapping.missing_required)}
        )
    if mapping.duplicates:
        problems.append(_("repeated columns: %(c)s") % {"c": ", ".join(mapping.duplicates)})
    if problems:
        raise ServiceError(_("The columns do not match the item: ") + "; ".join(problems))
    return file_format


def submission_enqueue(*, submission_id: int) -> bool:
    """Queue validation; with the broker down the submission waits for the periodic requeue."""
    from collection.tasks import validate_submission

    try:
        validate_submission.apply_async(args=(submission_id,), retry=False)
    except Exception as exc:  # any broker failure: the row is stored, the requeue finds it
        logger.warning("could not queue submission %s (%r); the requeue will", submission_id, exc)
        return False
    return True


def submission_process(*, submission_id: int) -> None:
    """Validate and merge one submission; safe to run twice (what the task calls)."""
    # Not atomic: one transaction per chunk, so progress is visible and memory bounded.
    with pipeline.submission_lock(submission_id) as locked:
        if not locked:
            return  # another worker has it; its lock dies with it if it is killed
        submission = _claim(submission_id)
        if submission is None:
            return
        today = timezone.localdate()
        try:
            total = pipeline.count_rows(submission)
            Submission.objects.filter(pk=submission_id).update(total_rows=total)
            submission.total_rows = total
            validation = pipeline.validate_rows(submission, today)
            Submission.objects.filter(pk=submission_id).update(total_rows=F("processed_rows"))
            refused = pipeline.refusal(submission, validation.valid, validation.invalid)
            if refused:
                raise pipeline.Refused(refused)
            pipeline.merge(submission, today)
        except pipeline.Refused as why:
            _finish(submission_id, Submission.Status.REJECTED, str(why))
            return
        status = (
            Submission.Status.ACCEPTED
            if validation.invalid == 0
            else Submission.Status.PARTIALLY_ACCEPTED
        )
        _finish(submission_id, status, "")


@transaction.atomic
def _claim(submission_id: int) -> Submission | None:
    claimed = Submission.objects.filter(
        pk=submission_id,
        status__in=[Submission.Status.RECEIVED, Submission.Status.VALIDATING],
    ).update(
        status=Submission.Status.VALIDATING,
        claimed_at=timezone.now(),
        heartbeat_at=timezone.now(),
        attempts=F("attempts") + 1,
        processed_rows=0,
        merged_rows=0,
        valid_rows=0,
        invalid_rows=0,
    )
    if not claimed:
        return None
    # A re-run starts from the stored rows again: the earlier run's partial work goes.
    RowError.objects.filter(submission_id=submission_id).delete()
    StagedRow.objects.filter(submission_id=submission_id).delete()
    return Submission.objects.select_related("item__version", "agency").get(pk=submission_id)


@transaction.atomic
def _finish(submission_id: int, status: str, reason: str) -> None:
    submission = Submission.objects.select_for_update().get(pk=submission_id)
    submission.status = status
    submission.failure_reason = reason
    submission.finished_at = timezone.now()
    submission.save(update_fields=["status", "failure_reason", "finished_at"])
    StagedRow.objects.filter(submission_id=submission_id).delete()
    audit_record(
        actor=submission.submitter,
        action=f"submission.{status}",
        target=submission,
        detail={"valid": submission.valid_rows, "invalid": submission.invalid_rows},
    )


@transaction.atomic
def submission_fail(*, submission_id: int, reason: str) -> None:
    """Record a permanent failure, so the submitter sees "failed" and why."""
    open_statuses = [Submission.Status.RECEIVED, Submission.Status.VALIDATING]
    if Submission.objects.filter(pk=submission_id, status__in=open_statuses).exists():
        _finish(submission_id, Submission.Status.FAILED, reason[:2000])


def submissions_requeue_stalled(*, now: Any = None, batch: int = 100) -> int:
    """Queue again what was left received or stalled validating (broker down, worker killed)."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.SUBMISSION_STALL_SECONDS)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [REQUEUE_LOCK])
        if not cursor.fetchone()[0]:
            return 0
        stalled = list(
            Submission.objects.filter(
                status=Submission.Status.RECEIVED, created_at__lt=cutoff
            ).values_list("pk", flat=True)[:batch]
        ) + list(
            Submission.objects.filter(
                status=Submission.Status.VALIDATING, heartbeat_at__lt=cutoff
            ).values_list("pk", flat=True)[:batch]
        )
    for submission_id in stalled:
        submission_enqueue(submission_id=submission_id)
    return len(stalled)


# --- records ---------------------------------------------------------------------------------


def _log_change(record: CreditRecord, kind: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO collection_recordchange (xid, record_id, kind, revision, at) "
            "VALUES (pg_current_xact_id()::text::bigint, %s, %s, %s, now())",
            [record.pk, kind, record.revision],
        )


def _keep_previous(record: CreditRecord, *, actor: User | None, reason: str) -> None:
    CreditRecordRevision.objects.create(
        record=record,
        revision=record.revision,
        payload=record.payload,
        status=record.status,
        reason=reason,
        changed_by=actor,
        changed_at=timezone.now(),
    )


def _locked(record: CreditRecord, actor: User | None) -> CreditRecord:
    if actor is not None and actor.agency_id != record.agency_id:
        raise ServiceError(_("Only the providing agency may change this record."))
    return CreditRecord.objects.select_for_update().select_related("item").get(pk=record.pk)


@transaction.atomic
def record_correct(
    *, record: CreditRecord, actor: User, payload_changes: dict[str, Any], reason: str
) -> CreditRecord:
    """Correct a record: the previous version goes to the history, the new one is validated."""
    if not reason.strip():
        raise ServiceError(_("Give a reason for the correction."))
    record = _locked(record, actor)
    if record.status == CreditRecord.Status.REVOKED:
        raise ServiceError(_("A revoked record cannot be corrected."))
    validator = compile_item(record.item)
    result = validator({**record.payload, **payload_changes})
    if not result.ok:
        raise ServiceError(
            "; ".join(f"{error.field}: {error.message()}" for error in result.errors)
        )
    if str(result.values.get(validator.key_field)) != record.source_key:
        raise ServiceError(_("The source key cannot change; revoke and submit a new record."))
    if result.values == record.payload:
        return record
    _keep_previous(record, actor=actor, reason=reason)
    record.payload = result.values
    decided = result.values.get("decision_date")
    record.decision_date = date.fromisoformat(decided) if isinstance(decided, str) else None
    record.revision += 1
    record.save(update_fields=["payload", "decision_date", "revision", "updated_at"])
    _log_change(record, "update")
    audit_record(actor=actor, action="record.correct", target=record, detail={"reason": reason})
    return record


@transaction.atomic
def record_revoke(*, record: CreditRecord, actor: User, reason: str) -> CreditRecord:
    """Revoke a record (reviewer role); it leaves public view at once."""
    if not actor.has_role(Role.AGENCY_REVIEWER):
        raise ServiceError(_("Only an agency reviewer may revoke a record."))
    if not reason.strip():
        raise ServiceError(_("Give a reason for the revocation."))
    record = _locked(record, actor)
    if record.status == CreditRecord.Status.REVOKED:
        raise ServiceError(_("The record is already revoked."))
    _keep_previous(record, actor=actor, reason=reason)
    record.status = CreditRecord.Status.REVOKED
    record.revoked_reason = reason.strip()
    record.revision += 1
    record.save(update_fields=["status", "revoked_reason", "revision", "updated_at"])
    _log_change(record, "revoke")
    audit_record(actor=actor, action="record.revoke", target=record, detail={"reason": reason})
    return record


@transaction.atomic
def record_set_objection(*, record: CreditRecord, on: bool, actor: Any) -> CreditRecord:
    """Mark a record as under objection (or clear the mark) for the disclosure app."""
    record = CreditRecord.objects.select_for_update().get(pk=record.pk)
    if record.under_objection == on:
        return record
    record.under_objection = on
    record.save(update_fields=["under_objection", "updated_at"])
    _log_change(record, "update")
    audit_record(actor=actor, action="record.objection", target=record, detail={"on": on})
    return record


@transaction.atomic
def record_mark_repaired(*, record: CreditRecord, actor: Any, reason: str) -> CreditRecord:
    """End a record's public display after an approved credit repair; it stays archived."""
    record = CreditRecord.objects.select_for_update().get(pk=record.pk)
    if record.status != CreditRecord.Status.ACTIVE:
        raise ServiceError(_("Only an active record can be repaired."))
    _keep_previous(record, actor=actor if isinstance(actor, User) else None, reason=reason)
    record.status = CreditRecord.Status.REPAIRED
    record.revision += 1
    record.save(update_fields=["status", "revision", "updated_at"])
    _log_change(record, "update")
    audit_record(actor=actor, action="record.repaired", target=record, detail={"reason": reason})
    return record


EXPIRE_SQL = """
WITH due AS (
    SELECT id FROM collection_creditrecord
    WHERE status = 'active' AND display_until < %(today)s
    ORDER BY id LIMIT %(batch)s FOR UPDATE SKIP LOCKED
),
hist AS (
    INSERT INTO collection_creditrecordrevision
        (record_id, revision, payload, status, reason, changed_at)
    SELECT r.id, r.revision, r.payload, r.status, 'disclosure period ended', now()
    FROM collection_creditrecord r JOIN due ON due.id = r.id
),
up AS (
    UPDATE collection_creditrecord r SET status = 'expired', revision = r.revision + 1,
        updated_at = now()
    FROM due WHERE r.id = due.id RETURNING r.id, r.revision
)
INSERT INTO collection_recordchange (xid, record_id, kind, revision, at)
SELECT pg_current_xact_id()::text::bigint, id, 'update', revision, now() FROM up
"""


def records_expire_due(*, today: date, batch: int = 1000) -> int:
    """End the display of records past their disclosure window, a batch per transaction."""
    total = 0
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(EXPIRE_SQL, {"today": today, "batch": batch})
            done = cursor.rowcount
        total += done
        if done < batch:
            return total


# --- API keys ----------------------------------------------------------------------------------


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def apikey_create(*, agency: Agency, name: str, actor: User) -> tuple[ApiKey, str]:
    """A new key for an agency system; the token is returned once and stored only hashed."""
    if not actor.has_role(Role.PLATFORM_ADMIN):
        raise ServiceError(_("Only a platform administrator may create API keys."))
    if not name.strip():
        raise ServiceError(_("Name the system that will use the key."))
    prefix = secrets.token_hex(4)
    token = f"{prefix}.{secrets.token_urlsafe(32)}"
    user = User.objects.create(username=f"api-key-{prefix}", first_name=name[:150])
    user.set_unusable_password()
    user.save(update_fields=["password"])
    user_set_roles(user=user, roles=[Role.AGENCY_SUBMITTER])
    user_set_agency(user=user, agency=agency)
    key = ApiKey.objects.create(
        agency=agency,
        name=name.strip(),
        prefix=prefix,
        secret_hash=_hash(token),
        user=user,
        created_by=actor,
    )
    audit_record(actor=actor, action="apikey.create", target=key, detail={"agency": agency.code})
    return key, token


@transaction.atomic
def apikey_revoke(*, key: ApiKey, actor: User) -> None:
    """Revoke a key at once; its requests fail from now on."""
    updated = ApiKey.objects.filter(pk=key.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    User.objects.filter(pk=key.user_id).update(is_active=False)
    if updated:
        audit_record(actor=actor, action="apikey.revoke", target=key)


def apikey_authenticate(*, token: str) -> ApiKey | None:
    """The live key a token belongs to; its last use is written at most once a minute."""
    prefix = token.split(".", 1)[0]
    key = ApiKey.objects.select_related("user", "agency").filter(prefix=prefix).first()
    if key is None or key.revoked_at is not None:
        return None
    if not secrets.compare_digest(key.secret_hash, _hash(token)):
        return None
    now = timezone.now()
    if key.last_used_at is None or now - key.last_used_at > timedelta(minutes=1):
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        key.last_used_at = now
    return key
