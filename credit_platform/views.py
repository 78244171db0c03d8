"""Pages of the shared core: home, health, the area entry pages, error pages."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from credit_platform import health
from credit_platform.models import Role
from credit_platform.permissions import agency_staff_required, role_required


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "credit_platform/home.html")


@never_cache
@require_GET
@transaction.non_atomic_requests  # must answer even when the database is down
def healthz(request: HttpRequest) -> JsonResponse:
    database = health.check_database()
    broker = health.check_broker()
    up = database["ok"] and broker["ok"]
    return JsonResponse(
        {"status": "ok" if up else "unavailable", "database": database, "broker": broker},
        status=200 if up else 503,
    )


@agency_staff_required
def agency_home(request: HttpRequest) -> HttpResponse:
    user = request.user
    roles = [role.label for role in Role if user.has_role(role)]  # type: ignore[union-attr]
    return render(
        request,
        "credit_platform/agency_home.html",
        {"agency": user.agency, "roles": roles},  # type: ignore[union-attr]
    )


@role_required(Role.PLATFORM_ADMIN, Role.CATALOGUE_APPROVER)
def manage_home(request: HttpRequest) -> HttpResponse:
    return render(request, "credit_platform/manage_home.html")


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    # No context processors: the failure may be in one of them, or in the database.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render(), status=500)
