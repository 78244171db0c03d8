"""Django admin for housekeeping; commitments are read-only here (their texts are signed)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from commitments.models import Commitment, CommitmentTemplate, SelfDisclosure


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CommitmentTemplate)
class CommitmentTemplateAdmin(ReadOnlyAdmin):
    list_display = ("code", "version", "kind", "title_zh", "agency", "active")
    list_filter = ("kind", "active")
    search_fields = ("code", "title_zh", "title_en")


@admin.register(Commitment)
class CommitmentAdmin(ReadOnlyAdmin):
    list_display = ("subject", "title_zh", "kind", "status", "signed_at", "agency")
    list_filter = ("kind", "status")
    search_fields = ("subject__name", "subject__uscc", "content_hash")
    raw_id_fields = ("subject", "signer", "template", "decided_by")


@admin.register(SelfDisclosure)
class SelfDisclosureAdmin(ReadOnlyAdmin):
    list_display = ("subject", "title", "category", "published_at", "withdrawn_at", "hidden")
    list_filter = ("category", "hidden")
    search_fields = ("subject__name", "subject__uscc", "title")
