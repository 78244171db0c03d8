"""Credit repair pages: the application form, the case page, the agency's queue."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from credit_platform.models import Role
from credit_platform.permissions import agency_staff_required, role_required
from credit_platform.services import ServiceError
from credit_platform.uploads import serve_private_file
from disclosure.forms_cases import FirstCheckForm, RepairDecisionForm, RepairForm
from disclosure.selectors import repair as selectors
from disclosure.selectors.objections import is_overdue, may_first_check
from disclosure.services import repair as services
from disclosure.views.objections import _user, base_url, case_step, paginate


@login_required
@require_http_methods(["GET", "POST"])
def repair_file(request: HttpRequest, record_id: int) -> HttpResponse:
    record = selectors.record_for_repair(record_id=record_id, user=request.user)
    blockers = selectors.repair_blockers(record)
    form = RepairForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and not blockers and form.is_valid():
        try:
            application = services.repair_apply(
                applicant=_user(request),
                record=record,
                description=form.cleaned_data["description"],
                letter=form.cleaned_data["letter"],
                letter_confirmed=form.cleaned_data["letter_confirmed"],
                files=form.cleaned_data["evidence"],
                base_url=base_url(request),
            )
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Your application was filed."))
            return redirect("disclosure:repair-detail", pk=application.pk)
    context = {
        "record": record,
        "form": form,
        "blockers": blockers,
        "opens_on": selectors.repair_opens_on(record, selectors.repair_periods()),
    }
    return render(request, "disclosure/repair_file.html", context)


@login_required
@require_GET
def repair_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.repair_for_user(pk=pk, user=request.user)
    may_decide = selectors.may_decide_repair(request.user, application)
    may_check = may_first_check(request.user) and application.status == application.Status.PLATFORM
    context = {
        "application": application,
        "record": application.record,
        "events": application.events.select_related("actor"),
        "evidence": application.evidence.all(),
        "overdue": is_overdue(application.due),
        "check_form": FirstCheckForm() if may_check else None,
        "decision_form": (
            RepairDecisionForm()
            if may_decide and application.status == application.Status.PENDING
            else None
        ),
    }
    return render(request, "disclosure/repair_detail.html", context)


@login_required
@require_POST
def repair_check(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.repair_for_user(pk=pk, user=request.user)
    if not may_first_check(request.user):
        raise PermissionDenied
    form = FirstCheckForm(request.POST)
    return case_step(
        request,
        form,
        lambda: services.repair_platform_check(
            actor=_user(request),
            application=application,
            accept=form.cleaned_data["action"] == FirstCheckForm.ACCEPT,
            reason=form.cleaned_data["reason"],
            base_url=base_url(request),
        ),
        done=_("The platform's answer is recorded."),
        back="disclosure:repair-detail",
        pk=pk,
    )


@login_required
@require_POST
def repair_decide(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.repair_for_user(pk=pk, user=request.user)
    if not selectors.may_decide_repair(request.user, application):
        raise PermissionDenied
    form = RepairDecisionForm(request.POST)
    return case_step(
        request,
        form,
        lambda: services.repair_decide(
            actor=_user(request),
            application=application,
            approve=form.cleaned_data["action"] == RepairDecisionForm.APPROVE,
            reason=form.cleaned_data["reason"],
            base_url=base_url(request),
        ),
        done=_("The decision is recorded."),
        back="disclosure:repair-detail",
        pk=pk,
    )


@login_required
@require_GET
def repair_letter(request: HttpRequest, pk: int) -> HttpResponseBase:
    application = selectors.repair_for_user(pk=pk, user=request.user)
    return serve_private_file(application.letter, application.letter_name)


@agency_staff_required
@require_GET
def repair_queue(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.repair_queue(agency_id=_user(request).agency_id or 0))
    context = {"page": page, "title": _("Credit repair applications to decide"), "admin": False}
    return render(request, "disclosure/repair_queue.html", context)


@role_required(Role.PLATFORM_ADMIN)
@require_GET
def repair_check_queue(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.repair_check_queue())
    context = {"page": page, "title": _("Credit repair applications to check"), "admin": True}
    return render(request, "disclosure/repair_queue.html", context)
