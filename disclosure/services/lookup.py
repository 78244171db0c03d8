"""A look at a subject's records: what the viewer may see, logged as one inquiry."""

from __future__ import annotations

from typing import Any

from credit_platform.models import Subject
from disclosure.models import Inquiry
from disclosure.selectors.records import (
    RecordGroup,
    Viewer,
    authorised_item_codes,
    records_by_category,
)
from disclosure.services.authorisation import authorisation_use
from disclosure.services.inquiry import inquiry_record


def records_look_up(
    *,
    subject: Subject,
    viewer: Viewer,
    user: Any,
    ip: str | None,
    purpose: str = "",
    what: str = Inquiry.What.PROFILE,
) -> list[RecordGroup]:
    """The records ``viewer`` sees of ``subject``, grouped by category; the look is logged on
    the viewer's basis, with the authorisation code as proof when one was used (ServiceError
    when that code expired or was revoked a moment ago)."""
    groups = records_by_category(subject=subject, viewer=viewer)
    if viewer.authorisation is not None:
        authorisation_use(
            authorisation=viewer.authorisation,
            what=what,
            viewer=user,
            ip=ip,
            item_codes=authorised_item_codes(groups),
        )
    else:
        inquiry_record(
            subject=subject, basis=viewer.basis, what=what, viewer=user, ip=ip, purpose=purpose
        )
    return groups
