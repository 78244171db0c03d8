"""Public and private pages of disclosure."""

from __future__ import annotations

from django.urls import path

from disclosure import views
from disclosure.views import records, reports

app_name = "disclosure"

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
    path("reports/verify/", reports.report_verify_form, name="report-verify-form"),
    path("reports/verify/<str:number>/", reports.report_verify, name="report-verify"),
    path("reports/<str:number>/", reports.report_detail, name="report"),
    path("reports/<str:number>/pdf/", reports.report_pdf, name="report-pdf"),
    path("manage/calendar/", views.calendar, name="calendar"),
    path("manage/calendar/<int:pk>/delete/", views.calendar_day_delete, name="calendar-delete"),
]
