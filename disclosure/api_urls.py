"""Disclosure endpoints under /api/v1/."""

from __future__ import annotations

from django.urls import path

from disclosure.api import SubjectDetailAPI, SubjectRecordsAPI, SubjectSearchAPI

app_name = "disclosure-api"

urlpatterns = [
    path("subjects/", SubjectSearchAPI.as_view(), name="subject-search"),
    path("subjects/<str:uscc>/", SubjectDetailAPI.as_view(), name="subject-detail"),
    path("subjects/<str:key>/records/", SubjectRecordsAPI.as_view(), name="subject-records"),
]
