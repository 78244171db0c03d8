"""REST API of the collection: submissions, their errors, and the change feed of records."""

from __future__ import annotations

import base64
import binascii
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from collection import selectors, services
from collection.authentication import ApiKeyAuthentication
from collection.models import RecordChange, Submission
from credit_platform.models import User
from credit_platform.services import audit_record

AUTH = [ApiKeyAuthentication, SessionAuthentication]


class SubmissionIn(serializers.Serializer):
    item = serializers.SlugField(help_text="catalogue item code")
    records = serializers.ListField(child=serializers.DictField(), required=False)
    file = serializers.FileField(required=False)
    policy = serializers.ChoiceField(
        choices=Submission.Policy.choices, default=Submission.Policy.ACCEPT_VALID
    )

    def validate_records(self, value: list[Any]) -> list[Any]:
        if len(value) > settings.SUBMISSION_MAX_API_RECORDS:
            raise ValidationError(f"at most {settings.SUBMISSION_MAX_API_RECORDS} records")
        return value


class SubmissionOut(serializers.Serializer):
    id = serializers.IntegerField()
    item = serializers.CharField(source="item.code")
    channel = serializers.CharField()
    policy = serializers.CharField()
    status = serializers.CharField()
    total_rows = serializers.IntegerField(allow_null=True)
    processed_rows = serializers.IntegerField()
    valid_rows = serializers.IntegerField()
    invalid_rows = serializers.IntegerField()
    progress_percent = serializers.IntegerField()
    failure_reason = serializers.CharField()
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)


class RowErrorOut(serializers.Serializer):
    row = serializers.IntegerField(source="row_number")
    field = serializers.CharField()
    code = serializers.CharField()
    message_zh = serializers.CharField()
    message_en = serializers.CharField()
    value = serializers.CharField(allow_null=True)


class ErrorPagination(CursorPagination):
    page_size = 100
    ordering = ("row_number", "id")


def _user(request: Request) -> User:
    return cast(User, request.user)


class SubmissionCreateApi(APIView):
    authentication_classes = AUTH
    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser, MultiPartParser]

    @extend_schema(
        request=SubmissionIn,
        responses={202: SubmissionOut, 200: SubmissionOut},
        parameters=[OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER)],
        summary="Submit records (JSON) or a CSV/XLSX file (multipart)",
    )
    def post(self, request: Request) -> Response:
        data = SubmissionIn(data=request.data)
        data.is_valid(raise_exception=True)
        user = _user(request)
        if user.agency is None:
            raise Http404
        item = selectors.submittable_item(user, data.validated_data["item"])
        key = request.headers.get("Idempotency-Key") or None
        before = selectors.submission_by_key(user, key) if key else None
        submission = services.submission_create(
            agency=user.agency,
            item=item,
            submitter=user,
            channel=Submission.Channel.API,
            rows=data.validated_data.get("records"),
            file=data.validated_data.get("file"),
            policy=data.validated_data["policy"],
            idempotency_key=key,
        )
        code = status.HTTP_200_OK if before is not None else status.HTTP_202_ACCEPTED
        return Response(SubmissionOut(submission).data, status=code)


class SubmissionDetailApi(APIView):
    authentication_classes = AUTH
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=SubmissionOut, summary="A submission's status and counts")
    def get(self, request: Request, pk: int) -> Response:
        submission = selectors.submission_for_user(_user(request), pk)
        return Response(SubmissionOut(submission).data)


class SubmissionErrorsApi(APIView):
    authentication_classes = AUTH
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=RowErrorOut(many=True), summary="A submission's row errors")
    def get(self, request: Request, pk: int) -> Response:
        submission = selectors.submission_for_user(_user(request), pk)
        paginator = ErrorPagination()
        page = paginator.paginate_queryset(selectors.submission_errors(submission), request, self)
        return paginator.get_paginated_response(RowErrorOut(page, many=True).data)


class ChangeOut(serializers.Serializer):
    kind = serializers.CharField()
    revision = serializers.IntegerField()
    at = serializers.DateTimeField()
    record_id = serializers.IntegerField()
    item = serializers.CharField(source="record.item_code")
    agency = serializers.CharField(source="record.agency.code")
    source_key = serializers.CharField(source="record.source_key")
    subject_name = serializers.CharField(source="record.subject.name")
    subject_uscc = serializers.CharField(source="record.subject.uscc", allow_null=True)
    status = serializers.CharField(source="record.status")
    payload = serializers.SerializerMethodField()

    def get_payload(self, change: RecordChange) -> Any:
        # The current content: a consumer replays to the latest state, not every old version.
        return change.record.payload if change.record.status == "active" else None


def _decode(cursor: str) -> tuple[int, int]:
    try:
        xid, change_id = base64.urlsafe_b64decode(cursor.encode()).decode().split(":")
        return int(xid), int(change_id)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise ValidationError({"cursor": ["not a cursor from this feed"]}) from None


def _encode(xid: int, change_id: int) -> str:
    return base64.urlsafe_b64encode(f"{xid}:{change_id}".encode()).decode()


class RecordChangesApi(APIView):
    """Inserts, updates and revocations of records in commit-safe order (Article 10)."""

    authentication_classes = AUTH
    permission_classes = [IsAuthenticated]
    page_size = 500

    @extend_schema(
        parameters=[OpenApiParameter("cursor", str, description="from the previous page")],
        responses=inline_serializer(
            "ChangePage",
            {"next_cursor": serializers.CharField(), "results": ChangeOut(many=True)},
        ),
        summary="Change feed of credit records",
    )
    def get(self, request: Request) -> Response:
        user = _user(request)
        if user.agency_id is None:
            raise PermissionDenied  # agency systems and staff only (government sharing)
        cursor = request.query_params.get("cursor")
        xid, change_id = _decode(cursor) if cursor else (0, 0)
        changes = selectors.changes_after(xid=xid, change_id=change_id, limit=self.page_size)
        if changes:
            xid, change_id = changes[-1].xid, changes[-1].pk
            # Government sharing is logged: which agency system read which records, and when.
            audit_record(
                actor=user,
                action="records.feed_read",
                detail={
                    "cursor": cursor or "",
                    "changes": len(changes),
                    "records": sorted({change.record_id for change in changes}),
                },
                request=request,
            )
        return Response(
            {
                "next_cursor": _encode(xid, change_id),
                "results": ChangeOut(changes, many=True).data,
            }
        )
