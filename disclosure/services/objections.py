"""Objections: filing, the platform's first check, the agency's decision (REFERENCE.md s. 3)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from catalogue import policy
from collection.models import CreditRecord
from collection.services import record_correct, record_revoke, record_set_objection
from credit_platform.models import User
from credit_platform.services import ServiceError, audit_record
from credit_platform.uploads import check_evidence_files
from disclosure.models import CaseEvent, CaseEvidence, Objection
from disclosure.selectors.calendar import add_working_days
from disclosure.selectors.objections import (
    may_decide_objection,
    may_first_check,
    open_objection_exists,
)
from disclosure.services.notify import absolute_url, notify_applicant

MAX_EVIDENCE = 5
MAX_TEXT = 5000
Outcome = Objection.Outcome


def checked_files(files: Sequence[UploadedFile]) -> list[tuple[UploadedFile, Any]]:
    """Every evidence file checked (type by its bytes, size) before anything is stored."""
    try:
        return check_evidence_files(files, at_most=MAX_EVIDENCE)
    except ValueError as exc:
        raise ServiceError(str(exc)) from exc


def store_evidence(files: list[tuple[UploadedFile, Any]], **case: Any) -> None:
    for upload, info in files:
        CaseEvidence.objects.create(
            file=upload,
            original_name=info.name,
            content_type=info.content_type,
            size=info.size,
            **case,
        )


def _text(value: str, message: str) -> str:
    value = (value or "").strip()
    if not value or len(value) > MAX_TEXT:
        raise ServiceError(message)
    return value


def _tell(objection: Objection, body: str, base_url: str) -> None:
    link = absolute_url(reverse("disclosure:objection-detail", args=[objection.pk]), base_url)
    subject = _("Objection no. %(n)s: %(step)s") % {"n": objection.pk, "step": body}
    notify_applicant(user=objection.applicant, subject=subject, body=body, link=link)


def _step(objection: Objection, actor: User, action: str, note: str = "", **detail: Any) -> None:
    CaseEvent.objects.create(objection=objection, actor=actor, action=action, note=note)
    audit_record(
        actor=actor, action=f"objection.{action}", target=objection, detail={"note": note, **detail}
    )


def _clear_mark(objection: Objection, actor: User) -> None:
    # Another open case on the same record keeps the public mark until it, too, ends.
    if not open_objection_exists(record_id=objection.record_id, exclude_pk=objection.pk):
        record_set_objection(record=objection.record, on=False, actor=actor)


@transaction.atomic
def objection_file(
    *,
    applicant: User,
    record: CreditRecord,
    grounds: str,
    description: str,
    files: Sequence[UploadedFile] = (),
    base_url: str = "",
) -> Objection:
    """File an objection; it is accepted at once and the record shows "under objection"."""
    if not applicant.is_authenticated or not applicant.is_active:
        raise ServiceError(_("Sign in to file an objection."))
    if grounds not in Objection.Grounds.values:
        raise ServiceError(_("Choose the grounds of the objection."))
    description = _text(description, _("Describe what is wrong (at most 5000 characters)."))
    evidence = checked_files(files)
    record = CreditRecord.objects.select_for_update().get(pk=record.pk)
    if record.status != CreditRecord.Status.ACTIVE:
        raise ServiceError(_("Only a record that is on display can be objected to."))
    if Objection.objects.filter(
        record=record, applicant=applicant, status__in=Objection.OPEN
    ).exists():
        raise ServiceError(_("You already have an open objection to this record."))
    today = timezone.localdate()
    objection = Objection.objects.create(
        record=record,
        agency_id=record.agency_id,
        applicant=applicant,
        grounds=grounds,
        description=description,
        first_check_due=add_working_days(today, policy.value("objection_first_check_working_days")),
    )
    store_evidence(evidence, objection=objection)
    _step(objection, applicant, "filed", grounds=grounds)
    record_set_objection(record=record, on=True, actor=applicant)
    _tell(objection, _("your objection was received and the record is marked"), base_url)
    return objection


def _locked(objection: Objection, status: str) -> Objection:
    locked = Objection.objects.select_for_update().select_related("record").get(pk=objection.pk)
    if locked.status != status:
        raise ServiceError(_("The case has moved on; reload the page."))
    return locked


@transaction.atomic
def objection_first_check(
    *, actor: User, objection: Objection, accept: bool, reason: str = "", base_url: str = ""
) -> Objection:
    """The platform's first check: pass the case to the agency, or refuse it with a reason."""
    if not may_first_check(actor):
        raise ServiceError(_("Only a platform administrator makes the first check."))
    objection = _locked(objection, Objection.Status.FIRST_CHECK)
    objection.checked_at, objection.checked_by = timezone.now(), actor
    if accept:
        days = policy.value("objection_decision_working_days")
        objection.status = Objection.Status.AGENCY
        objection.decision_due = add_working_days(timezone.localdate(), days)
        objection.save()
        _step(objection, actor, "accepted", reason.strip())
        _tell(objection, _("passed to the providing agency for a decision"), base_url)
        return objection
    objection.refusal_reason = _text(reason, _("Give the reason for the refusal."))
    objection.status = Objection.Status.REFUSED
    objection.save()
    _step(objection, actor, "refused", objection.refusal_reason)
    _clear_mark(objection, actor)
    _tell(objection, _("refused at the first check"), base_url)
    return objection


