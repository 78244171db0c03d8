"""Public API: subject search and the subject's basic information (anonymous, throttled)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.core.cache import caches
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from disclosure import selectors, services
from disclosure.models import Inquiry


class PublicAnonThrottle(AnonRateThrottle):
    """Per-address limit (settings REST_FRAMEWORK "anon", env API_ANON_THROTTLE).

    The counters live in Redis, shared by every web process; a per-process cache would let
    each process grant the full rate again.
    """

    cache = caches["default"]


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


class SubjectSearchAPI(APIView):
    permission_classes = [AllowAny]
    throttle_classes = [PublicAnonThrottle]

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
        return Response(SubjectSearchSerializer({"results": results, "next": next_url}).data)


class SubjectDetailAPI(APIView):
    permission_classes = [AllowAny]
    throttle_classes = [PublicAnonThrottle]

    @extend_schema(operation_id="subjects_retrieve", responses=SubjectDetailSerializer)
    def get(self, request: Request, uscc: str) -> Response:
        if len(uscc) != 18:
            raise NotFound
        subject, basis = selectors.subject_for_profile(key=uscc, user=request.user)
        if basis == Inquiry.Basis.GOVERNMENT:
            # The API has no purpose statement; government sharing goes through the pages.
            raise ValidationError(
                {"purpose": ["Government sharing of this subject needs a stated purpose."]}
            )
        services.inquiry_record(
            subject=subject,
            basis=basis,
            what=Inquiry.What.API,
            viewer=request.user,
            ip=request.META.get("REMOTE_ADDR"),
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
