"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from credit_platform.models import Role


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_agency": False, "nav_admin": False}
    return {
        "nav_agency": user.agency_id is not None,
        "nav_admin": user.has_role(Role.PLATFORM_ADMIN) or user.has_role(Role.CATALOGUE_APPROVER),
    }
