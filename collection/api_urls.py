"""Collection endpoints under /api/v1/."""

from __future__ import annotations

from django.urls import path

from collection import api

urlpatterns = [
    path("submissions/", api.SubmissionCreateApi.as_view(), name="api-submission-create"),
    path("submissions/<int:pk>/", api.SubmissionDetailApi.as_view(), name="api-submission"),
    path(
        "submissions/<int:pk>/errors/",
        api.SubmissionErrorsApi.as_view(),
        name="api-submission-errors",
    ),
    path("records/changes/", api.RecordChangesApi.as_view(), name="api-record-changes"),
]
