"""Agency pages of the collection app, under /agency/, and the API keys page under /manage/."""

from __future__ import annotations

from django.urls import path

from collection import views

app_name = "collection"

urlpatterns = [
    path("agency/submit/", views.item_list, name="item-list"),
    path("agency/submit/<slug:code>/form/", views.item_form, name="item-form"),
    path("agency/submit/<slug:code>/upload/", views.item_upload, name="item-upload"),
    path("agency/subjects/lookup/", views.subject_lookup, name="subject-lookup"),
    path("agency/submissions/", views.submission_list, name="submission-list"),
    path("agency/submissions/<int:pk>/", views.submission_detail, name="submission-detail"),
    path(
        "agency/submissions/<int:pk>/progress/",
        views.submission_progress,
        name="submission-progress",
    ),
    path(
        "agency/submissions/<int:pk>/errors.<str:fmt>",
        views.submission_errors,
        name="submission-errors",
    ),
    path(
        "agency/submissions/<int:pk>/failed-rows.<str:fmt>",
        views.submission_failed_rows,
        name="submission-failed-rows",
    ),
    path("agency/records/", views.record_list, name="record-list"),
    path("agency/records/<int:pk>/", views.record_detail, name="record-detail"),
    path("agency/records/<int:pk>/correct/", views.record_correct, name="record-correct"),
    path("agency/records/<int:pk>/revoke/", views.record_revoke, name="record-revoke"),
    path("manage/api-keys/", views.apikey_list, name="apikey-list"),
    path("manage/api-keys/<int:pk>/revoke/", views.apikey_revoke, name="apikey-revoke"),
]
