"""Authorisation codes: issue, revoke, use."""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from credit_platform.identifiers import USCC_ALPHABET
from credit_platform.models import Subject, User
from credit_platform.services import ServiceError, audit_record
from disclosure.models import Authorisation, Inquiry
from disclosure.selectors import (
    authorisable_items,
    authorisation_code_hash,
    is_verified_representative,
)
from disclosure.services.inquiry import inquiry_record

# --- Authorisation codes --------------------------------------------------------------------

CODE_GROUPS = 4
CODE_GROUP_LENGTH = 4


def _new_code() -> str:
    """16 characters of the USCC alphabet (no I, O, S, V, Z to misread): about 79 bits."""
    groups = [
        "".join(secrets.choice(USCC_ALPHABET) for _ in range(CODE_GROUP_LENGTH))
        for _ in range(CODE_GROUPS)
    ]
    return "-".join(groups)


@transaction.atomic
def authorisation_issue(
    *,
    subject: Subject,
    issuer: User,
    grantee: str,
    expires_at: datetime.datetime,
    item_codes: Iterable[str] = (),
    all_items: bool = False,
) -> tuple[Authorisation, str]:
    """Issue an authorisation code; returns it with the code, which is shown this once."""
    if not is_verified_representative(user=issuer, subject=subject):
        raise ServiceError(_("Only a verified representative of the subject may authorise."))
    grantee = grantee.strip()
    if not grantee:
        raise ServiceError(_("Name the party you authorise."))
    if expires_at <= timezone.now():
        raise ServiceError(_("The expiry must be in the future."))
    codes = sorted(set(item_codes))
    if all_items == bool(codes):
        raise ServiceError(_("Choose either all authorised-inquiry items or some of them."))
    unknown = set(codes) - {code for code, _name in authorisable_items()}
    if unknown:
        raise ServiceError(
            _("Not items of the catalogue shown on authorised inquiry: %s") % ", ".join(unknown)
        )
    code = _new_code()
    authorisation = Authorisation.objects.create(
        subject=subject,
        issued_by=issuer,
        code_hash=authorisation_code_hash(code),
        code_hint=code[-4:],
        all_items=all_items,
        item_codes=codes,
        grantee=grantee,
        expires_at=expires_at,
    )
    audit_record(
        actor=issuer,
        action="authorisation.issue",
        target=authorisation,
        detail={"grantee": grantee, "items": codes or "all", "expires": expires_at.isoformat()},
    )
    return authorisation, code


@transaction.atomic
def authorisation_revoke(*, authorisation: Authorisation, actor: User) -> Authorisation:
    """End an authorisation at once; a second revocation is refused."""
    if not is_verified_representative(user=actor, subject=authorisation.subject):
        raise ServiceError(_("Only a verified representative of the subject may revoke."))
    now = timezone.now()
    changed = Authorisation.objects.filter(pk=authorisation.pk, revoked_at__isnull=True).update(
        revoked_at=now, revoked_by=actor
    )
    if not changed:
        raise ServiceError(_("This authorisation was already revoked."))
    audit_record(actor=actor, action="authorisation.revoke", target=authorisation)
    authorisation.refresh_from_db()
    return authorisation


@transaction.atomic
def authorisation_use(
    *,
    authorisation: Authorisation,
    what: str,
    viewer: Any = None,
    ip: str | None = None,
    item_codes: Iterable[str] = (),
) -> Inquiry:
    """Count one use of a valid code and log the inquiry with the authorisation as its proof."""
    codes = sorted(set(item_codes))
    outside = [code for code in codes if not authorisation.covers(code)]
    if outside:
        raise ServiceError(_("The authorisation does not cover: %s") % ", ".join(outside))
    # Valid at the moment of use, decided in the same UPDATE that counts it.
    used = Authorisation.objects.filter(
        pk=authorisation.pk, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).update(uses=F("uses") + 1)
    if not used:
        raise ServiceError(_("The authorisation has expired or was revoked."))
    return inquiry_record(
        subject=authorisation.subject,
        basis=Inquiry.Basis.AUTHORISED,
        what=what,
        viewer=viewer,
        ip=ip,
        authorisation=authorisation,
        detail={"items": codes},
    )
