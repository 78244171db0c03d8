"""Credit reports: issue from the profile, the printable page, the PDF, public verification."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_GET, require_POST

from credit_platform.services import ServiceError, client_ip
from disclosure.models import CreditReport, Inquiry
from disclosure.pdf import report_pdf as render_pdf
from disclosure.selectors.access import subject_for_profile
from disclosure.selectors.records import mask_value
from disclosure.selectors.reports import report_for_viewer
from disclosure.selectors.reports import report_verify as verify
from disclosure.services.reports import report_issue as issue


def _verify_url(request: HttpRequest, report: CreditReport) -> str:
    return request.build_absolute_uri(reverse("disclosure:report-verify", args=[report.number]))


@require_POST
def report_issue(request: HttpRequest, key: str) -> HttpResponse:
    subject, basis = subject_for_profile(key=key, user=request.user)
    if basis not in (Inquiry.Basis.PUBLIC, Inquiry.Basis.OWN):
        raise Http404  # government sharing looks records up; it does not issue reports
    try:
        report = issue(subject=subject, basis=basis, viewer=request.user, ip=client_ip(request))
    except ServiceError as exc:
        messages.error(request, str(exc))
        return redirect("disclosure:subject-profile", key=subject.pk)
    return redirect("disclosure:report", number=report.number)


@require_GET
def report_detail(request: HttpRequest, number: str) -> HttpResponse:
    report = report_for_viewer(number=number, user=request.user)
    verify_url = _verify_url(request, report)
    context = {"report": report, "content": report.content, "verify_url": verify_url}
    return render(request, "disclosure/report.html", context)


@require_GET
def report_pdf(request: HttpRequest, number: str) -> HttpResponse:
    report = report_for_viewer(number=number, user=request.user)
    # The report's own language, so the printed labels match the snapshot's labels.
    with translation.override(report.content.get("language") or "zh-hans"):
        pdf = render_pdf(
            content=report.content,
            content_hash=report.content_hash,
            verify_url=_verify_url(request, report),
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{report.number}.pdf"'
    return response


@require_GET
def report_verify(request: HttpRequest, number: str) -> HttpResponse:
    verification = verify(number=number, pasted_hash=request.GET.get("hash", ""))
    report = verification.report
    subject_name = ""
    if report is not None:
        # A natural person's name is not public, even to someone holding the report number.
        name = report.content["subject"]["name"]
        subject_name = mask_value("string", name) if report.subject.is_natural_person else name
    context = {"number": number, "v": verification, "subject_name": subject_name}
    return render(request, "disclosure/report_verify.html", context, status=200 if report else 404)


@require_GET
def report_verify_form(request: HttpRequest) -> HttpResponse:
    number = request.GET.get("number", "").strip()
    if number:
        return redirect("disclosure:report-verify", number=number)
    return render(request, "disclosure/report_verify.html", {"number": "", "v": None})
