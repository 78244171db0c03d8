"""Writes with rules: the inquiry log, authorisation codes and the working-day calendar."""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from catalogue import policy
from credit_platform.identifiers import USCC_ALPHABET
from credit_platform.models import Subject, User
from credit_platform.services import ServiceError, audit_record
from disclosure.models import Authorisation, CalendarDay, Inquiry
from disclosure.selectors import (
    authorisable_items,
    authorisation_code_hash,
    is_verified_representative,
)

# --- The inquiry log ------------------------------------------------------------------------


def _viewer(user: Any) -> User | None:
    return user if isinstance(user, User) and user.is_authenticated else None


@transaction.atomic
def inquiry_record(
    *,
    subject: Subject,
    basis: str,
    what: str,
    viewer: Any = None,
    ip: str | None = None,
    purpose: str = "",
    authorisation: Authorisation | None = None,
    detail: dict[str, Any] | None = None,
) -> Inquiry:
    """Append one lookup of ``subject`` to the inquiry log (REFERENCE.md section 2)."""
    user = _viewer(viewer)
    purpose = purpose.strip()
    if basis == Inquiry.Basis.GOVERNMENT and not purpose:
        raise ServiceError(_("Government sharing needs the purpose of the lookup."))
    if basis == Inquiry.Basis.AUTHORISED and (
        authorisation is None or authorisation.subject_id != subject.pk
    ):
        raise ServiceError(_("An authorised inquiry needs an authorisation for this subject."))
    return Inquiry.objects.create(
        subject=subject,
        basis=basis,
        what=what,
        viewer=user,
        viewer_label=user.get_username() if user else "",
        viewer_agency_id=user.agency_id if user else None,
        ip=ip or None,
        purpose=purpose,
        authorisation=authorisation if basis == Inquiry.Basis.AUTHORISED else None,
        detail=detail or {},
    )


def _years_before(moment: datetime.datetime, years: int) -> datetime.datetime:
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year - years, day=28)


PURGE_LOCK = 0x1A9_0001  # pg advisory lock key of the inquiry purge


def inquiry_purge_expired(
    *, now: datetime.datetime | None = None, batch_size: int = 5000, max_batches: int = 200
) -> int:
    """Delete inquiries older than the retention policy, in bounded batches; returns the count.

    Runs under an advisory lock so two beat runs never work side by side, and each batch is its
    own short transaction so the log table is never locked for long.
    """
    years = policy.value("inquiry_log_retention_years")
    cutoff = _years_before(now or timezone.now(), years)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [PURGE_LOCK])
        if not cursor.fetchone()[0]:
            return 0
    deleted = 0
    try:
        for _batch in range(max_batches):
            count = _purge_batch(cutoff, batch_size)
            deleted += count
            if count < batch_size:
                break
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [PURGE_LOCK])
    return deleted


@transaction.atomic
def _purge_batch(cutoff: datetime.datetime, batch_size: int) -> int:
    with connection.cursor() as cursor:
        # The append-only trigger lets DELETE through only with this flag set in the transaction.
        cursor.execute("SELECT set_config('credit.inquiry_purge', 'on', true)")
        cursor.execute(
            """
            DELETE FROM disclosure_inquiry WHERE id IN (
                SELECT id FROM disclosure_inquiry WHERE at < %s
                 ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED)
            """,
            [cutoff, batch_size],
        )
        count = cursor.rowcount
        # Back off at once, in case this runs inside a caller's longer transaction.
        cursor.execute("SELECT set_config('credit.inquiry_purge', 'off', true)")
    if count:
        audit_record(
            actor="system",
            action="inquiry.purge",
            detail={"deleted": count, "before": cutoff.isoformat()},
        )
    return count


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


# --- The working-day calendar ---------------------------------------------------------------


@transaction.atomic
def calendar_day_add(
    *, actor: User, date: datetime.date, kind: str, name_zh: str, name_en: str = ""
) -> CalendarDay:
    """Mark a day as a public holiday or a make-up working day."""
    if kind not in CalendarDay.Kind.values:
        raise ServiceError(_("Unknown kind of day."))
    if kind == CalendarDay.Kind.MAKEUP_WORKDAY and date.weekday() < 5:
        raise ServiceError(_("A make-up working day falls on a Saturday or Sunday."))
    if CalendarDay.objects.filter(date=date).exists():
        raise ServiceError(_("%s is already in the calendar; remove it first.") % date.isoformat())
    day = CalendarDay.objects.create(
        date=date, kind=kind, name_zh=name_zh.strip(), name_en=name_en.strip()
    )
    audit_record(
        actor=actor, action="calendar.add", target=day, detail={"date": str(date), "kind": kind}
    )
    return day


@transaction.atomic
def calendar_day_remove(*, actor: User, day: CalendarDay) -> None:
    """Remove a day from the calendar (it becomes an ordinary weekday or weekend day)."""
    audit_record(
        actor=actor,
        action="calendar.remove",
        target=day,
        detail={"date": str(day.date), "kind": day.kind},
    )
    day.delete()
