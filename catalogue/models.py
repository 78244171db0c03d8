"""The public credit information catalogue: versions, items, field specs, and the policy table."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from credit_platform.models import Agency, Subject


def _pick(zh: str, en: str) -> str:
    language = get_language() or "zh-hans"
    return (en or zh) if language.startswith("en") else zh


class CatalogueVersion(models.Model):
    """One edition of the catalogue. Approved and later versions never change (Article 11)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for approval")
        APPROVED = "approved", _("Approved")
        PUBLISHED = "published", _("Published (in force)")
        SUPERSEDED = "superseded", _("Superseded")

    label = models.CharField(_("label"), max_length=20, unique=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    based_on = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("based on"),
    )
    change_note = models.TextField(_("change note"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("approver"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    effective_from = models.DateField(_("effective from"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    superseded_at = models.DateTimeField(_("superseded"), null=True, blank=True)

    class Meta:
        verbose_name = _("catalogue version")
        verbose_name_plural = _("catalogue versions")
        ordering = ["-created_at"]
        constraints = [
            # Four-eyes rule: the approver is never the author.
            models.CheckConstraint(
                condition=Q(approver__isnull=True) | ~Q(approver=F("author")),
                name="catalogue_version_approver_not_author",
            ),
            # At most one version is in force.
            models.UniqueConstraint(
                fields=["status"],
                condition=Q(status="published"),
                name="catalogue_one_version_in_force",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT


class CatalogueTransition(models.Model):
    """The audit trail of a version's workflow: who moved it, when, with what comment."""

    version = models.ForeignKey(
        CatalogueVersion, on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    comment = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.version}: {self.from_status} -> {self.to_status}"

    @property
    def from_label(self) -> str:
        labels = dict(CatalogueVersion.Status.choices)
        return str(labels.get(self.from_status, self.from_status))

    @property
    def to_label(self) -> str:
        return str(dict(CatalogueVersion.Status.choices).get(self.to_status, self.to_status))


class CatalogueItem(models.Model):
    """A kind of public credit information in a version; its ``code`` stays across versions."""

    class Category(models.TextChoices):
        REGISTRATION = "registration", _("Registration")
        LICENCE = "licence", _("Administrative licence")
        PENALTY = "penalty", _("Administrative penalty")
        JUDICIAL = "judicial", _("Judicial")
        TAX = "tax", _("Tax")
        SOCIAL_INSURANCE = "social_insurance", _("Social insurance")
        COMMITMENT = "commitment", _("Credit commitment")
        HONOUR = "honour", _("Honours and awards")
        OTHER = "other", _("Other")

    class DisclosureLevel(models.TextChoices):
        PUBLIC = "public", _("Public")
        AUTHORISED = "authorised", _("On authorised inquiry")
        GOVERNMENT = "government", _("Government sharing only")

    class DisclosureClass(models.TextChoices):
        MINOR = "minor", _("Minor")
        GENERAL = "general", _("General")
        SERIOUS = "serious", _("Serious")
        NONE = "none", _("Not dishonesty information")

    class Frequency(models.TextChoices):
        REALTIME = "realtime", _("Within 7 working days")
        DAILY = "daily", _("Daily")
        WEEKLY = "weekly", _("Weekly")
        MONTHLY = "monthly", _("Monthly")
        QUARTERLY = "quarterly", _("Quarterly")
        YEARLY = "yearly", _("Yearly")

    version = models.ForeignKey(CatalogueVersion, on_delete=models.CASCADE, related_name="items")
    code = models.SlugField(_("code"), max_length=60)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    providing_agencies = models.ManyToManyField(
        Agency, related_name="catalogue_items", blank=True, verbose_name=_("providing agencies")
    )
    subject_kinds = ArrayField(
        models.CharField(max_length=24, choices=Subject.Kind.choices),
        verbose_name=_("subject kinds"),
        default=list,
    )
    disclosure_level = models.CharField(
        _("disclosure level"), max_length=12, choices=DisclosureLevel.choices
    )
    disclosure_class = models.CharField(
        _("disclosure class"),
        max_length=8,
        choices=DisclosureClass.choices,
        default=DisclosureClass.NONE,
    )
    # Null: the maximum period of the class from the policy table applies.
    disclosure_months = models.PositiveSmallIntegerField(
        _("disclosure period (months)"), null=True, blank=True
    )
    update_frequency = models.CharField(
        _("update frequency"),
        max_length=10,
        choices=Frequency.choices,
        default=Frequency.REALTIME,
    )
    legal_basis = models.TextField(_("legal basis"), blank=True)
    key_field = models.CharField(
        _("source key field"),
        max_length=60,
        help_text=_(
            "The field whose value identifies a record within an agency, e.g. the decision number."
        ),
    )
    # Cross-field rules, each {"rule": name, ...parameters}; see catalogue.validation.
    cross_rules = models.JSONField(_("cross-field rules"), default=list, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("catalogue item")
        verbose_name_plural = _("catalogue items")
        ordering = ["order", "code"]
        # Granted per item to the providing agencies' groups when a version is published.
        permissions = [("submit_records", _("Can submit records for this item"))]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="catalogue_item_code_unique"),
        ]
        # Granted per object to each providing agency's group when a version is published.
        permissions = [("submit_records", _("Can submit records for this catalogue item"))]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        return _pick(self.name_zh, self.name_en)

    @property
    def description(self) -> str:
        return _pick(self.description_zh, self.description_en)

    @property
    def subject_kind_labels(self) -> list[str]:
        labels = dict(Subject.Kind.choices)
        return [str(labels.get(kind, kind)) for kind in self.subject_kinds]


class FieldSpec(models.Model):
    """One field of an item's records: its type and constraints drive the validator.

    Reserved names carry the subject: ``subject_name``, ``subject_kind``, ``subject_uscc``,
    ``subject_id_type``, ``subject_id_number``.
    """

    class Type(models.TextChoices):
        STRING = "string", _("Text (one line)")
        TEXT = "text", _("Text (long)")
        INTEGER = "integer", _("Whole number")
        DECIMAL = "decimal", _("Decimal number")
        DATE = "date", _("Date")
        DATETIME = "datetime", _("Date and time")
        BOOLEAN = "boolean", _("Yes / no")
        ENUM = "enum", _("Code list (one value)")
        MULTI_ENUM = "multi_enum", _("Code list (several values)")
        USCC = "uscc", _("Unified social credit code")
        RESIDENT_ID = "resident_id", _("Resident identity number")
        URL = "url", _("Web address")

    item = models.ForeignKey(CatalogueItem, on_delete=models.CASCADE, related_name="fields")
    name = models.SlugField(_("field name"), max_length=60)
    label_zh = models.CharField(_("label (Chinese)"), max_length=100)
    label_en = models.CharField(_("label (English)"), max_length=100)
    type = models.CharField(_("type"), max_length=12, choices=Type.choices)
    required = models.BooleanField(_("required"), default=False)
    min_length = models.PositiveIntegerField(_("minimum length"), null=True, blank=True)
    max_length = models.PositiveIntegerField(_("maximum length"), null=True, blank=True)
    min_value = models.DecimalField(
        _("minimum value"), max_digits=20, decimal_places=6, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("maximum value"), max_digits=20, decimal_places=6, null=True, blank=True
    )
    max_digits = models.PositiveSmallIntegerField(_("precision (digits)"), null=True, blank=True)
    decimal_places = models.PositiveSmallIntegerField(_("scale (decimals)"), null=True, blank=True)
    pattern = models.CharField(_("pattern (regular expression)"), max_length=200, blank=True)
    # [{"code": "01", "label_zh": "...", "label_en": "..."}, ...] for enum and multi_enum.
    choices = models.JSONField(_("code list"), default=list, blank=True)
    sensitive = models.BooleanField(
        _("sensitive"), default=False, help_text=_("Masked in all public output.")
    )
    help_zh = models.CharField(_("help (Chinese)"), max_length=300, blank=True)
    help_en = models.CharField(_("help (English)"), max_length=300, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("field")
        verbose_name_plural = _("fields")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["item", "name"], name="field_spec_name_unique"),
            models.CheckConstraint(
                condition=Q(min_length__isnull=True)
                | Q(max_length__isnull=True)
                | Q(min_length__lte=F("max_length")),
                name="field_spec_length_range",
            ),
            models.CheckConstraint(
                condition=Q(min_value__isnull=True)
                | Q(max_value__isnull=True)
                | Q(min_value__lte=F("max_value")),
                name="field_spec_value_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        return _pick(self.label_zh, self.label_en)

    @property
    def help(self) -> str:
        return _pick(self.help_zh, self.help_en)

    @property
    def constraint_list(self) -> list[tuple[str, object]]:
        """The constraints that are set, as (verbose name, value) for pages."""
        names = ["min_length", "max_length", "min_value", "max_value", "max_digits"]
        names += ["decimal_places", "pattern"]
        return [
            (str(getattr(self._meta.get_field(name), "verbose_name", name)), getattr(self, name))
            for name in names
            if getattr(self, name) not in (None, "")
        ]


class PolicySetting(models.Model):
    """A period or deadline of the disclosure, objection and repair rules, edited by admins.

    Seeded with REFERENCE.md's national and peer-province values; code reads them through
    ``catalogue.policy.value(key)``, never as constants.
    """

    class Unit(models.TextChoices):
        MONTHS = "months", _("months")
        YEARS = "years", _("years")
        DAYS = "days", _("calendar days")
        WORKING_DAYS = "working_days", _("working days")
        COUNT = "count", _("count")
        FLAG = "flag", _("on (1) / off (0)")

    key = models.SlugField(_("key"), max_length=60, unique=True)
    value = models.PositiveIntegerField(_("value"))
    unit = models.CharField(_("unit"), max_length=12, choices=Unit.choices)
    description_zh = models.CharField(_("description (Chinese)"), max_length=300)
    description_en = models.CharField(_("description (English)"), max_length=300)
    source = models.CharField(_("source"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("policy setting")
        verbose_name_plural = _("policy settings")
        ordering = ["key"]

    def __str__(self) -> str:
        return f"{self.key} = {self.value} {self.unit}"

    @property
    def description(self) -> str:
        return _pick(self.description_zh, self.description_en)
