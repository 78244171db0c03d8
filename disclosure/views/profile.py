"""Search, the subject profile, the inquiry log, authorisation codes and the calendar."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from credit_platform.models import Role, Subject
from credit_platform.permissions import role_required
from credit_platform.services import ServiceError
from disclosure import selectors, services
from disclosure.forms import AuthorisationForm, CalendarDayForm
from disclosure.models import Authorisation, CalendarDay, Inquiry


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    page, error = None, None
    if query.strip():
        try:
            page = selectors.subject_search(query=query, after=request.GET.get("after"))
        except selectors.SearchQueryError as exc:
            error = exc.message
    return render(request, "disclosure/search.html", {"q": query, "page": page, "error": error})


def profile_context(*, subject: Subject, basis: str, user: Any) -> dict[str, Any]:
    return {
        "subject": subject,
        "basis": basis,
        "id_number_masked": selectors.mask_id_number(subject.id_number or ""),
        "is_representative": basis == Inquiry.Basis.OWN,
    }


@login_required
@require_GET
def subject_inquiries(request: HttpRequest, subject_id: int) -> HttpResponse:
    subject = selectors.subject_for_representative(subject_id=subject_id, user=request.user)
    before = request.GET.get("before", "")
    page = selectors.inquiries_for_subject(
        subject=subject, before=int(before) if before.isdigit() else None
    )
    return render(request, "disclosure/subject_inquiries.html", {"subject": subject, "page": page})


@never_cache  # the page that shows a new code must not be kept by any cache
@login_required
@require_http_methods(["GET", "POST"])
def authorisations(request: HttpRequest, subject_id: int) -> HttpResponse:
    subject = selectors.subject_for_representative(subject_id=subject_id, user=request.user)
    form = AuthorisationForm(request.POST if request.method == "POST" else None)
    new_code = None
    if request.method == "POST" and form.is_valid():
        some = form.cleaned_data["scope"] == AuthorisationForm.SCOPE_SOME
        try:
            _issued, new_code = services.authorisation_issue(
                subject=subject,
                issuer=request.user,  # type: ignore[arg-type]
                grantee=form.cleaned_data["grantee"],
                expires_at=form.expires_at(),
                item_codes=form.cleaned_data["items"] if some else (),
                all_items=not some,
            )
            form = AuthorisationForm()
        except ServiceError as exc:
            form.add_error(None, str(exc))
    context = {
        "subject": subject,
        "form": form,
        "new_code": new_code,
        "authorisations": selectors.authorisations_for_subject(subject=subject),
        "now": timezone.now(),
    }
    return render(request, "disclosure/authorisations.html", context)


@login_required
@require_POST
def authorisation_revoke(request: HttpRequest, subject_id: int, pk: int) -> HttpResponse:
    subject = selectors.subject_for_representative(subject_id=subject_id, user=request.user)
    authorisation = get_object_or_404(Authorisation, pk=pk, subject=subject)
    try:
        services.authorisation_revoke(authorisation=authorisation, actor=request.user)  # type: ignore[arg-type]
        messages.success(request, _("The authorisation was revoked."))
    except ServiceError as exc:
        messages.error(request, str(exc))
    return redirect("disclosure:authorisations", subject_id=subject.pk)


@role_required(Role.PLATFORM_ADMIN)
@require_http_methods(["GET", "POST"])
def calendar(request: HttpRequest) -> HttpResponse:
    year_text = request.GET.get("year", "")
    year = int(year_text) if year_text.isdigit() else timezone.localdate().year
    form = CalendarDayForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            day = services.calendar_day_add(actor=request.user, **form.cleaned_data)  # type: ignore[arg-type]
            messages.success(request, _("%s was added to the calendar.") % day.date.isoformat())
            return redirect(reverse("disclosure:calendar") + f"?year={day.date.year}")
        except ServiceError as exc:
            form.add_error(None, str(exc))
    context = {
        "year": year,
        "years": selectors.calendar_years(),
        "days": selectors.calendar_days_in_year(year),
        "form": form,
    }
    return render(request, "disclosure/calendar.html", context)


@role_required(Role.PLATFORM_ADMIN)
@require_POST
def calendar_day_delete(request: HttpRequest, pk: int) -> HttpResponse:
    day = get_object_or_404(CalendarDay, pk=pk)
    year = day.date.year
    services.calendar_day_remove(actor=request.user, day=day)  # type: ignore[arg-type]
    messages.success(request, _("The day was removed from the calendar."))
    return redirect(reverse("disclosure:calendar") + f"?year={year}")
