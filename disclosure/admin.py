"""Django admin for disclosure: the calendar is editable, the logs and codes are read-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from disclosure.models import Authorisation, CalendarDay, Inquiry, Objection, RepairApplication


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ("date", "kind", "name_zh", "name_en")
    list_filter = ("kind",)
    date_hierarchy = "date"


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Inquiry)
class InquiryAdmin(ReadOnlyAdmin):
    """Append-only: the retention purge is the only delete."""

    list_display = ("at", "viewer_label", "viewer_agency", "subject", "basis", "what", "ip")
    list_filter = ("basis", "what")
    raw_id_fields = ("subject", "viewer", "authorisation")
    show_full_result_count = False  # the log is large; never count it for the admin list


@admin.register(Authorisation)
class AuthorisationAdmin(ReadOnlyAdmin):
    list_display = ("subject", "grantee", "code_hint", "expires_at", "revoked_at", "uses")
    raw_id_fields = ("subject", "issued_by", "revoked_by")


# Objection and repair cases change only through their services (deadlines, marks, audit).
@admin.register(Objection)
class ObjectionAdmin(ReadOnlyAdmin):
    list_display = ("id", "record", "agency", "applicant", "grounds", "status", "outcome")
    list_filter = ("status", "grounds", "outcome")
    raw_id_fields = ("record", "applicant", "checked_by", "decided_by")


@admin.register(RepairApplication)
class RepairApplicationAdmin(ReadOnlyAdmin):
    list_display = ("id", "record", "subject", "agency", "applicant", "status", "decision_due")
    list_filter = ("status",)
    raw_id_fields = ("record", "subject", "applicant", "decided_by")
