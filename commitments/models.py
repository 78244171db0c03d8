"""Credit commitments (Article 13, REFERENCE.md section 5) and voluntary self-disclosure."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from credit_platform.models import Agency, Subject


def pick(zh: str, en: str) -> str:
    """The text in the current language, falling back to Chinese."""
    language = get_language() or "zh-hans"
    return (en or zh) if language.startswith("en") else zh


class Kind(models.TextChoices):
    APPLICATION = "application", _("Application-based (licence matter)")
    VOLUNTARY = "voluntary", _("Voluntary or industry self-discipline")
    REPAIR = "repair", _("Credit repair")


class CommitmentTemplate(models.Model):
    """An authority's written commitment text. A version that was signed never changes."""

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    code = models.SlugField(_("code"), max_length=60)
    version = models.PositiveIntegerField(_("version"), default=1)
    title_zh = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    # The four parts of the written notice that REFERENCE.md section 5 requires.
    matter_zh = models.TextField(_("the matter (Chinese)"))
    matter_en = models.TextField(_("the matter (English)"))
    conditions_zh = models.TextField(_("the conditions (Chinese)"))
    conditions_en = models.TextField(_("the conditions (English)"))
    verification_zh = models.TextField(_("the power to verify (Chinese)"))
    verification_en = models.TextField(_("the power to verify (English)"))
    consequences_zh = models.TextField(_("consequences of a false commitment (Chinese)"))
    consequences_en = models.TextField(_("consequences of a false commitment (English)"))
    body_zh = models.TextField(_("commitment text (Chinese)"))
    body_en = models.TextField(_("commitment text (English)"))
    # [{"name": "licence_item", "label_zh": "...", "label_en": "..."}]
    variables = models.JSONField(_("variables"), default=list, blank=True)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("agency concerned")
    )
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("commitment template")
        verbose_name_plural = _("commitment templates")
        ordering = ["kind", "code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="commitment_template_version"),
            models.UniqueConstraint(
                fields=["code"], condition=Q(active=True), name="commitment_template_one_active"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in Kind]), name="commitment_template_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} v{self.version}"

    @property
    def title(self) -> str:
        return pick(self.title_zh, self.title_en)


class Commitment(models.Model):
    """A signed commitment: its final text is kept as signed, with a content hash."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        FULFILLED = "fulfilled", _("Fulfilled")
        BREACHED = "breached", _("Breached")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    template = models.ForeignKey(
        CommitmentTemplate, on_delete=models.PROTECT, related_name="commitments"
    )
    template_version = models.PositiveIntegerField(_("template version"))
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="commitments")
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("agency concerned")
    )
    matter = models.CharField(_("matter"), max_length=200)
    values = models.JSONField(_("filled-in values"), default=dict)
    title_zh = models.CharField(max_length=200)
    title_en = models.CharField(max_length=200)
    notice_zh = models.TextField()
    notice_en = models.TextField()
    text_zh = models.TextField()
    text_en = models.TextField()
    signed_at = models.DateTimeField(_("signed"), db_index=True)
    content_hash = models.CharField(_("content hash (SHA-256)"), max_length=64, unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("credit commitment")
        verbose_name_plural = _("credit commitments")
        ordering = ["-signed_at", "-id"]
        indexes = [
            models.Index(fields=["subject", "-signed_at"], name="commitment_subject_idx"),
            models.Index(fields=["kind", "-signed_at", "-id"], name="commitment_kind_idx"),
            models.Index(fields=["-signed_at", "-id"], name="commitment_feed_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["active", "fulfilled", "breached", "withdrawn"]),
                name="commitment_status_known",
            ),
            # A concluded commitment always says who concluded it, when and (but for a
            # withdrawal) why.
            models.CheckConstraint(
                condition=Q(status="active", decided_at__isnull=True)
                | (Q(decided_at__isnull=False, decided_by__isnull=False) & ~Q(status="active")),
                name="commitment_decision_recorded",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["fulfilled", "breached"]) | ~Q(reason=""),
                name="commitment_decision_reasoned",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} {self.title_zh}"

    @property
    def title(self) -> str:
        return pick(self.title_zh, self.title_en)

    @property
    def notice(self) -> str:
        return pick(self.notice_zh, self.notice_en)

    @property
    def text(self) -> str:
        return pick(self.text_zh, self.text_en)


class SelfDisclosure(models.Model):
    """Information a subject publishes about itself under an authenticity commitment."""

    class Category(models.TextChoices):
        REGISTRATION = "registration", _("Registration")
        PRODUCTION_OPERATION = "production_operation", _("Production and operation")
        CONTRACT_PERFORMANCE = "contract_performance", _("Contract performance")
        SOCIAL_WELFARE = "social_welfare", _("Social welfare")

    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="self_disclosures")
    category = models.CharField(_("category"), max_length=24, choices=Category.choices)
    title = models.CharField(_("title"), max_length=200)
    payload = models.JSONField(_("details"), default=dict)
    authenticity_confirmed = models.BooleanField(_("authenticity committed"))
    authenticity_text = models.TextField(_("authenticity commitment"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(_("published"), db_index=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    hidden = models.BooleanField(_("not shown publicly"), default=False)

    class Meta:
        verbose_name = _("self-disclosure")
        verbose_name_plural = _("self-disclosures")
        ordering = ["-published_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(authenticity_confirmed=True), name="self_disclosure_authentic"
            ),
            # Only awards and donations may be kept off the public profile (issue #6).
            models.CheckConstraint(
                condition=Q(hidden=False)
                | Q(category="social_welfare", payload__kind__in=["award", "donation"]),
                name="self_disclosure_hide_awards_donations_only",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.withdrawn_at is None and not self.hidden


class SelfDisclosureAttachment(models.Model):
    disclosure = models.ForeignKey(
        SelfDisclosure, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(upload_to="self-disclosures/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()

    def __str__(self) -> str:
        return self.original_name
