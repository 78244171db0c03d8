"""The REST API under /api/v1/: schema, documentation and each app's endpoints."""

from __future__ import annotations

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include("commitments.api_urls")),
    path("", include("disclosure.api_urls")),
    path("catalogue/", include("catalogue.api_urls")),
    path("", include("collection.api_urls")),
]
