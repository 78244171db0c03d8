"""Django admin for housekeeping: drafts may be edited, anything approved is read-only.

The workflow itself (submit, approve, publish) runs only through the catalogue pages and
their services; here the status and approval columns are never editable.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import ForeignKey
from django.forms import ModelChoiceField
from django.http import HttpRequest

from catalogue.models import (
    CatalogueItem,
    CatalogueTransition,
    CatalogueVersion,
    FieldSpec,
    PolicySetting,
)


def _is_draft(obj: Any) -> bool:
    version = obj if isinstance(obj, CatalogueVersion) else getattr(obj, "version", None)
    if isinstance(obj, FieldSpec):
        version = obj.item.version
    return version is None or version.status == CatalogueVersion.Status.DRAFT


class DraftOnlyAdmin(admin.ModelAdmin):
    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and (obj is None or _is_draft(obj))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) and (obj is None or _is_draft(obj))


@admin.register(CatalogueVersion)
class CatalogueVersionAdmin(DraftOnlyAdmin):
    list_display = ("label", "status", "author", "approver", "effective_from", "published_at")
    list_filter = ("status",)
    readonly_fields = (
        "status",
        "author",
        "approver",
        "based_on",
        "created_at",
        "submitted_at",
        "approved_at",
        "effective_from",
        "published_at",
        "superseded_at",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a draft is started on the catalogue pages, which record the author


@admin.register(CatalogueItem)
class CatalogueItemAdmin(DraftOnlyAdmin):
    list_display = ("code", "name_zh", "version", "category", "disclosure_level")
    list_filter = ("version", "category", "disclosure_level")
    search_fields = ("code", "name_zh", "name_en")
    filter_horizontal = ("providing_agencies",)

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField[Any] | None:
        if db_field.name == "version":
            kwargs["queryset"] = CatalogueVersion.objects.filter(
                status=CatalogueVersion.Status.DRAFT
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(FieldSpec)
class FieldSpecAdmin(DraftOnlyAdmin):
    list_display = ("name", "label_zh", "item", "type", "required", "sensitive")
    list_filter = ("type", "item__version")
    search_fields = ("name", "label_zh", "label_en", "item__code")

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField[Any] | None:
        if db_field.name == "item":
            kwargs["queryset"] = CatalogueItem.objects.filter(
                version__status=CatalogueVersion.Status.DRAFT
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(CatalogueTransition)
class CatalogueTransitionAdmin(admin.ModelAdmin):
    """Read-only: the workflow's own record."""

    list_display = ("version", "from_status", "to_status", "actor", "at")
    list_filter = ("to_status",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(PolicySetting)
class PolicySettingAdmin(admin.ModelAdmin):
    list_display = ("key", "value", "unit", "description_zh", "updated_at", "updated_by")
    readonly_fields = ("key", "unit", "source", "updated_at", "updated_by")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # the keys are the ones code reads; a new key would be read by nothing

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: PolicySetting, form: Any, change: bool) -> None:
        obj.updated_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)
