"""Objections to records and credit-repair applications: cases with deadlines and a history.

Imported by ``disclosure.models`` so Django registers them with the disclosure app.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from collection.models import CreditRecord
from credit_platform.models import Agency, Subject


class Case(models.Model):
    """What objections and repair applications share: the providing agency that decides, the
    platform's check, the agency's deadline and decision. ``OPEN``: the statuses still open;
    ``DUE``: for each open status, the field holding the deadline of that step."""

    OPEN: tuple[str, ...] = ()
    DUE: dict[str, str] = {}

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("providing agency")
    )
    filed_at = models.DateTimeField(_("filed"), auto_now_add=True)
    checked_at = models.DateTimeField(_("checked"), null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_due = models.DateField(_("decision due"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        abstract = True

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN  # type: ignore[attr-defined]

    @property
    def due(self) -> datetime.date | None:
        """The deadline of the step the case is at (None once closed)."""
        field = self.DUE.get(self.status)  # type: ignore[attr-defined]
        return getattr(self, field) if field else None


class Objection(Case):
    """A dispute about one record (REFERENCE.md section 3), from filing to the agency's outcome."""

    class Grounds(models.TextChoices):
        WRONG = "wrong", _("The record is wrong or incomplete")
        PAST_PERIOD = "past_period", _("The record is shown past its disclosure period")
        LISTING = "listing", _("The subject was wrongly put on, or not removed from, a list")

    class Status(models.TextChoices):
        FIRST_CHECK = "first_check", _("Awaiting the platform's first check")
        AGENCY = "agency", _("With the providing agency")
        REFUSED = "refused", _("Refused at the first check")
        DECIDED = "decided", _("Decided")

    class Outcome(models.TextChoices):
        CORRECTED = "corrected", _("Record corrected")
        SUPPLEMENTED = "supplemented", _("Record supplemented")
        STOPPED = "stopped", _("Display stopped")
        UPHELD = "upheld", _("Record upheld")

    OPEN = (Status.FIRST_CHECK, Status.AGENCY)
    DUE = {Status.FIRST_CHECK: "first_check_due", Status.AGENCY: "decision_due"}

    record = models.ForeignKey(
        CreditRecord, on_delete=models.PROTECT, related_name="objections", verbose_name=_("record")
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="objections",
        verbose_name=_("applicant"),
    )
    grounds = models.CharField(_("grounds"), max_length=12, choices=Grounds.choices)
    description = models.TextField(_("description"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.FIRST_CHECK
    )
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, blank=True)
    first_check_due = models.DateField(_("first check due"))
    refusal_reason = models.TextField(_("reason for refusal"), blank=True)
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    decision_reason = models.TextField(_("reasons of the decision"), blank=True)

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["-filed_at", "-id"]
        indexes = [
            models.Index(
                fields=["status", "first_check_due"],
                name="objection_open",
                condition=Q(status__in=["first_check", "agency"]),
            ),
            models.Index(fields=["agency", "status"], name="objection_agency"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="decided", decided_at__isnull=False) & ~Q(outcome="")
                | ~Q(status="decided") & Q(outcome=""),
                name="objection_outcome_when_decided",
            ),
            models.CheckConstraint(
                condition=~Q(status="refused") | ~Q(refusal_reason=""),
                name="objection_refusal_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["agency", "decided"]) | Q(decision_due__isnull=False),
                name="objection_agency_has_deadline",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.record_id} {self.status}"

    @property
    def extended(self) -> bool:
        return bool(self.extension_reason)


class RepairApplication(Case):
    """A subject's request to end a record's display early (REFERENCE.md section 4)."""

    class Status(models.TextChoices):
        PLATFORM = "platform", _("Awaiting the platform's check")
        PENDING = "pending", _("With the providing agency")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    OPEN = (Status.PLATFORM, Status.PENDING)
    DUE = {Status.PLATFORM: "platform_due", Status.PENDING: "decision_due"}

    record = models.ForeignKey(
        CreditRecord, on_delete=models.PROTECT, related_name="repairs", verbose_name=_("record")
    )
    subject = models.ForeignKey(
        Subject, on_delete=models.PROTECT, related_name="+", verbose_name=_("subject")
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="repair_applications",
        verbose_name=_("applicant"),
    )
    description = models.TextField(_("how the obligations were fulfilled"))
    letter = models.FileField(_("signed credit commitment letter"), upload_to="repairs/%Y/%m/")
    letter_name = models.CharField(max_length=200)
    letter_confirmed = models.BooleanField(_("letter signed by the subject"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLATFORM
    )
    # The platform answers first (checks the application and passes it on), then the
    # providing agency decides within its own deadline from receiving it (REFERENCE.md s. 4).
    platform_due = models.DateField(_("platform's answer due"), null=True, blank=True)
    reason = models.TextField(_("reasons of the decision"), blank=True)

    class Meta:
        verbose_name = _("credit repair application")
        verbose_name_plural = _("credit repair applications")
        ordering = ["-filed_at", "-id"]
        indexes = [models.Index(fields=["agency", "status"], name="repair_agency")]
        constraints = [
            models.UniqueConstraint(
                fields=["record"],
                condition=Q(status__in=["platform", "pending"]),
                name="repair_one_open_per_record",
            ),
            models.CheckConstraint(condition=Q(letter_confirmed=True), name="repair_letter_signed"),
            models.CheckConstraint(
                condition=Q(status__in=["platform", "pending"], decided_at__isnull=True)
                | ~Q(status__in=["platform", "pending"]) & Q(decided_at__isnull=False),
                name="repair_decision_recorded",
            ),
            models.CheckConstraint(
                condition=~Q(status="platform") | Q(platform_due__isnull=False),
                name="repair_platform_has_deadline",
            ),
            models.CheckConstraint(
                condition=~Q(status="pending") | Q(decision_due__isnull=False),
                name="repair_agency_has_deadline",
            ),
            models.CheckConstraint(
                condition=~Q(status="refused") | ~Q(reason=""), name="repair_refusal_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.record_id} {self.status}"


class CaseEvidence(models.Model):
    """A proof file of an objection or a repair application (type decided by its bytes)."""

    objection = models.ForeignKey(
        Objection, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    repair = models.ForeignKey(
        RepairApplication, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(upload_to="case-evidence/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField(_("size"))

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(objection__isnull=False, repair__isnull=True)
                | Q(objection__isnull=True, repair__isnull=False),
                name="case_evidence_one_case",
            ),
        ]

    def __str__(self) -> str:
        return self.original_name


EVENT_LABELS = {
    "filed": _("Filed"),
    "accepted": _("Passed to the providing agency"),
    "refused": _("Refused"),
    "extended": _("Deadline extended"),
    "decided": _("Decided"),
    "approved": _("Approved"),
}


class CaseEvent(models.Model):
    """One step of a case, in order: the history the applicant and the staff read."""

    objection = models.ForeignKey(
        Objection, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    repair = models.ForeignKey(
        RepairApplication, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField(_("time"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(_("step"), max_length=40)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(objection__isnull=False, repair__isnull=True)
                | Q(objection__isnull=True, repair__isnull=False),
                name="case_event_one_case",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"

    @property
    def label(self) -> str:
        return str(EVENT_LABELS.get(self.action, self.action))
