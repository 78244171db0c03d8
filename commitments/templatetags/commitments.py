"""The profile section's data, so any page (the disclosure app's profile) can include it."""

from __future__ import annotations

from typing import Any

from django import template

from commitments.selectors import public_commitments, public_self_disclosures
from credit_platform.models import Subject

register = template.Library()


@register.simple_tag
def profile_lists(subject: Subject) -> dict[str, Any]:
    return {
        "commitments": list(public_commitments(subject)[:50]),
        "disclosures": list(public_self_disclosures(subject)[:50]),
    }


@register.filter
def is_platform_admin(user: Any) -> bool:
    from credit_platform.models import Role

    return bool(getattr(user, "is_authenticated", False) and user.has_role(Role.PLATFORM_ADMIN))
