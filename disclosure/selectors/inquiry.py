"""The inquiry log as a subject sees it, and authorisation codes."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from credit_platform.identifiers import normalise
from credit_platform.models import Subject
from disclosure.models import Authorisation, Inquiry

# --- The inquiry log ------------------------------------------------------------------------


@dataclass(frozen=True)
class InquiryRow:
    id: int
    at: datetime.datetime
    who: str
    basis: str
    basis_label: str
    what_label: str


@dataclass(frozen=True)
class InquiryPage:
    rows: list[InquiryRow]
    next_before: int | None


def _who(inquiry: Inquiry) -> str:
    if inquiry.basis == Inquiry.Basis.AUTHORISED and inquiry.authorisation is not None:
        return _("%(grantee)s (with your authorisation)") % {
            "grantee": inquiry.authorisation.grantee
        }
    if inquiry.viewer_agency is not None:
        return inquiry.viewer_agency.name
    if inquiry.basis == Inquiry.Basis.OWN:
        return _("Your representative %(name)s") % {"name": inquiry.viewer_label}
    # Private visitors stay private: a subject learns that the public looked, not who.
    return _("The public")


def inquiries_for_subject(
    *, subject: Subject, before: int | None = None, limit: int = 25
) -> InquiryPage:
    """Newest first, by keyset on id (ids grow with time); no count of the whole log."""
    qs = Inquiry.objects.filter(subject=subject).select_related("viewer_agency", "authorisation")
    if before is not None:
        qs = qs.filter(id__lt=before)
    items = list(qs.order_by("-id")[: limit + 1])
    more = len(items) > limit
    items = items[:limit]
    rows = [
        InquiryRow(
            id=i.id,
            at=i.at,
            who=_who(i),
            basis=i.basis,
            basis_label=str(Inquiry.Basis(i.basis).label),
            what_label=str(Inquiry.What(i.what).label),
        )
        for i in items
    ]
    return InquiryPage(rows=rows, next_before=items[-1].id if more else None)


# --- Authorisation codes --------------------------------------------------------------------


def authorisation_code_hash(code: str) -> str:
    """The stored form of a code: typed in any case, with or without the dashes."""
    cleaned = normalise(code)
    return hashlib.sha256(cleaned.encode()).hexdigest()


def authorisation_check(code: str, subject: Subject) -> Authorisation | None:
    """The authorisation ``code`` proves for ``subject``: issued for it, unexpired, not revoked."""
    if not code:
        return None
    return Authorisation.objects.filter(
        subject=subject,
        code_hash=authorisation_code_hash(code),
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).first()


def authorisation_by_code(code: str) -> Authorisation | None:
    """The unexpired, unrevoked authorisation a code proves; the code alone names its subject."""
    if not code:
        return None
    return (
        Authorisation.objects.filter(
            code_hash=authorisation_code_hash(code),
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .select_related("subject")
        .first()
    )


def authorisations_for_subject(*, subject: Subject) -> QuerySet[Authorisation]:
    return Authorisation.objects.filter(subject=subject).select_related("issued_by")


def authorisable_items() -> list[tuple[str, str]]:
    """(code, name) of the published catalogue's items shown only on authorised inquiry."""
    from catalogue.models import CatalogueItem, CatalogueVersion

    items = CatalogueItem.objects.filter(
        version__status=CatalogueVersion.Status.PUBLISHED,
        disclosure_level=CatalogueItem.DisclosureLevel.AUTHORISED,
    )
    return [(item.code, item.name) for item in items]
