"""Submissions and their rows and errors; credit records, their history and change log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from catalogue.models import CatalogueItem
from credit_platform.models import Agency, Subject


class Submission(models.Model):
    """One delivery of records by an agency through one channel (Article 12)."""

    class Channel(models.TextChoices):
        FORM = "form", _("Web form")
        FILE = "file", _("File upload")
        API = "api", _("API")
        SYSTEM = "system", _("Platform")

    class Policy(models.TextChoices):
        ACCEPT_VALID = "accept_valid", _("Accept the valid rows")
        ALL_OR_NOTHING = "all_or_nothing", _("All or nothing")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        VALIDATING = "validating", _("Validating")
        ACCEPTED = "accepted", _("Accepted")
        PARTIALLY_ACCEPTED = "partially_accepted", _("Partially accepted")
        REJECTED = "rejected", _("Rejected")
        FAILED = "failed", _("Failed")

    FINAL = (Status.ACCEPTED, Status.PARTIALLY_ACCEPTED, Status.REJECTED, Status.FAILED)

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="submissions")
    item = models.ForeignKey(
        CatalogueItem, on_delete=models.PROTECT, related_name="submissions", verbose_name=_("item")
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    submitter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="submissions",
        verbose_name=_("submitter"),
    )
    idempotency_key = models.CharField(max_length=100, null=True, blank=True)
    policy = models.CharField(
        _("acceptance policy"), max_length=16, choices=Policy.choices, default=Policy.ACCEPT_VALID
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    total_rows = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    processed_rows = models.PositiveIntegerField(default=0)
    merged_rows = models.PositiveIntegerField(default=0)
    valid_rows = models.PositiveIntegerField(_("valid rows"), default=0)
    invalid_rows = models.PositiveIntegerField(_("invalid rows"), default=0)
    failure_reason = models.TextField(_("reason"), blank=True)
    file = models.FileField(upload_to="submissions/%Y/%m/", null=True, blank=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    file_format = models.CharField(max_length=8, blank=True)  # csv or xlsx
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True, db_index=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["agency", "-created_at"], name="submission_agency_recent"),
            models.Index(
                fields=["status", "heartbeat_at"],
                name="submission_open",
                condition=Q(status__in=["received", "validating"]),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "submitter", "idempotency_key"],
                name="submission_idempotency_key",
                condition=Q(idempotency_key__isnull=False),
                nulls_distinct=False,
            ),
            models.CheckConstraint(
                condition=Q(processed_rows__lte=models.F("total_rows"))
                | Q(total_rows__isnull=True),
                name="submission_progress_within_total",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.item.code} {self.status}"

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINAL

    @property
    def progress_percent(self) -> int:
        if self.is_finished:
            return 100
        if not self.total_rows:
            return 0
        # Two passes: validation of every row, then the merge of the valid ones.
        done = self.processed_rows + self.merged_rows
        return min(99, int(100 * done / (self.total_rows + max(self.valid_rows, 1))))


class SubmissionRow(models.Model):
    """A raw row of a form, API or system submission, kept so the task can run again."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="rows")
    row_number = models.PositiveIntegerField()
    data = models.JSONField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["submission", "row_number"], name="submission_row_once")
        ]

    def __str__(self) -> str:
        return f"{self.submission_id}:{self.row_number}"


