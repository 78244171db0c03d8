"""Credit repair: a representative applies per record, the platform checks it and passes it
to the providing agency, which decides (REFERENCE.md section 4)."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from catalogue import policy
from collection.models import CreditRecord
from collection.services import record_mark_repaired
from credit_platform.models import User
from credit_platform.services import ServiceError, audit_record
from credit_platform.uploads import check_evidence
from disclosure.models import CaseEvent, RepairApplication
from disclosure.selectors.access import is_verified_representative
from disclosure.selectors.calendar import add_working_days
from disclosure.selectors.objections import may_first_check
from disclosure.selectors.repair import may_decide_repair, repair_blockers
from disclosure.services.notify import absolute_url, notify_applicant
from disclosure.services.objections import MAX_TEXT, checked_files, store_evidence


def _tell(application: RepairApplication, body: str, base_url: str) -> None:
    link = absolute_url(reverse("disclosure:repair-detail", args=[application.pk]), base_url)
    subject = _("Credit repair application no. %(n)s: %(step)s") % {
        "n": application.pk,
        "step": body,
    }
    notify_applicant(user=application.applicant, subject=subject, body=body, link=link)


def _step(application: RepairApplication, actor: User, action: str, note: str = "") -> None:
    CaseEvent.objects.create(repair=application, actor=actor, action=action, note=note)
    audit_record(actor=actor, action=f"repair.{action}", target=application, detail={"note": note})


@transaction.atomic
def repair_apply(
    *,
    applicant: User,
    record: CreditRecord,
    description: str,
    letter: UploadedFile | None,
    letter_confirmed: bool,
    files: Sequence[UploadedFile] = (),
    base_url: str = "",
) -> RepairApplication:
    """Apply to repair one record: evidence of fulfilment plus a signed commitment letter.

    The letter is an upload with the applicant's confirmation rather than a commitment signed
    on the platform: commitment signing refuses a subject with unrepaired serious dishonesty
    information (REFERENCE.md section 5), which is exactly who applies to repair such a record.
    """
    if not is_verified_representative(user=applicant, subject=record.subject):
        raise ServiceError(_("Only a verified representative of the subject may apply."))
    description = (description or "").strip()
    if not description or len(description) > MAX_TEXT:
        raise ServiceError(
            _("Describe how the obligations were fulfilled (at most 5000 characters).")
        )
    if letter is None or not letter_confirmed:
        raise ServiceError(_("Attach the signed credit commitment letter and confirm it."))
    try:
        letter_info = check_evidence(letter)
    except ValueError as exc:
        raise ServiceError(_("Commitment letter: %(problem)s") % {"problem": exc}) from exc
    evidence = checked_files(files)
    if not evidence:
        raise ServiceError(_("Attach proof that the obligations were fulfilled."))
    # The record's lock orders two applications for it one after the other.
    record = CreditRecord.objects.select_for_update().get(pk=record.pk)
    reasons = repair_blockers(record)
    if reasons:
        raise ServiceError(" ".join(reasons))
    days = policy.value("repair_platform_working_days")
    application = RepairApplication.objects.create(
        record=record,
        subject_id=record.subject_id,
        agency_id=record.agency_id,
        applicant=applicant,
        description=description,
        letter=letter,
        letter_name=letter_info.name,
        letter_confirmed=True,
        platform_due=add_working_days(timezone.localdate(), days),
    )
    store_evidence(evidence, repair=application)
    _step(application, applicant, "filed")
    _tell(application, _("your application was received"), base_url)
    return application


def _locked(application: RepairApplication, status: str) -> RepairApplication:
    locked = RepairApplication.objects.select_for_update().get(pk=application.pk)
    if locked.status != status:
        raise ServiceError(_("The case has moved on; reload the page."))
    return locked


@transaction.atomic
def repair_platform_check(
    *,
    actor: User,
    application: RepairApplication,
    accept: bool,
    reason: str = "",
    base_url: str = "",
) -> RepairApplication:
    """The platform's answer: pass the application to the providing agency, whose own
    deadline starts on receiving it, or refuse it (incomplete, not repairable) with a reason."""
    if not may_first_check(actor):
        raise ServiceError(_("Only a platform administrator checks repair applications."))
    application = _locked(application, RepairApplication.Status.PLATFORM)
    reason = (reason or "").strip()
    if len(reason) > MAX_TEXT:
        raise ServiceError(_("The reasons are too long (at most 5000 characters)."))
    now = timezone.now()
    application.checked_at, application.checked_by = now, actor
    if accept:
        days = policy.value("repair_agency_working_days")
        application.status = RepairApplication.Status.PENDING
        application.decision_due = add_working_days(timezone.localdate(), days)
        application.save()
        _step(application, actor, "accepted", reason)
        _tell(application, _("passed to the providing agency for a decision"), base_url)
        return application
    if not reason:
        raise ServiceError(_("Give the reason for the refusal."))
    application.status = RepairApplication.Status.REFUSED
    application.decided_at, application.decided_by, application.reason = now, actor, reason
    application.save()
    _step(application, actor, "refused", reason)
    _tell(application, _("refused at the platform's check"), base_url)
    return application


@transaction.atomic
def repair_decide(
    *,
    actor: User,
    application: RepairApplication,
    approve: bool,
    reason: str = "",
    base_url: str = "",
) -> RepairApplication:
    """The providing agency's decision; approval ends the record's display at once."""
    if not may_decide_repair(actor, application):
        raise ServiceError(_("Only a reviewer of the providing agency decides this application."))
    application = _locked(application, RepairApplication.Status.PENDING)
    reason = (reason or "").strip()
    if not approve and not reason:
        raise ServiceError(_("Give the reason for the refusal."))
    if len(reason) > MAX_TEXT:
        raise ServiceError(_("The reasons are too long (at most 5000 characters)."))
    if approve:
        note = reason or _("credit repair approved")
        record_mark_repaired(record=application.record, actor=actor, reason=note)
    application.status = (
        RepairApplication.Status.APPROVED if approve else RepairApplication.Status.REFUSED
    )
    application.decided_at, application.decided_by, application.reason = (
        timezone.now(),
        actor,
        reason,
    )
    application.save()
    _step(application, actor, application.status, reason)
    _tell(application, application.get_status_display(), base_url)
    return application
