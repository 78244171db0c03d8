"""Housekeeping views for platform admins; the product UI is the agency pages."""

from __future__ import annotations

from django.contrib import admin

from collection.models import ApiKey, CreditRecord, Submission


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["id", "agency", "item", "channel", "status", "valid_rows", "invalid_rows"]
    list_filter = ["status", "channel"]
    readonly_fields = [f.name for f in Submission._meta.fields]
    show_full_result_count = False


@admin.register(CreditRecord)
class CreditRecordAdmin(admin.ModelAdmin):
    list_display = ["id", "agency", "item_code", "source_key", "status", "revision"]
    list_filter = ["status", "item_code"]
    readonly_fields = [f.name for f in CreditRecord._meta.fields]
    raw_id_fields = ["subject"]
    show_full_result_count = False  # never count the whole table


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ["name", "agency", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["secret_hash", "prefix", "user"]
