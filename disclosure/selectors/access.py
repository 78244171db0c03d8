"""Who may see a subject, and on what basis."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from credit_platform.identifiers import normalise
from credit_platform.models import Representation, Subject
from disclosure.models import Inquiry

# --- Who may see a subject ------------------------------------------------------------------


def subject_lookup(key: str) -> Subject | None:
    """A subject by its unified social credit code (18 characters) or its id."""
    code = normalise(key)
    if len(code) == 18:
        return Subject.objects.filter(uscc=code).first()
    if key.isdigit() and len(key) < 18:
        return Subject.objects.filter(pk=int(key)).first()
    return None


def is_verified_representative(*, user: Any, subject: Subject) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return Representation.objects.filter(
        user=user, subject=subject, status=Representation.Status.VERIFIED
    ).exists()


def is_government_staff(user: Any) -> bool:
    agency = getattr(user, "agency", None) if getattr(user, "is_authenticated", False) else None
    return agency is not None and agency.active and user.is_active


def profile_basis(*, subject: Subject, user: Any) -> str | None:
    """The basis on which ``user`` may open the profile, or None (the public gets a 404).

    Natural persons are not on the open site (REFERENCE.md section 1): only the subject's
    own representatives, and agency staff who state a purpose (government sharing).
    """
    if is_verified_representative(user=user, subject=subject):
        return Inquiry.Basis.OWN
    if not subject.is_natural_person:
        return Inquiry.Basis.PUBLIC
    if is_government_staff(user):
        return Inquiry.Basis.GOVERNMENT
    return None


def mask_id_number(number: str) -> str:
    """An identity number as the public may see it: ``4601**********0019`` (never whole)."""
    if len(number) <= 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def subject_for_profile(*, key: str, user: Any) -> tuple[Subject, str]:
    """The subject and the viewer's basis; 404 when it does not exist or is not visible."""
    subject = subject_lookup(key)
    basis = profile_basis(subject=subject, user=user) if subject else None
    if subject is None or basis is None:
        raise Http404
    return subject, basis


def subject_for_representative(*, subject_id: int, user: Any) -> Subject:
    """A subject whose private pages ``user`` opens: 404 if not visible, 403 if not theirs."""
    subject = Subject.objects.filter(pk=subject_id).first()
    if subject is None:
        raise Http404
    if is_verified_representative(user=user, subject=subject):
        return subject
    if profile_basis(subject=subject, user=user) is None:
        raise Http404
    raise PermissionDenied