class RowError(models.Model):
    """Why one row (or one field of it) was refused."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="errors")
    row_number = models.PositiveIntegerField(_("row"))
    field = models.CharField(_("field"), max_length=60, blank=True)
    code = models.CharField(max_length=40)
    message_zh = models.CharField(max_length=500)
    message_en = models.CharField(max_length=500)
    value = models.CharField(_("value"), max_length=200, null=True, blank=True)

    class Meta:
        ordering = ["row_number", "id"]
        indexes = [models.Index(fields=["submission", "row_number"], name="row_error_by_row")]

    def __str__(self) -> str:
        return f"{self.row_number} {self.field} {self.code}"

    def message(self, language: str | None = None) -> str:
        from django.utils.translation import get_language

        language = language or get_language() or "zh-hans"
        return self.message_en if language.startswith("en") else self.message_zh


class StagedRow(models.Model):
    """A valid row between validation and merge; unlogged, cleared when the submission ends."""

    # No foreign-key constraints: the rows are COPYed in bulk and deleted by the pipeline.
    submission = models.ForeignKey(
        Submission, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False
    )
    row_number = models.PositiveIntegerField()
    source_key = models.CharField(max_length=200)
    subject = models.ForeignKey(
        Subject, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False
    )
    payload = models.JSONField()
    decision_date = models.DateField(null=True)

    class Meta:
        indexes = [models.Index(fields=["submission", "row_number"], name="staged_row_by_row")]

    def __str__(self) -> str:
        return f"{self.submission_id}:{self.row_number}"


class CreditRecord(models.Model):
    """One piece of public credit information, unique per agency, item and source key."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        REVOKED = "revoked", _("Revoked")
        REPAIRED = "repaired", _("Repaired")
        EXPIRED = "expired", _("Expired")

    subject = models.ForeignKey(
        Subject, on_delete=models.PROTECT, related_name="credit_records", verbose_name=_("subject")
    )
    item = models.ForeignKey(
        CatalogueItem, on_delete=models.PROTECT, related_name="records", verbose_name=_("item")
    )
    item_code = models.SlugField(_("item code"), max_length=60)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="credit_records", verbose_name=_("agency")
    )
    source_key = models.CharField(_("source key"), max_length=200)
    payload = models.JSONField(_("content"))
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    published_on = models.DateField(_("published on"))
    display_until = models.DateField(_("displayed until"), null=True, blank=True)
    disclosure_class = models.CharField(
        _("disclosure class"), max_length=8, choices=CatalogueItem.DisclosureClass.choices
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    under_objection = models.BooleanField(_("under objection"), default=False)
    revision = models.PositiveIntegerField(_("revision"), default=1)
    revoked_reason = models.TextField(_("revocation reason"), blank=True)
    last_submission = models.ForeignKey(
        Submission, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("credit record")
        verbose_name_plural = _("credit records")
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "item_code", "source_key"], name="credit_record_source_key"
            ),
            models.CheckConstraint(
                condition=~Q(status="revoked") | ~Q(revoked_reason=""),
                name="credit_record_revoked_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["subject", "status"], name="credit_record_subject"),
            models.Index(fields=["agency", "-updated_at"], name="credit_record_agency_recent"),
            models.Index(
                fields=["display_until"],
                name="credit_record_display_until",
                condition=Q(status="active"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_code}/{self.source_key}"


class CreditRecordRevision(models.Model):
    """A superseded version of a record: what it said before a change, and who changed it."""

    record = models.ForeignKey(CreditRecord, on_delete=models.CASCADE, related_name="revisions")
    revision = models.PositiveIntegerField(_("revision"))
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=CreditRecord.Status.choices)
    reason = models.TextField(_("reason"), blank=True)
    submission = models.ForeignKey(
        Submission, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed"))

    class Meta:
        ordering = ["-revision"]
        constraints = [
            models.UniqueConstraint(fields=["record", "revision"], name="record_revision_once")
        ]

    def __str__(self) -> str:
        return f"{self.record_id} r{self.revision}"


class RecordChange(models.Model):
    """The change feed: one row per insert, update or revocation, with its transaction id.

    ``xid`` is ``pg_current_xact_id()`` of the writing transaction; the feed serves only
    changes of transactions older than every running one, so a late commit is never skipped.
    """

    class Kind(models.TextChoices):
        INSERT = "insert", _("Inserted")
        UPDATE = "update", _("Updated")
        REVOKE = "revoke", _("Revoked")

    xid = models.BigIntegerField()
    record = models.ForeignKey(CreditRecord, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    revision = models.PositiveIntegerField()
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["xid", "id"], name="record_change_order")]

    def __str__(self) -> str:
        return f"{self.xid}/{self.pk} {self.kind} {self.record_id}"


class ApiKey(models.Model):
    """A key for an agency system; only its sha256 is stored, the token is shown once."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="api_keys", verbose_name=_("agency")
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=12, unique=True)
    secret_hash = models.CharField(max_length=64)
    # The actor the key authenticates as: holds the agency's group, so the agency's
    # object permissions apply unchanged.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_key"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"
