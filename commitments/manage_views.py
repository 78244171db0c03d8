"""Platform administrators' pages: representation claims and commitment templates."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from commitments import services
from commitments.forms import ReasonForm, TemplateForm
from commitments.models import CommitmentTemplate
from credit_platform.models import Representation, Role, User
from credit_platform.permissions import role_required
from credit_platform.representation import (
    representation_refuse,
    representation_revoke,
    representation_verify,
    representation_visible_to,
)
from credit_platform.services import ServiceError

admin_only = role_required(Role.PLATFORM_ADMIN)


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@admin_only
@require_GET
def representations(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", Representation.Status.PENDING)
    if status not in Representation.Status.values:
        status = Representation.Status.PENDING
    rows = representation_visible_to(request.user).filter(status=status).order_by("created_at")
    return render(
        request,
        "commitments/manage_representations.html",
        {"rows": rows[:200], "status": status, "statuses": Representation.Status.choices},
    )


@admin_only
@require_POST
def representation_decide(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    representation = get_object_or_404(Representation, pk=pk)
    reason = ReasonForm(request.POST)
    actor = _user(request)
    try:
        if action == "verify":
            representation_verify(actor=actor, representation=representation)
        elif action == "refuse":
            representation_refuse(
                actor=actor,
                representation=representation,
                reason=reason.data.get("reason", ""),
            )
        elif action == "revoke":
            representation_revoke(
                actor=actor,
                representation=representation,
                reason=reason.data.get("reason", ""),
            )
        else:
            raise ServiceError(_("Unknown action."))
        messages.success(request, _("The decision was recorded."))
    except ServiceError as exc:
        messages.error(request, str(exc))
    return redirect(request.POST.get("next") or "commitments:manage-representations")


@admin_only
@require_GET
def templates(request: HttpRequest) -> HttpResponse:
    rows = CommitmentTemplate.objects.select_related("agency").order_by("code", "-version")
    return render(request, "commitments/manage_templates.html", {"rows": rows})


@admin_only
def template_new(request: HttpRequest) -> HttpResponse:
    form = TemplateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.template_create(actor=_user(request), data=form.cleaned_data)
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The template was saved."))
            return redirect("commitments:manage-templates")
    return render(request, "commitments/manage_template_form.html", {"form": form})


@admin_only
def template_edit(request: HttpRequest, pk: int) -> HttpResponse:
    template = get_object_or_404(CommitmentTemplate, pk=pk)
    form = TemplateForm(request.POST or None, initial=TemplateForm.initial_from(template))
    form.fields["code"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.template_update(
                actor=_user(request), template=template, data=form.cleaned_data
            )
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            if saved.pk != template.pk:
                messages.info(
                    request,
                    _("The template was already signed, so the edit became version %(v)s.")
                    % {"v": saved.version},
                )
            else:
                messages.success(request, _("The template was saved."))
            return redirect("commitments:manage-templates")
    return render(
        request, "commitments/manage_template_form.html", {"form": form, "template": template}
    )


@admin_only
@require_POST
def template_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    template = get_object_or_404(CommitmentTemplate, pk=pk)
    try:
        services.template_deactivate(actor=_user(request), template=template)
        messages.success(request, _("The template is no longer offered."))
    except ServiceError as exc:
        messages.error(request, str(exc))
    return redirect("commitments:manage-templates")
