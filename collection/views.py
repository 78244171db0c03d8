"""Agency pages: submit by form or file, watch a submission, download its errors, manage records."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from catalogue.validation import compile_item
from collection import reports, selectors, services
from collection.forms import ApiKeyForm, ReasonForm, RecordForm, UploadForm
from collection.models import ApiKey, CreditRecord, Submission
from credit_platform.models import Role, User
from credit_platform.permissions import agency_staff_required, role_required
from credit_platform.services import ServiceError

PAGE_SIZE = 25
MAX_PAGE = 400  # bounded offset: never count or skip through a huge table


def _user(request: HttpRequest) -> User:
    # Every view here is behind agency_staff_required or role_required: signed in.
    return cast(User, request.user)


def paginate(
    request: HttpRequest, queryset: QuerySet[Any], size: int = PAGE_SIZE
) -> dict[str, Any]:
    """One page without counting the whole table: fetch one row more than the page."""
    try:
        number = min(max(int(request.GET.get("page", "1")), 1), MAX_PAGE)
    except ValueError:
        number = 1
    rows = list(queryset[(number - 1) * size : number * size + 1])
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "rows": rows[:size],
        "page": number,
        "has_next": len(rows) > size and number < MAX_PAGE,
        "has_previous": number > 1,
        "query": query.urlencode(),
    }


@agency_staff_required
@require_GET
def item_list(request: HttpRequest) -> HttpResponse:
    items = selectors.submittable_items(_user(request))
    return render(request, "collection/item_list.html", {"items": items})


@agency_staff_required
@require_http_methods(["GET", "POST"])
def item_form(request: HttpRequest, code: str) -> HttpResponse:
    item = selectors.submittable_item(_user(request), code)
    form = RecordForm(item, request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = compile_item(item)(form.row())
        if result.ok:
            submission = _create(request, item=item, channel="form", rows=[form.row()])
            if submission is not None:
                return redirect("collection:submission-detail", pk=submission.pk)
        form.add_field_errors(result.errors)
    return render(request, "collection/item_form.html", {"item": item, "form": form})


@agency_staff_required
@require_GET
def subject_lookup(request: HttpRequest) -> HttpResponse:
    """htmx: the subject a code names, or that a new one will be created with the name given."""
    subject = selectors.subject_by_code(request.GET.get("subject_uscc", ""))
    return render(request, "collection/_subject_found.html", {"subject": subject})


@agency_staff_required
@require_http_methods(["GET", "POST"])
def item_upload(request: HttpRequest, code: str) -> HttpResponse:
    item = selectors.submittable_item(_user(request), code)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        submission = _create(
            request,
            item=item,
            channel="file",
            file=form.cleaned_data["file"],
            policy=form.cleaned_data["policy"],
        )
        if submission is not None:
            return redirect("collection:submission-detail", pk=submission.pk)
    return render(request, "collection/item_upload.html", {"item": item, "form": form})


def _create(request: HttpRequest, **kwargs: Any) -> Submission | None:
    user = _user(request)
    assert user.agency is not None
    try:
        return services.submission_create(agency=user.agency, submitter=user, **kwargs)
    except ServiceError as refused:
        messages.error(request, str(refused))
        return None


@agency_staff_required
@require_GET
def submission_list(request: HttpRequest) -> HttpResponse:
    status, item = request.GET.get("status", ""), request.GET.get("item", "")
    submissions = selectors.submission_list(_user(request), status=status, item=item)
    context: dict[str, Any] = {"pager": paginate(request, submissions)}
    context |= {"status": status, "item": item}
    context["statuses"] = Submission.Status.choices
    context["items"] = selectors.submittable_items(_user(request))
    return render(request, "collection/submission_list.html", context)


@agency_staff_required
@require_GET
def submission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    submission = selectors.submission_for_user(_user(request), pk)
    errors = paginate(request, selectors.submission_errors(submission), size=50)
    labels = {f.name: f.label for f in submission.item.fields.all()}
    for error in errors["rows"]:
        error.label = labels.get(error.field, error.field)
    context = {"submission": submission, "errors": errors}
    return render(request, "collection/submission_detail.html", context)


@agency_staff_required
@require_GET
def submission_progress(request: HttpRequest, pk: int) -> HttpResponse:
    submission = selectors.submission_for_user(_user(request), pk)
    response = render(request, "collection/_progress.html", {"submission": submission})
    if submission.is_finished and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"  # show the counts and the error table
    return response


@agency_staff_required
@require_GET
def submission_errors(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    submission = selectors.submission_for_user(_user(request), pk)
    name = f"submission-{submission.pk}-errors"
    return _download(reports.error_rows(submission), name, fmt)


@agency_staff_required
@require_GET
def submission_failed_rows(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    submission = selectors.submission_for_user(_user(request), pk)
    name = f"submission-{submission.pk}-failed-rows"
    return _download(reports.failed_rows(submission), name, fmt)


def _download(rows: Any, name: str, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404
    response: HttpResponseBase
    if fmt == "xlsx":
        response = HttpResponse(
            reports.xlsx_bytes(rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = StreamingHttpResponse(
            reports.csv_lines(rows), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    # A streamed CSV is not an HttpResponse by type, but the access decorators only pass it on.
    return cast(HttpResponse, response)


@agency_staff_required
@require_GET
def record_list(request: HttpRequest) -> HttpResponse:
    filters = {key: request.GET.get(key, "") for key in ("item", "status", "q")}
    records = selectors.record_list(_user(request), **filters)
    context: dict[str, Any] = {"pager": paginate(request, records), **filters}
    context["statuses"] = CreditRecord.Status.choices
    context["items"] = selectors.submittable_items(_user(request))
    return render(request, "collection/record_list.html", context)


@agency_staff_required
@require_GET
def record_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = selectors.record_for_user(_user(request), pk)
    fields = list(record.item.fields.order_by("order", "id"))
    context = {
        "record": record,
        "fields": [(f, record.payload.get(f.name)) for f in fields],
        "history": selectors.record_history(record),
        "can_revoke": _user(request).has_role(Role.AGENCY_REVIEWER),
        "revoke_form": ReasonForm(),
    }
    return render(request, "collection/record_detail.html", context)


@agency_staff_required
@require_http_methods(["GET", "POST"])
def record_correct(request: HttpRequest, pk: int) -> HttpResponse:
    record = selectors.record_for_user(_user(request), pk, change="correct")
    initial = {k: v for k, v in record.payload.items() if v is not None}
    form = RecordForm(record.item, request.POST or None, initial=initial)
    reason = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and reason.is_valid():
        changes = {name: form.cleaned_data.get(name) or None for name in form.fields}
        try:
            services.record_correct(
                record=record,
                actor=_user(request),
                payload_changes=changes,
                reason=reason.cleaned_data["reason"],
            )
        except ServiceError as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, _("The record was corrected; the old version is kept."))
            return redirect("collection:record-detail", pk=record.pk)
    context = {"record": record, "form": form, "reason_form": reason}
    return render(request, "collection/record_correct.html", context)


@agency_staff_required
@require_POST
def record_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    record = selectors.record_for_user(_user(request), pk, change="revoke")
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason for the revocation."))
        return redirect("collection:record-detail", pk=record.pk)
    try:
        services.record_revoke(
            record=record, actor=_user(request), reason=form.cleaned_data["reason"]
        )
    except ServiceError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("The record was revoked and left public view."))
    return redirect("collection:record-detail", pk=record.pk)


@role_required(Role.PLATFORM_ADMIN)
@require_http_methods(["GET", "POST"])
def apikey_list(request: HttpRequest) -> HttpResponse:
    form = ApiKeyForm(request.POST or None)
    token = None
    if request.method == "POST" and form.is_valid():
        _, token = services.apikey_create(
            agency=form.cleaned_data["agency"],
            name=form.cleaned_data["name"],
            actor=_user(request),
        )
        form = ApiKeyForm()
    keys = paginate(request, ApiKey.objects.select_related("agency", "created_by"))
    return render(
        request, "collection/apikey_list.html", {"form": form, "token": token, "keys": keys}
    )


@role_required(Role.PLATFORM_ADMIN)
@require_POST
def apikey_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    key = ApiKey.objects.filter(pk=pk).first()
    if key is None:
        raise Http404
    services.apikey_revoke(key=key, actor=_user(request))
    messages.success(request, _("The key was revoked."))
    return redirect("collection:apikey-list")
