"""Representatives: users who act for a subject once a platform admin verified their claim."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from credit_platform.identifiers import check_uscc
from credit_platform.models import Representation, Role, Subject, User
from credit_platform.services import ServiceError, audit_record, subject_resolve
from credit_platform.uploads import check_evidence

Status = Representation.Status


def _kind_for(code: str) -> str:
    # GB 32100 position 2 of a code registered by market regulation (9): 2 = individual business.
    if code[:2] == "92":
        return Subject.Kind.INDIVIDUAL_BUSINESS
    if code[:1] == "9":
        return Subject.Kind.LEGAL_PERSON
    return Subject.Kind.OTHER_ORGANISATION


def _subject_for_claim(uscc: str, name: str) -> Subject:
    checked = check_uscc(uscc)
    if not checked.ok:
        raise ServiceError(checked.errors[0].message())
    existing = Subject.objects.filter(uscc=checked.value).first()
    if existing is not None:
        return existing
    if not name.strip():
        raise ServiceError(
            _("This subject is not on the platform yet; give its registered name as well.")
        )
    return subject_resolve(kind=_kind_for(checked.value), name=name, uscc=checked.value)


@transaction.atomic
def representation_claim(
    *,
    user: User,
    uscc: str,
    legal_representative: str,
    letter: UploadedFile,
    subject_name: str = "",
) -> Representation:
    """File a claim to act for the subject with this code; a platform admin decides it."""
    try:
        check_evidence(letter)
    except ValueError as exc:
        raise ServiceError(str(exc)) from exc
    if not legal_representative.strip():
        raise ServiceError(_("Give the name of the legal representative."))
    subject = _subject_for_claim(uscc, subject_name)
    if Representation.objects.filter(
        user=user, subject=subject, status__in=[Status.PENDING, Status.VERIFIED]
    ).exists():
        raise ServiceError(_("You already have an open or verified claim for this subject."))
    representation = Representation.objects.create(
        user=user,
        subject=subject,
        legal_representative=legal_representative.strip(),
        letter=letter,
    )
    audit_record(actor=user, action="representation.claim", target=representation)
    return representation


def _decide(
    *, actor: User, representation: Representation, frm: str, to: str, reason: str
) -> Representation:
    if not actor.has_role(Role.PLATFORM_ADMIN):
        raise ServiceError(_("Only a platform administrator decides representation claims."))
    if to != Status.VERIFIED and not reason.strip():
        raise ServiceError(_("Give a reason."))
    now = timezone.now()
    # Claim by conditional update: two admins deciding at once cannot both succeed.
    changed = Representation.objects.filter(pk=representation.pk, status=frm).update(
        status=to, decided_by=actor, decided_at=now, reason=reason.strip()
    )
    if changed != 1:
        raise ServiceError(_("This claim is no longer %(status)s.") % {"status": Status(frm).label})
    representation.refresh_from_db()
    audit_record(
        actor=actor,
        action=f"representation.{to}",
        target=representation,
        detail={"reason": reason.strip()},
    )
    return representation


@transaction.atomic
def representation_verify(*, actor: User, representation: Representation) -> Representation:
    """A platform admin accepts a pending claim."""
    return _decide(
        actor=actor,
        representation=representation,
        frm=Status.PENDING,
        to=Status.VERIFIED,
        reason="",
    )


@transaction.atomic
def representation_refuse(
    *, actor: User, representation: Representation, reason: str
) -> Representation:
    """A platform admin refuses a pending claim, with the reason."""
    return _decide(
        actor=actor,
        representation=representation,
        frm=Status.PENDING,
        to=Status.REFUSED,
        reason=reason,
    )


@transaction.atomic
def representation_revoke(
    *, actor: User, representation: Representation, reason: str
) -> Representation:
    """A platform admin ends a verified representation, with the reason."""
    return _decide(
        actor=actor,
        representation=representation,
        frm=Status.VERIFIED,
        to=Status.REVOKED,
        reason=reason,
    )


def subjects_represented_by(user: Any) -> QuerySet[Subject]:
    """The subjects a user acts for now (verified representations only)."""
    if not getattr(user, "is_authenticated", False):
        return Subject.objects.none()
    return Subject.objects.filter(
        representations__user=user, representations__status=Status.VERIFIED
    ).order_by("name")


def is_representative(user: Any, subject: Subject) -> bool:
    return subjects_represented_by(user).filter(pk=subject.pk).exists()


def representation_visible_to(user: Any) -> QuerySet[Representation]:
    """Claims a user may see: their own; every claim for a platform admin."""
    if not getattr(user, "is_authenticated", False):
        return Representation.objects.none()
    queryset = Representation.objects.select_related("subject", "user", "decided_by")
    if user.has_role(Role.PLATFORM_ADMIN):
        return queryset
    return queryset.filter(user=user)
