"""Django admin for the platform admins' housekeeping of the shared core."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from credit_platform.models import Agency, AuditEvent, Representation, Subject, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "first_name", "agency", "is_active", "is_staff")
    list_filter = ("is_active", "is_staff", "groups", "agency")
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (_("Agency"), {"fields": ("agency",)}),
    )


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("code", "name_zh", "name_en", "level", "parent", "active")
    list_filter = ("level", "active")
    search_fields = ("code", "name_zh", "name_en")


@admin.register(Subject)
class SubjectAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "uscc", "updated_at")
    list_filter = ("kind",)
    search_fields = ("name", "uscc")
    readonly_fields = ("search_vector", "created_at", "updated_at")


@admin.register(Representation)
class RepresentationAdmin(admin.ModelAdmin):
    list_display = ("user", "subject", "status", "decided_by", "decided_at")
    list_filter = ("status",)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit trail is append-only."""

    list_display = ("at", "actor_label", "action", "target_type", "target_id", "ip")
    list_filter = ("action",)
    search_fields = ("actor_label", "target_id")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
