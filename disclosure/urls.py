"""Public and private pages of disclosure."""

from __future__ import annotations

from django.urls import path

from disclosure import views
from disclosure.views import objections as objection_views
from disclosure.views import records, reports
from disclosure.views import repair as repair_views

app_name = "disclosure"

objection_urls = [
    path("objections/new/<int:record_id>/", objection_views.objection_file, name="objection-file"),
    path("objections/<int:pk>/", objection_views.objection_detail, name="objection-detail"),
    path("objections/<int:pk>/check/", objection_views.objection_check, name="objection-check"),
    path("objections/<int:pk>/extend/", objection_views.objection_extend, name="objection-extend"),
    path("objections/<int:pk>/decide/", objection_views.objection_decide, name="objection-decide"),
    path("cases/evidence/<int:pk>/", objection_views.evidence_download, name="case-evidence"),
    path("manage/objections/", objection_views.first_check_queue, name="objection-first-checks"),
    path("agency/objections/", objection_views.agency_queue, name="objection-queue"),
    path("my/cases/", objection_views.my_cases, name="my-cases"),
]
repair_urls = [
    path("repairs/new/<int:record_id>/", repair_views.repair_file, name="repair-file"),
    path("repairs/<int:pk>/", repair_views.repair_detail, name="repair-detail"),
    path("repairs/<int:pk>/check/", repair_views.repair_check, name="repair-check"),
    path("repairs/<int:pk>/decide/", repair_views.repair_decide, name="repair-decide"),
    path("repairs/<int:pk>/letter/", repair_views.repair_letter, name="repair-letter"),
    path("agency/repairs/", repair_views.repair_queue, name="repair-queue"),
    path("manage/repairs/", repair_views.repair_check_queue, name="repair-checks"),
]

urlpatterns = [
    path("search/", views.search, name="search"),
    path("subjects/<str:key>/", records.subject_profile, name="subject-profile"),
    path("subjects/<str:key>/report/", reports.report_issue, name="report-issue"),
    path(
        "subjects/<int:subject_id>/inquiries/",
        views.subject_inquiries,
        name="subject-inquiries",
    ),
    path(
        "subjects/<int:subject_id>/authorisations/",
        views.authorisations,
        name="authorisations",
    ),
    path(
        "subjects/<int:subject_id>/authorisations/<int:pk>/revoke/",
        views.authorisation_revoke,
        name="authorisation-revoke",
    ),
    path("inquiry/authorised/", records.authorised_inquiry, name="authorised-inquiry"),
    path("reports/verify/", reports.report_verify_form, name="report-verify-form"),
    path("reports/verify/<str:number>/", reports.report_verify, name="report-verify"),
    path("reports/<str:number>/", reports.report_detail, name="report"),
    path("reports/<str:number>/pdf/", reports.report_pdf, name="report-pdf"),
    path("manage/calendar/", views.calendar, name="calendar"),
    path("manage/calendar/<int:pk>/delete/", views.calendar_day_delete, name="calendar-delete"),
    *objection_urls,
    *repair_urls,
]
