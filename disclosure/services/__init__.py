"""Writes with rules: the inquiry log, authorisation codes and the working-day calendar."""

from disclosure.services.authorisation import (
    authorisation_issue,
    authorisation_revoke,
    authorisation_use,
)
from disclosure.services.calendar import (
    calendar_day_add,
    calendar_day_remove,
)
from disclosure.services.inquiry import (
    inquiry_purge_expired,
    inquiry_record,
)

__all__ = [
    "authorisation_issue",
    "authorisation_revoke",
    "authorisation_use",
    "calendar_day_add",
    "calendar_day_remove",
    "inquiry_purge_expired",
    "inquiry_record",
]
