"""Disclosure: the working-day calendar, the inquiry log and authorisation codes."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from credit_platform.models import Agency, Subject


class CalendarDay(models.Model):
    """An exception to the Monday-to-Friday week: a public holiday or a make-up working day."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Public holiday (rest day)")
        MAKEUP_WORKDAY = "makeup_workday", _("Make-up working day")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name_zh = models.CharField(_("name (Chinese)"), max_length=60)
    name_en = models.CharField(_("name (English)"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["holiday", "makeup_workday"]), name="calendar_day_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.name}"

    @property
    def name(self) -> str:
        language = get_language() or "zh-hans"
        return (self.name_en or self.name_zh) if language.startswith("en") else self.name_zh


class Authorisation(models.Model):
    """A subject's written consent that a named third party may see its authorised-inquiry items.

    Only a hash of the code is stored: the issuer sees the code once, at issue.
    """

    subject = models.ForeignKey(
        Subject, on_delete=models.PROTECT, related_name="authorisations", verbose_name=_("subject")
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("issued by"),
    )
    code_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The last characters, so the issuer can tell several codes apart without the code.
    code_hint = models.CharField(_("code ends with"), max_length=4, editable=False)
    all_items = models.BooleanField(_("all authorised-inquiry items"), default=False)
    item_codes = ArrayField(
        models.SlugField(max_length=60), verbose_name=_("catalogue items"), default=list, blank=True
    )
    grantee = models.CharField(_("granted to"), max_length=200)
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    uses = models.PositiveIntegerField(_("uses"), default=0)

    class Meta:
        verbose_name = _("authorisation")
        verbose_name_plural = _("authorisations")
        ordering = ["-issued_at", "-id"]
        constraints = [
            # A scope is either every authorised-inquiry item or a named list, never neither.
            models.CheckConstraint(
                condition=Q(all_items=True, item_codes=[])
                | (Q(all_items=False) & ~Q(item_codes=[])),
                name="authorisation_scope",
            ),
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("issued_at")), name="authorisation_expires_later"
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | Q(revoked_by__isnull=False),
                name="authorisation_revoked_by_someone",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.grantee} (…{self.code_hint})"

    def covers(self, item_code: str) -> bool:
        return self.all_items or item_code in self.item_codes


class Inquiry(models.Model):
    """One lookup of a subject: who, when, on what basis. Append-only (a trigger refuses changes).

    Foreign keys protect: deleting a user or subject would have to rewrite the log.
    """

    class Basis(models.TextChoices):
        PUBLIC = "public", _("Public information")
        OWN = "own", _("The subject's own information")
        AUTHORISED = "authorised", _("Authorised inquiry")
        GOVERNMENT = "government", _("Government sharing")

    class What(models.TextChoices):
        PROFILE = "profile", _("Profile")
        REPORT = "report", _("Credit report")
        API = "api", _("API lookup")
        RECORDS = "records", _("Records")

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("viewer"),
    )
    viewer_label = models.CharField(_("viewer"), max_length=150, blank=True)
    viewer_agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ip = models.GenericIPAddressField(null=True, blank=True)
    subject = models.ForeignKey(
        Subject, on_delete=models.PROTECT, related_name="inquiries", verbose_name=_("subject")
    )
    basis = models.CharField(_("basis"), max_length=12, choices=Basis.choices)
    purpose = models.TextField(_("purpose"), blank=True)
    authorisation = models.ForeignKey(
        Authorisation, null=True, blank=True, on_delete=models.PROTECT, related_name="inquiries"
    )
    what = models.CharField(_("what"), max_length=10, choices=What.choices)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("inquiry")
        verbose_name_plural = _("inquiries")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["subject", "-at", "-id"], name="inquiry_subject_at")]
        constraints = [
            # Government sharing is logged with its stated purpose (REFERENCE.md section 2).
            models.CheckConstraint(
                condition=~Q(basis="government") | ~Q(purpose=""),
                name="inquiry_government_has_purpose",
            ),
            # An authorised inquiry keeps the authorisation as its proof.
            models.CheckConstraint(
                condition=Q(basis="authorised", authorisation__isnull=False)
                | (~Q(basis="authorised") & Q(authorisation__isnull=True)),
                name="inquiry_authorised_has_proof",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.viewer_label} {self.subject_id} {self.basis}"


class CreditReport(models.Model):
    """An issued credit report: a frozen snapshot of what it showed, and the hash that proves it.

    ``content`` is what the PDF and the printable page are rendered from, so a report reads
    the same years later even after its records have changed or ended.
    """

    number = models.CharField(_("report number"), max_length=20, unique=True)
    subject = models.ForeignKey(
        Subject, on_delete=models.PROTECT, related_name="credit_reports", verbose_name=_("subject")
    )
    issued_at = models.DateTimeField(_("issued"), db_index=True)
    issued_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("issued to"),
    )
    basis = models.CharField(_("basis"), max_length=12, choices=Inquiry.Basis.choices)
    content = models.JSONField(_("content"))
    content_hash = models.CharField(_("content hash (SHA-256)"), max_length=64)

    class Meta:
        verbose_name = _("credit report")
        verbose_name_plural = _("credit reports")
        ordering = ["-issued_at", "-id"]
        constraints = [
            # A report is issued to the public or to the subject itself, never on other bases.
            models.CheckConstraint(
                condition=Q(basis__in=["public", "own"]), name="credit_report_basis"
            ),
            models.CheckConstraint(
                condition=Q(content_hash__regex=r"^[0-9a-f]{64}$"), name="credit_report_hash"
            ),
        ]

    def __str__(self) -> str:
        return self.number


# Objection and repair cases live in their own module; imported here to register them.
from disclosure.models_cases import (  # noqa: E402
    CaseEvent,
    CaseEvidence,
    Objection,
    RepairApplication,
)

__all__ = [
    "Authorisation",
    "CalendarDay",
    "CaseEvent",
    "CaseEvidence",
    "CreditReport",
    "Inquiry",
    "Objection",
    "RepairApplication",
]
