"""Public and private pages of disclosure."""

from __future__ import annotations

from django.urls import path

from disclosure import views

app_name = "disclosure"

urlpatterns = [
    path("search/", views.search, name="search"),
    path("subjects/<str:key>/", views.subject_profile, name="subject-profile"),
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
    path("manage/calendar/", views.calendar, name="calendar"),
    path("manage/calendar/<int:pk>/delete/", views.calendar_day_delete, name="calendar-delete"),
]
