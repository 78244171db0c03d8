"""Pages of the disclosure area; each concern in its own module."""

from disclosure.views.profile import (
    authorisation_revoke,
    authorisations,
    calendar,
    calendar_day_delete,
    profile_context,
    search,
    subject_inquiries,
)

__all__ = [
    "authorisation_revoke",
    "authorisations",
    "calendar",
    "calendar_day_delete",
    "profile_context",
    "search",
    "subject_inquiries",
]
