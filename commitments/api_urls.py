"""API routes of commitments, included under /api/v1/."""

from __future__ import annotations

from django.urls import path

from commitments import api

urlpatterns = [
    path("commitments/", api.CommitmentListApi.as_view(), name="api-commitment-list"),
    path("commitments/<int:pk>/", api.CommitmentDetailApi.as_view(), name="api-commitment-detail"),
    path(
        "commitments/<int:pk>/withdraw/",
        api.CommitmentWithdrawApi.as_view(),
        name="api-commitment-withdraw",
    ),
]
