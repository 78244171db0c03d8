"""REST API of commitments: a public feed and detail; representatives sign and withdraw.

Writes are made with the representative's own credentials, never a shared key: a browser
client sends the session cookie and the CSRF token (header ``X-CSRFToken`` from the
``csrftoken`` cookie); a program sends the user name and password as HTTP Basic over TLS.
"""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.authentication import BasicAuthentication, SessionAuthentication
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from commitments import selectors, services
from commitments.models import Commitment, CommitmentTemplate, Kind
from credit_platform.models import Subject
from credit_platform.services import ServiceError
from credit_platform.throttling import AddressRateThrottle


class CommitmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    status = serializers.CharField()
    subject_name = serializers.CharField(source="subject.name")
    subject_uscc = serializers.CharField(source="subject.uscc", allow_null=True)
    agency = serializers.CharField(source="agency.code")
    matter = serializers.CharField()
    title_zh = serializers.CharField()
    title_en = serializers.CharField()
    template_code = serializers.CharField(source="template.code")
    template_version = serializers.IntegerField()
    signed_at = serializers.DateTimeField()
    content_hash = serializers.CharField()
    decided_at = serializers.DateTimeField(allow_null=True)
    reason = serializers.CharField()


class CommitmentDetailSerializer(CommitmentSerializer):
    notice_zh = serializers.CharField()
    notice_en = serializers.CharField()
    text_zh = serializers.CharField()
    text_en = serializers.CharField()
    values = serializers.DictField(child=serializers.CharField())


class SignSerializer(serializers.Serializer):
    subject_uscc = serializers.CharField(max_length=18)
    template_code = serializers.SlugField()
    matter = serializers.CharField(max_length=200)
    values = serializers.DictField(child=serializers.CharField(max_length=500), required=False)
    notice_read = serializers.BooleanField()


class WithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class FeedPagination(CursorPagination):
    page_size = 20
    ordering = ("-signed_at", "-id")


class FilterSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Kind.choices, required=False)
    status = serializers.ChoiceField(choices=Commitment.Status.choices, required=False)
    subject = serializers.CharField(required=False, max_length=100)
    signed_from = serializers.DateField(required=False)
    signed_to = serializers.DateField(required=False)


# Basic first: a refused password answers 401 with a WWW-Authenticate challenge.
OWN_CREDENTIALS = [BasicAuthentication, SessionAuthentication]


class CommitmentListApi(APIView):
    authentication_classes = OWN_CREDENTIALS
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    throttle_classes = [AddressRateThrottle]

    @extend_schema(
        parameters=[FilterSerializer],
        responses=CommitmentSerializer(many=True),
        summary="Public feed of signed commitments",
    )
    def get(self, request: Request) -> Response:
        query = FilterSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        filters = selectors.CommitmentFilters(**query.validated_data)
        queryset = selectors.commitment_list(filters).select_related("template")
        paginator = FeedPagination()
        page = paginator.paginate_queryset(queryset, request, view=self)
        return paginator.get_paginated_response(CommitmentSerializer(page, many=True).data)

    @extend_schema(
        request=SignSerializer,
        responses={201: CommitmentDetailSerializer},
        summary="Sign a commitment as a verified representative (session and CSRF)",
    )
    def post(self, request: Request) -> Response:
        data = SignSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values: dict[str, Any] = data.validated_data
        subject = get_object_or_404(Subject, uscc=values["subject_uscc"].upper())
        template = CommitmentTemplate.objects.filter(
            code=values["template_code"], active=True
        ).first()
        if template is None:
            raise ServiceError(_("No active template has this code."))
        commitment = services.commitment_sign(
            signer=request.user,  # type: ignore[arg-type]
            subject=subject,
            template=template,
            matter=values["matter"],
            values=values.get("values", {}),
            notice_read=values["notice_read"],
        )
        return Response(CommitmentDetailSerializer(commitment).data, status=status.HTTP_201_CREATED)


class CommitmentDetailApi(APIView):
    permission_classes = [permissions.AllowAny]
    throttle_classes = [AddressRateThrottle]

    @extend_schema(responses=CommitmentDetailSerializer, summary="One signed commitment")
    def get(self, request: Request, pk: int) -> Response:
        commitment = get_object_or_404(
            Commitment.objects.select_related("subject", "agency", "template"), pk=pk
        )
        return Response(CommitmentDetailSerializer(commitment).data)


class CommitmentWithdrawApi(APIView):
    authentication_classes = OWN_CREDENTIALS
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=WithdrawSerializer,
        responses=CommitmentDetailSerializer,
        parameters=[OpenApiParameter("pk", int, OpenApiParameter.PATH)],
        summary="Withdraw an active commitment as a representative of its subject",
    )
    def post(self, request: Request, pk: int) -> Response:
        data = WithdrawSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        commitment = selectors.commitment_for_withdrawal(request.user, pk)
        commitment = services.commitment_withdraw(
            actor=request.user,  # type: ignore[arg-type]
            commitment=commitment,
            reason=data.validated_data["reason"],
        )
        return Response(CommitmentDetailSerializer(commitment).data)
