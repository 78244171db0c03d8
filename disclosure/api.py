"""Public API: subject search, basic information and public records (anonymous, throttled)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any
from urllib.parse import urlencode

from django.db import transaction
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from credit_platform.services import client_ip
from credit_platform.throttling import AddressRateThrottle
from disclosure import selectors, services
from disclosure.models import Inquiry
from disclosure.selectors.records import (
    PUBLIC_VIEWER,
    RecordView,
    record_views,
    visible_records,
)


class SubjectHitSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    name_html = serializers.CharField(help_text="The name, HTML-escaped, matches in <mark>.")
    uscc = serializers.CharField()
    kind = serializers.CharField()
    former_names = serializers.ListField(child=serializers.CharField())
    match = serializers.ChoiceField(choices=["exact_code", "exact_name", "prefix", "relevance"])


class SubjectSearchSerializer(serializers.Serializer[Any]):
    results = SubjectHitSerializer(many=True)
    next = serializers.CharField(allow_null=True, help_text="The next page, or null.")


class SubjectDetailSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    uscc = serializers.CharField()
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    former_names = serializers.ListField(child=serializers.CharField())


MATCH = {0: "exact_code", 1: "exact_name", 2: "prefix", 3: "relevance"}


@method_decorator(transaction.non_atomic_requests, name="dispatch")
class SubjectSearchAPI(APIView):
    """Read-only: no request transaction around the single query (two round trips fewer)."""

    permission_classes = [AllowAny]
    throttle_classes = [AddressRateThrottle]

    @extend_schema(
        operation_id="subjects_search",
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, required=True, description="Name or code."),
            OpenApiParameter("after", OpenApiTypes.STR, description="Cursor of the next page."),
        ],
        responses=SubjectSearchSerializer,
    )
    def get(self, request: Request) -> Response:
        query = request.query_params.get("q", "")
        try:
            page = selectors.subject_search(query=query, after=request.query_params.get("after"))
        except selectors.SearchQueryError as exc:
            raise ValidationError({"q": [exc.message]}, code=exc.code) from None
        results = [
            {
                "id": hit.id,
                "name": hit.name,
                "name_html": str(hit.name_html),
                "uscc": hit.uscc,
                "kind": hit.kind,
                "former_names": list(hit.former_names),
                "match": MATCH[hit.tier],
            }
            for hit in page.hits
        ]
        next_url = None
        if page.next_cursor:
            next_url = request.build_absolute_uri(
                f"{request.path}?{urlencode({'q': query, 'after': page.next_cursor})}"
            )
        # Already plain JSON values: running them through the serializer again only costs
        # time (a tenth of the request); the serializer documents the shape in the schema.
        return Response({"results": results, "next": next_url})


class SubjectDetailAPI(APIView):
    permission_classes = [AllowAny]
    throttle_classes = [AddressRateThrottle]

    @extend_schema(operation_id="subjects_retrieve", responses=SubjectDetailSerializer)
    def get(self, request: Request, uscc: str) -> Response:
        if len(uscc) != 18:
            raise NotFound
        subject, basis = selectors.subject_for_profile(key=uscc, user=request.user)
        if basis == Inquiry.Basis.GOVERNMENT:
            # The API has no purpose statement; government sharing goes through the pages.
            raise ValidationError(
                {"purpose": [_("Government sharing of this subject needs a stated purpose.")]}
            )
        services.inquiry_record(
            subject=subject,
            basis=basis,
            what=Inquiry.What.API,
            viewer=request.user,
            ip=client_ip(request),
        )
        data = {
            "id": subject.pk,
            "name": subject.name,
            "uscc": subject.uscc or "",
            "kind": subject.kind,
            "kind_label": str(subject.get_kind_display()),
            "former_names": subject.former_names,
        }
        return Response(SubjectDetailSerializer(data).data)


# --- A subject's public records -------------------------------------------------------------


class RecordFieldSerializer(serializers.Serializer[Any]):
    label = serializers.CharField()  # type: ignore[assignment]
    value = serializers.CharField(help_text="As the public sees it: sensitive values masked.")


class RecordSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    item_code = serializers.CharField()
    item_name = serializers.CharField()
    category = serializers.CharField()
    category_label = serializers.CharField()
    source_key = serializers.CharField()
    # The metaclass moves declared fields aside, so the name "fields" is safe at run time.
    fields = RecordFieldSerializer(  # type: ignore[assignment]
        many=True, help_text="In the published catalogue's order."
    )
    decision_date = serializers.DateField(allow_null=True)
    published_on = serializers.DateField()
    display_until = serializers.DateField(allow_null=True)
    disclosure_class = serializers.CharField()
    under_objection = serializers.BooleanField()
    repair_opens_on = serializers.DateField(
        allow_null=True, help_text="First day credit repair may be asked; null if never."
    )


class RecordPagination(CursorPagination):
    # A keyset on id: no count of the subject's records, stable while records change.
    ordering = "-id"
    page_size = 20


def _record_data(view: RecordView) -> dict[str, Any]:
    data = asdict(view)
    data["fields"] = [{"label": label, "value": value} for label, value in view.fields]
    return data


class SubjectRecordsAPI(GenericAPIView[Any]):
    """The public records of an organisation, by the same rule and masking as its profile."""

    permission_classes = [AllowAny]
    throttle_classes = [AddressRateThrottle]
    pagination_class = RecordPagination
    serializer_class = RecordSerializer

    @extend_schema(
        operation_id="subjects_records_list",
        description=(
            "Public credit records of a subject (unified social credit code or id), newest "
            "first. Only items disclosed to the public, active and inside their disclosure "
            "window; sensitive fields masked. Natural persons are not public: 404. Every "
            "lookup is logged."
        ),
        parameters=[
            OpenApiParameter(
                "key",
                OpenApiTypes.STR,
                OpenApiParameter.PATH,
                description="Unified social credit code (18 characters) or the subject's id.",
            )
        ],
        responses=RecordSerializer(many=True),
    )
    def get(self, request: Request, key: str) -> Response:
        subject = selectors.subject_lookup(key)
        if subject is None or subject.is_natural_person:
            raise NotFound
        records = visible_records(subject=subject, viewer=PUBLIC_VIEWER)
        page = self.paginate_queryset(records) or []
        views = record_views(page, viewer=PUBLIC_VIEWER)
        services.inquiry_record(
            subject=subject,
            basis=Inquiry.Basis.PUBLIC,
            what=Inquiry.What.API,
            viewer=request.user,
            ip=client_ip(request),
            detail={"records": [v.id for v in views]},
        )
        data = RecordSerializer([_record_data(v) for v in views], many=True).data
        return self.get_paginated_response(data)