@transaction.atomic
def objection_extend(
    *, actor: User, objection: Objection, reason: str, base_url: str = ""
) -> Objection:
    """Extend the agency's deadline once, with a reason."""
    if not may_decide_objection(actor, objection):
        raise ServiceError(_("Only a reviewer of the providing agency may extend the deadline."))
    objection = _locked(objection, Objection.Status.AGENCY)
    if objection.extended:
        raise ServiceError(_("The deadline was already extended once."))
    objection.extension_reason = _text(reason, _("Give the reason for the extension."))
    days = policy.value("objection_extension_working_days")
    assert objection.decision_due is not None  # a database constraint holds it at this stage
    objection.decision_due = add_working_days(objection.decision_due, days)
    objection.save(update_fields=["extension_reason", "decision_due"])
    _step(objection, actor, "extended", objection.extension_reason)
    _tell(objection, _("the agency extended its deadline"), base_url)
    return objection


def _apply_outcome(
    objection: Objection, actor: User, outcome: str, reason: str, changes: dict[str, Any]
) -> None:
    record = objection.record
    if outcome in (Outcome.CORRECTED, Outcome.SUPPLEMENTED):
        if not changes or not all(str(v).strip() for v in changes.values()):
            raise ServiceError(_("Name the field to change and give its new value."))
        if outcome == Outcome.SUPPLEMENTED and any(record.payload.get(f) for f in changes):
            raise ServiceError(_("A supplement fills in an empty field; use a correction."))
        record_correct(record=record, actor=actor, payload_changes=changes, reason=reason)
    elif outcome == Outcome.STOPPED and record.status == CreditRecord.Status.ACTIVE:
        record_revoke(record=record, actor=actor, reason=reason)


@transaction.atomic
def objection_decide(
    *,
    actor: User,
    objection: Objection,
    outcome: str,
    reason: str,
    changes: dict[str, Any] | None = None,
    base_url: str = "",
) -> Objection:
    """The providing agency's decision; whatever it is, the record's mark is cleared."""
    if not may_decide_objection(actor, objection):
        raise ServiceError(_("Only a reviewer of the providing agency decides this objection."))
    if outcome not in Outcome.values:
        raise ServiceError(_("Choose an outcome."))
    reason = _text(reason, _("Give the reasons of the decision."))
    objection = _locked(objection, Objection.Status.AGENCY)
    _apply_outcome(objection, actor, outcome, reason, changes or {})
    objection.status, objection.outcome = Objection.Status.DECIDED, outcome
    objection.decided_at, objection.decided_by = timezone.now(), actor
    objection.decision_reason = reason
    objection.save()
    _step(objection, actor, "decided", reason, outcome=outcome, changes=changes or {})
    _clear_mark(objection, actor)
    _tell(
        objection,
        _("decided: %(outcome)s") % {"outcome": objection.get_outcome_display()},
        base_url,
    )
    return objection
