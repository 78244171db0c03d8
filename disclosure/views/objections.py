"""Objection pages: filing, the case page, the first-check and agency queues, evidence files."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from credit_platform.models import Role, User
from credit_platform.permissions import agency_staff_required, role_required
from credit_platform.services import ServiceError
from credit_platform.uploads import serve_private_file
from disclosure.forms_cases import DecisionForm, ExtendForm, FirstCheckForm, ObjectionForm
from disclosure.models import CaseEvidence
from disclosure.selectors import objections as selectors
from disclosure.selectors.repair import repair_for_user
from disclosure.services import objections as services

PAGE_SIZE = 20


def base_url(request: HttpRequest) -> str:
    """The origin for links in emails (settings.SITE_URL wins when it is set)."""
    return settings.SITE_URL or request.build_absolute_uri("/")


def paginate(request: HttpRequest, queryset: QuerySet[Any], param: str = "page") -> Page[Any]:
    # get_page answers the last or first page for a number out of range or not a number.
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get(param))


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@login_required
@require_http_methods(["GET", "POST"])
def objection_file(request: HttpRequest, record_id: int) -> HttpResponse:
    record = selectors.record_for_objection(record_id=record_id, user=request.user)
    form = ObjectionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            objection = services.objection_file(
                applicant=_user(request),
                record=record,
                grounds=form.cleaned_data["grounds"],
                description=form.cleaned_data["description"],
                files=form.cleaned_data["evidence"],
                base_url=base_url(request),
            )
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Your objection was filed; the record is marked."))
            return redirect("disclosure:objection-detail", pk=objection.pk)
    return render(request, "disclosure/objection_file.html", {"record": record, "form": form})


@login_required
@require_GET
def objection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    objection = selectors.objection_for_user(pk=pk, user=request.user)
    may_decide = selectors.may_decide_objection(request.user, objection)
    context = {
        "objection": objection,
        "record": objection.record,
        "events": objection.events.select_related("actor"),
        "evidence": objection.evidence.all(),
        "overdue": selectors.is_overdue(objection.due),
        "check_form": FirstCheckForm() if selectors.may_first_check(request.user) else None,
        "decision_form": DecisionForm(record=objection.record) if may_decide else None,
        "extend_form": ExtendForm() if may_decide and not objection.extended else None,
    }
    return render(request, "disclosure/objection_detail.html", context)


def _show_errors(request: HttpRequest, form: object) -> None:
    for errors in form.errors.values():  # type: ignore[attr-defined]
        for error in errors:
            messages.error(request, error)


def case_step(
    request: HttpRequest, form: Any, step: Callable[[], object], *, done: str, back: str, pk: int
) -> HttpResponse:
    """One posted step of a case: ``step`` runs only on a valid form; form errors and the
    service's refusal become messages; the user is sent back to the case page."""
    if not form.is_valid():
        _show_errors(request, form)
    else:
        try:
            step()
            messages.success(request, done)
        except ServiceError as exc:
            messages.error(request, str(exc))
    return redirect(back, pk=pk)


@login_required
@require_POST
def objection_check(request: HttpRequest, pk: int) -> HttpResponse:
    objection = selectors.objection_for_user(pk=pk, user=request.user)
    if not selectors.may_first_check(request.user):
        raise PermissionDenied
    form = FirstCheckForm(request.POST)
    return case_step(
        request,
        form,
        lambda: services.objection_first_check(
            actor=_user(request),
            objection=objection,
            accept=form.cleaned_data["action"] == FirstCheckForm.ACCEPT,
            reason=form.cleaned_data["reason"],
            base_url=base_url(request),
        ),
        done=_("The first check is recorded."),
        back="disclosure:objection-detail",
        pk=pk,
    )


@login_required
@require_POST
def objection_extend(request: HttpRequest, pk: int) -> HttpResponse:
    objection = selectors.objection_for_user(pk=pk, user=request.user)
    if not selectors.may_decide_objection(request.user, objection):
        raise PermissionDenied
    form = ExtendForm(request.POST)
    return case_step(
        request,
        form,
        lambda: services.objection_extend(
            actor=_user(request),
            objection=objection,
            reason=form.cleaned_data["reason"],
            base_url=base_url(request),
        ),
        done=_("The deadline was extended."),
        back="disclosure:objection-detail",
        pk=pk,
    )


@login_required
@require_POST
def objection_decide(request: HttpRequest, pk: int) -> HttpResponse:
    objection = selectors.objection_for_user(pk=pk, user=request.user)
    if not selectors.may_decide_objection(request.user, objection):
        raise PermissionDenied
    form = DecisionForm(request.POST, record=objection.record)
    return case_step(
        request,
        form,
        lambda: services.objection_decide(
            actor=_user(request),
            objection=objection,
            outcome=form.cleaned_data["outcome"],
            reason=form.cleaned_data["reason"],
            changes=form.changes(),
            base_url=base_url(request),
        ),
        done=_("The decision is recorded; the mark is cleared."),
        back="disclosure:objection-detail",
        pk=pk,
    )


@role_required(Role.PLATFORM_ADMIN)
@require_GET
def first_check_queue(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.first_check_queue().select_related("record__item", "agency"))
    context = {"page": page, "title": _("Objections awaiting the first check"), "admin": True}
    return render(request, "disclosure/objection_queue.html", context)


@agency_staff_required
@require_GET
def agency_queue(request: HttpRequest) -> HttpResponse:
    queryset = selectors.objection_queue(agency_id=_user(request).agency_id or 0)
    page = paginate(request, queryset.select_related("record__item", "agency"))
    context = {"page": page, "title": _("Objections to decide"), "admin": False}
    return render(request, "disclosure/objection_queue.html", context)


@login_required
@require_GET
def evidence_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    evidence = CaseEvidence.objects.filter(pk=pk).first()
    if evidence is None:
        raise Http404
    # Visible exactly when its case is: the same 404 for a file of someone else's case.
    if evidence.objection_id is not None:
        selectors.objection_for_user(pk=evidence.objection_id, user=request.user)
    else:
        repair_for_user(pk=evidence.repair_id or 0, user=request.user)
    return serve_private_file(evidence.file, evidence.original_name)


@login_required
@require_GET
def my_cases(request: HttpRequest) -> HttpResponse:
    objections, repairs = selectors.cases_of_applicant(request.user)
    context = {
        "page": paginate(request, objections),
        "repairs": paginate(request, repairs, "rpage"),
    }
    return render(request, "disclosure/my_cases.html", context)
