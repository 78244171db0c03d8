"""The subject profile with its records: public, by authorisation code, or government sharing."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from credit_platform.models import Subject
from credit_platform.services import ServiceError, client_ip
from disclosure.forms import PurposeForm
from disclosure.models import Inquiry
from disclosure.record_forms import AuthorisationCodeForm
from disclosure.selectors.access import is_government_staff, subject_for_profile
from disclosure.selectors.inquiry import authorisation_by_code, authorisation_check
from disclosure.selectors.records import RecordGroup, Viewer
from disclosure.services.lookup import records_look_up
from disclosure.views.profile import profile_context

Basis = Inquiry.Basis


def _bound(request: HttpRequest, field: str) -> Any:
    return request.POST if request.method == "POST" and field in request.POST else None


def _chosen_viewer(
    request: HttpRequest, subject: Subject, code_form: AuthorisationCodeForm, purpose_form: Any
) -> tuple[Viewer, str]:
    """A public visitor may step up: staff by stating a purpose, a third party by a code."""
    if is_government_staff(request.user) and purpose_form.is_valid():
        return Viewer(basis=Basis.GOVERNMENT), purpose_form.cleaned_data["purpose"]
    if code_form.is_valid():
        authorisation = authorisation_check(code_form.cleaned_data["code"], subject)
        if authorisation is not None:
            return Viewer(basis=Basis.AUTHORISED, authorisation=authorisation), ""
        code_form.add_error("code", _("This code is not valid for this subject."))
    return Viewer(basis=Basis.PUBLIC), ""


def _look_up(
    request: HttpRequest, subject: Subject, viewer: Viewer, purpose: str
) -> list[RecordGroup]:
    return records_look_up(
        subject=subject, viewer=viewer, user=request.user, ip=client_ip(request), purpose=purpose
    )


def _profile_page(
    request: HttpRequest,
    *,
    subject: Subject,
    basis: str,
    viewer: Viewer,
    groups: list[RecordGroup],
    code_form: AuthorisationCodeForm,
    purpose_form: Any,
) -> HttpResponse:
    context = profile_context(subject=subject, basis=basis, user=request.user) | {
        "record_groups": groups,
        "viewer": viewer,
        "code_form": code_form,
        "purpose_form": purpose_form,
        "offer_code": viewer.basis == Basis.PUBLIC,
        "offer_purpose": viewer.basis == Basis.PUBLIC and is_government_staff(request.user),
        "report_basis": basis if basis in (Basis.PUBLIC, Basis.OWN) else None,
    }
    return render(request, "disclosure/subject_profile.html", context)


@never_cache  # what a code or a purpose revealed must not be kept by any cache
@require_http_methods(["GET", "POST"])
def subject_profile(request: HttpRequest, key: str) -> HttpResponse:
    subject, basis = subject_for_profile(key=key, user=request.user)
    code_form = AuthorisationCodeForm(_bound(request, "code"))
    purpose_form = PurposeForm(_bound(request, "purpose"))
    viewer, purpose = Viewer(basis=basis), ""
    if basis == Basis.GOVERNMENT:
        if not purpose_form.is_valid():
            return render(request, "disclosure/profile_purpose.html", {"form": purpose_form})
        purpose = purpose_form.cleaned_data["purpose"]
    elif basis == Basis.PUBLIC:
        viewer, purpose = _chosen_viewer(request, subject, code_form, purpose_form)
    try:
        groups = _look_up(request, subject, viewer, purpose)
    except ServiceError as exc:  # the code expired or was revoked a moment ago
        code_form.add_error("code", str(exc))
        viewer = Viewer(basis=Basis.PUBLIC)
        groups = _look_up(request, subject, viewer, "")
    return _profile_page(
        request,
        subject=subject,
        basis=basis,
        viewer=viewer,
        groups=groups,
        code_form=code_form,
        purpose_form=purpose_form,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def authorised_inquiry(request: HttpRequest) -> HttpResponse:
    """A third party types the code a subject gave it; the code alone names the subject.

    This is the only way a third party sees a natural person, who is not on the open site
    (REFERENCE.md section 1), and it shows just the items the code covers, logged with it.
    """
    form = AuthorisationCodeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        authorisation = authorisation_by_code(form.cleaned_data["code"])
        if authorisation is None:
            form.add_error(
                "code", _("This code is not valid: it may have expired or been revoked.")
            )
        else:
            viewer = Viewer(basis=Basis.AUTHORISED, authorisation=authorisation)
            try:
                groups = _look_up(request, authorisation.subject, viewer, "")
            except ServiceError as exc:  # expired or revoked a moment ago
                form.add_error("code", str(exc))
            else:
                return _profile_page(
                    request,
                    subject=authorisation.subject,
                    basis=Basis.AUTHORISED,
                    viewer=viewer,
                    groups=groups,
                    code_form=form,
                    purpose_form=None,
                )
    return render(request, "disclosure/authorised_inquiry.html", {"form": form})
