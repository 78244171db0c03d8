"""Read-only catalogue API: the version in force, published versions, items and their schemas.

Anonymous callers are welcome; drafts and versions under approval are never served here.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from catalogue import schemas, selectors
from catalogue.models import CatalogueItem
from credit_platform.throttling import AddressRateThrottle


class FieldSpecOut(serializers.Serializer[Any]):
    name = serializers.CharField()
    label_zh = serializers.CharField()
    label_en = serializers.CharField()
    type = serializers.CharField()
    required = serializers.BooleanField()  # type: ignore[assignment]
    min_length = serializers.IntegerField(allow_null=True)
    max_length = serializers.IntegerField(allow_null=True)
    min_value = serializers.DecimalField(max_digits=20, decimal_places=6, allow_null=True)
    max_value = serializers.DecimalField(max_digits=20, decimal_places=6, allow_null=True)
    max_digits = serializers.IntegerField(allow_null=True)
    decimal_places = serializers.IntegerField(allow_null=True)
    pattern = serializers.CharField()
    choices = serializers.JSONField()
    sensitive = serializers.BooleanField()
    help_zh = serializers.CharField()
    help_en = serializers.CharField()


class ItemOut(serializers.Serializer[Any]):
    code = serializers.SlugField()
    name_zh = serializers.CharField()
    name_en = serializers.CharField()
    category = serializers.CharField()
    description_zh = serializers.CharField()
    description_en = serializers.CharField()
    providing_agencies = serializers.SerializerMethodField()
    subject_kinds = serializers.ListField(child=serializers.CharField())
    disclosure_level = serializers.CharField()
    disclosure_class = serializers.CharField()
    disclosure_months = serializers.IntegerField(allow_null=True)
    update_frequency = serializers.CharField()
    legal_basis = serializers.CharField()
    key_field = serializers.CharField()
    cross_rules = serializers.JSONField()
    fields = FieldSpecOut(many=True)  # type: ignore[assignment]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_providing_agencies(self, item: CatalogueItem) -> list[str]:
        return [agency.code for agency in item.providing_agencies.all()]


class LinksOut(serializers.Serializer[Any]):
    schema = serializers.URLField()
    table_schema = serializers.URLField()
    csv_template = serializers.URLField()
    xlsx_template = serializers.URLField()
    page = serializers.URLField()


class ItemDetailOut(ItemOut):
    version = serializers.CharField(source="version.label")
    links = serializers.SerializerMethodField()

    @extend_schema_field(LinksOut)
    def get_links(self, item: CatalogueItem) -> dict[str, str]:
        request = self.context["request"]
        names = {
            "schema": "catalogue:item-schema",
            "table_schema": "catalogue:item-table-schema",
            "csv_template": "catalogue:item-csv",
            "xlsx_template": "catalogue:item-xlsx",
            "page": "catalogue:item-detail",
        }
        return {
            key: request.build_absolute_uri(reverse(name, args=[item.code]))
            for key, name in names.items()
        }


class VersionOut(serializers.Serializer[Any]):
    label = serializers.CharField()  # type: ignore[assignment]
    status = serializers.CharField()
    change_note = serializers.CharField()
    approved_at = serializers.DateTimeField()
    effective_from = serializers.DateField()
    published_at = serializers.DateTimeField()
    superseded_at = serializers.DateTimeField(allow_null=True)


class VersionDetailOut(VersionOut):
    items = serializers.SerializerMethodField()

    @extend_schema_field(ItemOut(many=True))
    def get_items(self, version: Any) -> list[dict[str, Any]]:
        items = selectors.version_items(version=version)
        return list(ItemOut(items, many=True).data)


class VersionCursor(CursorPagination):
    page_size = 20
    ordering = ("-published_at", "-id")


class CatalogueApi(APIView):
    """The catalogue version in force, with its items and their fields."""

    permission_classes = [AllowAny]
    throttle_classes = [AddressRateThrottle]

    @extend_schema(responses=VersionDetailOut, tags=["catalogue"])
    def get(self, request: Request) -> Response:
        version = selectors.version_in_force()
        if version is None:
            raise NotFound(_("No catalogue version is in force yet."))
        return Response(VersionDetailOut(version).data)


class VersionListApi(APIView):
    """Published and superseded versions, newest first (cursor pagination)."""

    permission_classes = [AllowAny]
    throttle_classes = [AddressRateThrottle]

    @extend_schema(responses=VersionOut(many=True), tags=["catalogue"])
    def get(self, request: Request) -> Response:
        paginator = VersionCursor()
        page = paginator.paginate_queryset(selectors.public_versions(), request, view=self)
        return paginator.get_paginated_response(VersionOut(page, many=True).data)


class VersionDetailApi(APIView):
    """One published or superseded version with its items and fields."""

    permission_classes = [AllowAny]
    throttle_classes = [AddressRateThrottle]

    @extend_schema(responses=VersionDetailOut, tags=["catalogue"])
    def get(self, request: Request, label: str) -> Response:
        version = selectors.public_version_get(label=label)
        return Response(VersionDetailOut(version).data)


class ItemDetailApi(APIView):
    """An item of the version in force, with links to its schemas and templates."""

    permission_classes = [AllowAny]
    throttle_classes = [AddressRateThrottle]

    @extend_schema(responses=ItemDetailOut, tags=["catalogue"])
    def get(self, request: Request, code: str) -> Response:
        item = selectors.item_in_force_get(code=code)
        return Response(ItemDetailOut(item, context={"request": request}).data)


class ItemJsonSchemaApi(APIView):
    """The JSON Schema (draft 2020-12) of one record of an item in force."""

    permission_classes = [AllowAny]
    throttle_classes = [AddressRateThrottle]

    @extend_schema(responses={200: OpenApiTypes.OBJECT}, tags=["catalogue"])
    def get(self, request: Request, code: str) -> Response:
        item = selectors.item_in_force_get(code=code)
        return Response(schemas.json_schema(item, schema_id=request.build_absolute_uri()))


class ItemTableSchemaApi(APIView):
    """The Frictionless Table Schema of an item in force's CSV files."""

    permission_classes = [AllowAny]
    throttle_classes = [AddressRateThrottle]

    @extend_schema(responses={200: OpenApiTypes.OBJECT}, tags=["catalogue"])
    def get(self, request: Request, code: str) -> Response:
        item = selectors.item_in_force_get(code=code)
        return Response(schemas.table_schema(item))
