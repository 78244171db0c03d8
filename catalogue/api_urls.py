"""Catalogue endpoints under /api/v1/catalogue/."""

from __future__ import annotations

from django.urls import path

from catalogue import api

app_name = "catalogue-api"

urlpatterns = [
    path("", api.CatalogueApi.as_view(), name="in-force"),
    path("versions/", api.VersionListApi.as_view(), name="version-list"),
    path("versions/<str:label>/", api.VersionDetailApi.as_view(), name="version-detail"),
    path("items/<slug:code>/", api.ItemDetailApi.as_view(), name="item-detail"),
    path("items/<slug:code>/schema.json", api.ItemJsonSchemaApi.as_view(), name="item-schema"),
    path(
        "items/<slug:code>/table-schema.json",
        api.ItemTableSchemaApi.as_view(),
        name="item-table-schema",
    ),
]
