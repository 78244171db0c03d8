"""Pages: public commitments, representatives' work, agency decisions, admin queues."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from commitments import selectors, services
from commitments.categories import FIELDS, HIDEABLE_WELFARE_KINDS, labelled
from commitments.forms import (
    ClaimForm,
    CommitmentFilterForm,
    ReasonForm,
    SelfDisclosureForm,
    SignForm,
)
from commitments.models import Commitment, SelfDisclosure
from credit_platform.models import Subject, User
from credit_platform.permissions import agency_staff_required
from credit_platform.representation import (
    is_representative,
    representation_claim,
    representation_visible_to,
    subjects_represented_by,
)
from credit_platform.services import ServiceError
from credit_platform.uploads import serve_private_file

PAGE_SIZE = 20
MAX_PAGE = 500  # a bounded offset: deep pages are reached by narrowing the filters


def page_of(request: HttpRequest, queryset: QuerySet[Any]) -> dict[str, Any]:
    """One page without counting the table: fetch one row more than the page."""
    try:
        number = min(max(int(request.GET.get("page", "1")), 1), MAX_PAGE)
    except ValueError:
        number = 1
    start = (number - 1) * PAGE_SIZE
    rows = list(queryset[start : start + PAGE_SIZE + 1])
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "rows": rows[:PAGE_SIZE],
        "page_number": number,
        "has_next": len(rows) > PAGE_SIZE and number < MAX_PAGE,
        "has_previous": number > 1,
        "query": query.urlencode(),
    }


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


# Public ---------------------------------------------------------------------------------


@require_GET
def commitment_list(request: HttpRequest) -> HttpResponse:
    form = CommitmentFilterForm(request.GET or None)
    filters = selectors.CommitmentFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.CommitmentFilters(
            kind=data["kind"],
            subject=data["q"],
            signed_from=data["signed_from"],
            signed_to=data["signed_to"],
            status=data["status"],
        )
    page = page_of(request, selectors.commitment_list(filters))
    return render(request, "commitments/list.html", {"form": form, **page})


@require_GET
def commitment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = get_object_or_404(
        Commitment.objects.select_related("subject", "agency", "template"), pk=pk
    )
    user = _user(request)
    context = {
        "commitment": commitment,
        "hash_ok": services.commitment_hash_matches(commitment),
        "may_withdraw": commitment.status == Commitment.Status.ACTIVE
        and is_representative(user, commitment.subject),
        "may_decide": commitment.status == Commitment.Status.ACTIVE
        and selectors.may_decide(user, commitment),
    }
    return render(request, "commitments/detail.html", context)


@require_GET
def subject_page(request: HttpRequest, pk: int) -> HttpResponse:
    subject = get_object_or_404(Subject, pk=pk)
    return render(request, "commitments/subject.html", {"subject": subject})


@require_GET
def disclosure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    disclosure = selectors.self_disclosure_for_user(request.user, pk)
    return render(
        request,
        "commitments/disclosure_detail.html",
        {
            "disclosure": disclosure,
            "fields": labelled(disclosure.category, disclosure.payload),
            "may_withdraw": disclosure.withdrawn_at is None
            and is_representative(request.user, disclosure.subject),
            "may_hide": disclosure.category == SelfDisclosure.Category.SOCIAL_WELFARE
            and disclosure.payload.get("kind") in HIDEABLE_WELFARE_KINDS
            and is_representative(request.user, disclosure.subject),
        },
    )


@require_GET
def attachment_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    visible = selectors.self_disclosures_visible_to(request.user)
    disclosure = visible.filter(attachments__pk=pk).first()
    if disclosure is None:
        raise Http404
    attachment = disclosure.attachments.get(pk=pk)
    return serve_private_file(attachment.file, attachment.original_name)


# Representatives ------------------------------------------------------------------------


@login_required
def claim(request: HttpRequest) -> HttpResponse:
    form = ClaimForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            representation_claim(
                user=_user(request),
                uscc=form.cleaned_data["uscc"],
                legal_representative=form.cleaned_data["legal_representative"],
                letter=form.cleaned_data["letter"],
                subject_name=form.cleaned_data["subject_name"],
            )
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("Your claim was filed; a platform administrator decides it.")
            )
            return redirect("commitments:my-subjects")
    return render(request, "commitments/claim.html", {"form": form})


@login_required
@require_GET
def my_subjects(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    claims = representation_visible_to(user).filter(user=user).order_by("-created_at")
    return render(
        request,
        "commitments/my_subjects.html",
        {"subjects": subjects_represented_by(user), "claims": claims},
    )


@login_required
@require_GET
def letter(request: HttpRequest, pk: int) -> HttpResponseBase:
    representation = get_object_or_404(representation_visible_to(request.user), pk=pk)
    name = f"letter-{representation.pk}.{(representation.letter.name or '').rsplit('.', 1)[-1]}"
    return serve_private_file(representation.letter, name)


def _represented_subject(request: HttpRequest, pk: int) -> Subject:
    subject = get_object_or_404(Subject, pk=pk)
    if not is_representative(request.user, subject):
        raise PermissionDenied
    return subject


@login_required
def sign(request: HttpRequest, subject_pk: int) -> HttpResponse:
    subject = _represented_subject(request, subject_pk)
    reasons = selectors.commitment_eligibility(subject)
    templates = selectors.active_templates()
    template = templates.filter(pk=request.GET.get("template") or 0).first()
    context: dict[str, Any] = {"subject": subject, "templates": templates, "reasons": reasons}
    if template is None or reasons:
        return render(request, "commitments/sign_choose.html", context)
    form = SignForm(request.POST or None, template=template)
    context.update(form=form, template=template)
    if request.method == "POST" and form.is_valid():
        try:
            context["preview"] = services.commitment_preview(
                template=template,
                subject=subject,
                matter=form.cleaned_data["matter"],
                values=form.values(),
            )
            if request.POST.get("action") == "sign":
                commitment = services.commitment_sign(
                    signer=_user(request),
                    subject=subject,
                    template=template,
                    matter=form.cleaned_data["matter"],
                    values=form.values(),
                    notice_read=form.cleaned_data["notice_read"],
                )
                messages.success(request, _("The commitment was signed and published."))
                return redirect("commitments:detail", pk=commitment.pk)
        except ServiceError as exc:
            form.add_error(None, str(exc))
    return render(request, "commitments/sign.html", context)


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = selectors.commitment_for_withdrawal(request.user, pk)
    try:
        services.commitment_withdraw(
            actor=_user(request), commitment=commitment, reason=request.POST.get("reason", "")
        )
        messages.success(request, _("The commitment was withdrawn."))
    except ServiceError as exc:
        messages.error(request, str(exc))
    return redirect("commitments:detail", pk=pk)


@login_required
def disclose(request: HttpRequest, subject_pk: int) -> HttpResponse:
    subject = _represented_subject(request, subject_pk)
    category = request.GET.get("category", "")
    if category not in FIELDS:
        return render(
            request,
            "commitments/disclose_choose.html",
            {"subject": subject, "categories": SelfDisclosure.Category.choices},
        )
    form = SelfDisclosureForm(request.POST or None, request.FILES or None, category=category)
    if request.method == "POST" and form.is_valid():
        try:
            disclosure = services.self_disclosure_publish(
                actor=_user(request),
                subject=subject,
                category=category,
                title=form.cleaned_data["title"],
                payload=form.payload(),
                authenticity_confirmed=form.cleaned_data["authenticity"],
                hidden=form.cleaned_data.get("hidden", False),
                files=form.cleaned_data["attachments"],
            )
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The information was published."))
            return redirect("commitments:disclosure", pk=disclosure.pk)
    label = SelfDisclosure.Category(category).label
    return render(
        request,
        "commitments/disclose.html",
        {"subject": subject, "form": form, "category": category, "category_label": label},
    )


@login_required
@require_POST
def disclosure_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    disclosure = selectors.self_disclosure_for_change(request.user, pk)
    try:
        services.self_disclosure_withdraw(actor=_user(request), disclosure=disclosure)
        messages.success(request, _("The self-disclosure was withdrawn."))
    except ServiceError as exc:
        messages.error(request, str(exc))
    return redirect("commitments:disclosure", pk=pk)


@login_required
@require_POST
def disclosure_visibility(request: HttpRequest, pk: int) -> HttpResponse:
    disclosure = selectors.self_disclosure_for_change(request.user, pk)
    try:
        services.self_disclosure_set_hidden(
            actor=_user(request), disclosure=disclosure, hidden=request.POST.get("hidden") == "1"
        )
        messages.success(request, _("The choice was saved."))
    except ServiceError as exc:
        messages.error(request, str(exc))
    return redirect("commitments:disclosure", pk=pk)


# Agency staff ---------------------------------------------------------------------------


@agency_staff_required
@require_GET
def agency_list(request: HttpRequest) -> HttpResponse:
    queryset = selectors.commitment_list().filter(agency=_user(request).agency_id)
    return render(request, "commitments/agency_list.html", page_of(request, queryset))


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = selectors.commitment_for_decision(request.user, pk)
    form = ReasonForm(request.POST)
    action = request.POST.get("action")
    service = {"fulfil": services.commitment_fulfil, "breach": services.commitment_breach}.get(
        action or ""
    )
    if service is None or not form.is_valid():
        messages.error(request, _("Choose fulfilled or breached and give a reason."))
        return redirect("commitments:detail", pk=pk)
    try:
        service(actor=_user(request), commitment=commitment, reason=form.cleaned_data["reason"])
        messages.success(request, _("The decision was recorded."))
    except ServiceError as exc:
        messages.error(request, str(exc))
    return redirect("commitments:detail", pk=pk)
