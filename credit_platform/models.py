"""The shared core: users, agencies, credit subjects, representation and the audit trail."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Role groups; created by a migration, assigned by platform admins."""

    PLATFORM_ADMIN = "platform_admin", _("Platform administrator")
    CATALOGUE_APPROVER = "catalogue_approver", _("Catalogue approver")
    AGENCY_SUBMITTER = "agency_submitter", _("Agency submitter")
    AGENCY_REVIEWER = "agency_reviewer", _("Agency reviewer")


class BilingualNameMixin(models.Model):
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        language = get_language() or "zh-hans"
        return (self.name_en or self.name_zh) if language.startswith("en") else self.name_zh


class Agency(BilingualNameMixin):
    """A state organ or authorised organisation that provides public credit information."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        CITY = "city", _("City")
        COUNTY = "county", _("County")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    uscc = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")), name="agency_not_own_parent"
            ),
        ]


class User(AbstractUser):
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def has_role(self, role: Role) -> bool:
        if not self.is_active:
            return False
        if self.is_superuser and role == Role.PLATFORM_ADMIN:
            return True
        return role.value in self.role_names

    @property
    def role_names(self) -> frozenset[str]:
        cached = getattr(self, "_role_names", None)
        if cached is None:
            cached = frozenset(self.groups.values_list("name", flat=True))
            self._role_names = cached
        return cached


class Subject(models.Model):
    """A credit subject: an organisation, an individual business or a natural person."""

    class Kind(models.TextChoices):
        LEGAL_PERSON = "legal_person", _("Legal person")
        OTHER_ORGANISATION = "other_organisation", _("Other organisation")
        INDIVIDUAL_BUSINESS = "individual_business", _("Individual business")
        NATURAL_PERSON = "natural_person", _("Natural person")

    class IdType(models.TextChoices):
        RESIDENT_ID = "01", _("Resident identity card")
        PASSPORT = "02", _("Passport")
        HK_MACAO = "03", _("Hong Kong and Macao permit")
        TAIWAN = "04", _("Taiwan permit")
        FOREIGN_RESIDENT = "05", _("Foreigner's permanent residence card")

    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    uscc = models.CharField(
        _("unified social credit code"), max_length=18, null=True, blank=True, unique=True
    )
    id_type = models.CharField(
        _("identity document type"), max_length=2, choices=IdType.choices, blank=True
    )
    id_number = models.CharField(
        _("identity document number"), max_length=40, null=True, blank=True
    )
    former_names = ArrayField(
        models.CharField(max_length=200), verbose_name=_("former names"), default=list, blank=True
    )
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("credit subject")
        verbose_name_plural = _("credit subjects")
        indexes = [GinIndex(fields=["search_vector"], name="subject_search_gin")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="natural_person") & Q(id_number__isnull=False) & ~Q(id_type=""))
                | (~Q(kind="natural_person") & Q(uscc__isnull=False)),
                name="subject_identified",
            ),
            models.UniqueConstraint(
                fields=["id_type", "id_number"],
                name="subject_unique_identity",
                condition=Q(id_number__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_natural_person(self) -> bool:
        return self.kind == self.Kind.NATURAL_PERSON


class Representation(models.Model):
    """A user acting for a subject, once a platform admin has verified the claim."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending verification")
        VERIFIED = "verified", _("Verified")
        REFUSED = "refused", _("Refused")
        REVOKED = "revoked", _("Revoked")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="representations"
    )
    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="representations")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    legal_representative = models.CharField(_("legal representative"), max_length=100)
    letter = models.FileField(_("authorisation letter"), upload_to="representations/%Y/%m/")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("representation")
        verbose_name_plural = _("representations")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "subject"],
                name="representation_one_open_claim",
                condition=Q(status__in=["pending", "verified"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.subject}"


class AuditEvent(models.Model):
    """One operation on the platform. Append-only: a database trigger refuses changes."""

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(max_length=150, blank=True)
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.SET_NULL)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    target_type = models.CharField(max_length=80, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"
