"""Writes with rules: templates, signing, withdrawal, fulfilment and breach, self-disclosure."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from catalogue.models import CatalogueItem
from collection.models import Submission
from collection.services import submission_create
from commitments import rendering
from commitments.categories import AUTHENTICITY_TEXT, HIDEABLE_WELFARE_KINDS, validate_payload
from commitments.models import (
    Commitment,
    CommitmentTemplate,
    SelfDisclosure,
    SelfDisclosureAttachment,
)
from commitments.selectors import commitment_eligibility, may_decide
from credit_platform.models import Role, Subject, User
from credit_platform.representation import is_representative
from credit_platform.services import ServiceError, audit_record
from credit_platform.uploads import check_evidence_files

logger = logging.getLogger(__name__)

BREACH_ITEM_CODE = "commitment-breach"
TEMPLATE_FIELDS = (
    "kind",
    "code",
    "title_zh",
    "title_en",
    "matter_zh",
    "matter_en",
    "conditions_zh",
    "conditions_en",
    "verification_zh",
    "verification_en",
    "consequences_zh",
    "consequences_en",
    "body_zh",
    "body_en",
    "variables",
    "agency",
)
MAX_ATTACHMENTS = 5
MAX_REASON = 2000


# Templates ------------------------------------------------------------------------------


def _require_admin(actor: User) -> None:
    if not actor.has_role(Role.PLATFORM_ADMIN):
        raise ServiceError(_("Only a platform administrator manages commitment templates."))


def _check_template(data: Mapping[str, Any]) -> None:
    names: list[str] = []
    for variable in data.get("variables") or []:
        name = str(variable.get("name", ""))
        if not rendering.VARIABLE_NAME.match(name) or name in rendering.BUILT_IN:
            raise ServiceError(_("Variable name %(name)s is not allowed.") % {"name": name})
        if not variable.get("label_zh") or not variable.get("label_en"):
            raise ServiceError(_("Variable %(name)s needs both labels.") % {"name": name})
        names.append(name)
    if len(set(names)) != len(names):
        raise ServiceError(_("A variable is declared twice."))
    known = set(names) | set(rendering.BUILT_IN)
    for field in TEMPLATE_FIELDS:
        if field.endswith(("_zh", "_en")):
            unknown = rendering.placeholders(str(data.get(field, ""))) - known
            if unknown:
                raise ServiceError(
                    _("Undeclared variables in the text: %(names)s")
                    % {"names": ", ".join(sorted(unknown))}
                )


@transaction.atomic
def template_create(*, actor: User, data: Mapping[str, Any]) -> CommitmentTemplate:
    """A new template (version 1) of a code not used before."""
    _require_admin(actor)
    _check_template(data)
    if CommitmentTemplate.objects.filter(code=data["code"]).exists():
        raise ServiceError(_("A template with this code exists; edit it instead."))
    template = CommitmentTemplate.objects.create(
        **{field: data[field] for field in TEMPLATE_FIELDS}, created_by=actor
    )
    audit_record(actor=actor, action="commitment_template.create", target=template)
    return template


@transaction.atomic
def template_update(
    *, actor: User, template: CommitmentTemplate, data: Mapping[str, Any]
) -> CommitmentTemplate:
    """Edit a template. Once signed, a version never changes: the edit becomes a new version."""
    _require_admin(actor)
    _check_template(data)
    # Locked so that no signature lands between the "in use" check and the edit.
    template = CommitmentTemplate.objects.select_for_update().get(pk=template.pk)
    if CommitmentTemplate.objects.filter(code=template.code, version__gt=template.version).exists():
        raise ServiceError(_("Only the latest version of a template can be edited."))
    changes = {field: data[field] for field in TEMPLATE_FIELDS if field != "code"}
    if not template.commitments.exists():
        for field, value in changes.items():
            setattr(template, field, value)
        template.save()
        audit_record(actor=actor, action="commitment_template.edit", target=template)
        return template
    was_active = template.active
    CommitmentTemplate.objects.filter(pk=template.pk).update(active=False)
    top = CommitmentTemplate.objects.filter(code=template.code).aggregate(v=Max("version"))["v"]
    new = CommitmentTemplate.objects.create(
        **changes, code=template.code, version=top + 1, active=was_active, created_by=actor
    )
    audit_record(
        actor=actor,
        action="commitment_template.new_version",
        target=new,
        detail={"previous": template.pk},
    )
    return new


@transaction.atomic
def template_deactivate(*, actor: User, template: CommitmentTemplate) -> None:
    """Offer the template no more; what was signed with it stays."""
    _require_admin(actor)
    if CommitmentTemplate.objects.filter(pk=template.pk, active=True).update(active=False) != 1:
        raise ServiceError(_("This template is not active."))
    audit_record(actor=actor, action="commitment_template.deactivate", target=template)


# Signing --------------------------------------------------------------------------------


def _notice(template: CommitmentTemplate, values: Mapping[str, str]) -> tuple[str, str]:
    def part(field: str, lang: str) -> str:
        return rendering.substitute(getattr(template, f"{field}_{lang}"), values)

    zh = (
        f"一、承诺事项\n{part('matter', 'zh')}\n\n二、承诺条件\n{part('conditions', 'zh')}\n\n"
        f"三、核查权力\n{part('verification', 'zh')}\n\n"
        f"四、虚假承诺的后果\n{part('consequences', 'zh')}"
    )
    en = (
        f"1. The matter\n{part('matter', 'en')}\n\n2. The conditions\n{part('conditions', 'en')}"
        f"\n\n3. The authority's power to verify\n{part('verification', 'en')}\n\n"
        f"4. Consequences of a false commitment\n{part('consequences', 'en')}"
    )
    return zh, en


def commitment_values(
    *, template: CommitmentTemplate, subject: Subject, matter: str, values: Mapping[str, Any]
) -> dict[str, str]:
    """The declared variables as filled in, checked, plus the built-in ones."""
    if not matter.strip() or len(matter.strip()) > 200:
        raise ServiceError(_("Give the matter of the commitment (at most 200 characters)."))
    filled: dict[str, str] = {}
    for variable in template.variables:
        value = str(values.get(variable["name"], "") or "").strip()
        if not value or len(value) > 500:
            raise ServiceError(
                _("Fill in “%(label)s” (at most 500 characters).")
                % {"label": variable.get("label_en") or variable["name"]}
            )
        filled[variable["name"]] = value
    return {
        **filled,
        "subject_name": subject.name,
        "subject_code": subject.uscc or "",
        "matter": matter.strip(),
        "date": timezone.localdate().isoformat(),
    }


def commitment_preview(
    *, template: CommitmentTemplate, subject: Subject, matter: str, values: Mapping[str, Any]
) -> dict[str, str]:
    """The texts the signer reads before confirming (the same ones that will be signed)."""
    filled = commitment_values(template=template, subject=subject, matter=matter, values=values)
    notice_zh, notice_en = _notice(template, filled)
    return {
        "title_zh": rendering.substitute(template.title_zh, filled),
        "title_en": rendering.substitute(template.title_en, filled),
        "notice_zh": notice_zh,
        "notice_en": notice_en,
        "text_zh": rendering.substitute(template.body_zh, filled),
        "text_en": rendering.substitute(template.body_en, filled),
    }


def subject_code(subject: Subject) -> str:
    return subject.uscc or f"{subject.id_type}:{subject.id_number}"


def commitment_canonical(commitment: Commitment) -> str:
    """The canonical JSON that a commitment's content hash covers."""
    texts = {
        field: getattr(commitment, field)
        for field in ("title_zh", "title_en", "notice_zh", "notice_en", "text_zh", "text_en")
    }
    return rendering.canonical_json(
        texts=texts,
        subject_code=subject_code(commitment.subject),
        signer=commitment.signer.get_username(),
        signed_at=commitment.signed_at,
    )


def commitment_hash_matches(commitment: Commitment) -> bool:
    """True when the stored texts still give the stored hash."""
    return rendering.content_hash(commitment_canonical(commitment)) == commitment.content_hash


@transaction.atomic
def commitment_sign(
    *,
    signer: User,
    subject: Subject,
    template: CommitmentTemplate,
    matter: str,
    values: Mapping[str, Any],
    notice_read: bool,
) -> Commitment:
    """A verified representative signs a commitment from a template, after reading the notice."""
    if not notice_read:
        raise ServiceError(_("Confirm that you have read the notice."))
    if not is_representative(signer, subject):
        raise ServiceError(_("Only a verified representative of the subject may sign for it."))
    # The subject's row lock orders a signature after a concurrent breach of the same subject;
    # the template's lock orders it before or after an edit, never in the middle of one.
    subject = Subject.objects.select_for_update().get(pk=subject.pk)
    template = CommitmentTemplate.objects.select_for_update().get(pk=template.pk)
    if not template.active:
        raise ServiceError(_("This template is no longer offered."))
    reasons = commitment_eligibility(subject)
    if reasons:
        raise ServiceError(" ".join(reasons))
    texts = commitment_preview(template=template, subject=subject, matter=matter, values=values)
    commitment = Commitment(
        kind=template.kind,
        template=template,
        template_version=template.version,
        subject=subject,
        signer=signer,
        agency_id=template.agency_id,
        matter=matter.strip(),
        values={v["name"]: str(values.get(v["name"], "")).strip() for v in template.variables},
        signed_at=timezone.now(),
        **texts,
    )
    commitment.content_hash = rendering.content_hash(commitment_canonical(commitment))
    commitment.save()
    audit_record(actor=signer, action="commitment.sign", target=commitment)
    return commitment


# Lifecycle ------------------------------------------------------------------------------


def _conclude(*, actor: User, commitment: Commitment, status: str, reason: str) -> Commitment:
    # Claim by conditional update: only an active commitment concludes, and only once.
    changed = Commitment.objects.filter(pk=commitment.pk, status=Commitment.Status.ACTIVE).update(
        status=status, decided_by=actor, decided_at=timezone.now(), reason=reason.strip()
    )
    if changed != 1:
        raise ServiceError(_("Only an active commitment can change; this one is not active."))
    commitment.refresh_from_db()
    audit_record(
        actor=actor,
        action=f"commitment.{status}",
        target=commitment,
        detail={"reason": reason.strip()},
    )
    return commitment


@transaction.atomic
def commitment_withdraw(*, actor: User, commitment: Commitment, reason: str = "") -> Commitment:
    """A representative of the subject withdraws an active commitment."""
    if not is_representative(actor, commitment.subject):
        raise ServiceError(_("Only a verified representative of the subject may withdraw it."))
    return _conclude(
        actor=actor, commitment=commitment, status=Commitment.Status.WITHDRAWN, reason=reason
    )


def _decide(*, actor: User, commitment: Commitment, status: str, reason: str) -> Commitment:
    if not may_decide(actor, commitment):
        raise ServiceError(_("Only staff of the agency concerned decide on this commitment."))
    if not reason.strip():
        raise ServiceError(_("Give a reason."))
    if len(reason.strip()) > MAX_REASON:
        # The reason becomes the breach record's facts, which the catalogue bounds.
        raise ServiceError(_("The reason is at most %(n)s characters.") % {"n": MAX_REASON})
    return _conclude(actor=actor, commitment=commitment, status=status, reason=reason)


@transaction.atomic
def commitment_fulfil(*, actor: User, commitment: Commitment, reason: str) -> Commitment:
    """The agency concerned records that the commitment was kept."""
    return _decide(
        actor=actor, commitment=commitment, status=Commitment.Status.FULFILLED, reason=reason
    )


@transaction.atomic
def commitment_breach(*, actor: User, commitment: Commitment, reason: str) -> Commitment:
    """The agency concerned records a breach; it becomes a credit record of the breach item."""
    Subject.objects.select_for_update().get(pk=commitment.subject_id)
    commitment = _decide(
        actor=actor, commitment=commitment, status=Commitment.Status.BREACHED, reason=reason
    )
    commitment_breach_to_record(commitment)
    return commitment


def _breach_item() -> CatalogueItem | None:
    return (
        CatalogueItem.objects.filter(code=BREACH_ITEM_CODE, version__status="published")
        .prefetch_related("fields")
        .first()
    )


def breach_row(commitment: Commitment, key_field: str) -> dict[str, str]:
    """The record row of a breach: subject fields, the commitment as source key, reason, date.

    Names follow the catalogue's ``commitment-breach`` item; only the item's own fields are
    sent, so a catalogue that drops one of these loses nothing else.
    """
    subject = commitment.subject
    decided = timezone.localtime(commitment.decided_at or timezone.now()).date().isoformat()
    number = f"CMT-{commitment.pk}"
    row = {
        "subject_name": subject.name,
        "subject_kind": subject.kind,
        "subject_uscc": subject.uscc or "",
        "subject_id_type": subject.id_type,
        "subject_id_number": subject.id_number or "",
        "breach_number": number,
        "commitment_number": number,
        "breach_facts": commitment.reason,
        "breach_reason": commitment.reason,
        "determined_date": decided,
        "breach_date": decided,
        "determining_authority": commitment.agency.name_zh,
        "commitment_title": commitment.title_zh,
        "matter": commitment.matter,
        "signed_date": timezone.localtime(commitment.signed_at).date().isoformat(),
    }
    row[key_field] = number
    return {name: value for name, value in row.items() if value != ""}


def commitment_breach_to_record(commitment: Commitment) -> Submission | None:
    """Submit the breach through the collection service, validated like any other record.

    The platform submits (the system channel, no submitting user) on behalf of the agency
    concerned, which becomes the record's agency; the catalogue lists the data centre as the
    item's provider, so an agency's own grant is not what allows this. The idempotency key
    makes a second call return the first submission. Without a published commitment-breach
    item this records nothing and logs a warning, so a breach can be decided on any
    deployment.
    """
    item = _breach_item()
    if item is None:
        logger.warning(
            "commitment %s breached: no published item %r, no record",
            commitment.pk,
            BREACH_ITEM_CODE,
        )
        return None
    row = breach_row(commitment, item.key_field)
    # Only the item's own fields: the validator refuses unknown ones, like for any agency.
    names = {field.name for field in item.fields.all()}
    return submission_create(
        agency=commitment.agency,
        item=item,
        submitter=None,
        channel=Submission.Channel.SYSTEM,
        rows=[{name: value for name, value in row.items() if name in names}],
        idempotency_key=f"commitment-breach-{commitment.pk}",
    )


# Self-disclosure ------------------------------------------------------------------------


@transaction.atomic
def self_disclosure_publish(
    *,
    actor: User,
    subject: Subject,
    category: str,
    title: str,
    payload: Mapping[str, Any],
    authenticity_confirmed: bool,
    hidden: bool = False,
    files: Sequence[UploadedFile] = (),
) -> SelfDisclosure:
    """A representative publishes information about the subject, committing to its truth."""
    if not is_representative(actor, subject):
        raise ServiceError(_("Only a verified representative of the subject may publish for it."))
    if not authenticity_confirmed:
        raise ServiceError(_("Commit to the authenticity of the information first."))
    if not title.strip() or len(title.strip()) > 200:
        raise ServiceError(_("Give a title (at most 200 characters)."))
    clean, errors = validate_payload(category, dict(payload))
    if errors:
        raise ServiceError("; ".join(f"{name}: {message}" for name, message in errors.items()))
    if hidden and not (
        category == SelfDisclosure.Category.SOCIAL_WELFARE
        and clean.get("kind") in HIDEABLE_WELFARE_KINDS
    ):
        raise ServiceError(_("Only awards and donations can be kept off the public profile."))
    try:
        checked = check_evidence_files(files, at_most=MAX_ATTACHMENTS)
    except ValueError as exc:
        raise ServiceError(str(exc)) from exc
    disclosure = SelfDisclosure.objects.create(
        subject=subject,
        category=category,
        title=title.strip(),
        payload=clean,
        authenticity_confirmed=True,
        authenticity_text=AUTHENTICITY_TEXT,
        published_by=actor,
        published_at=timezone.now(),
        hidden=hidden,
    )
    for upload, info in checked:
        SelfDisclosureAttachment.objects.create(
            disclosure=disclosure,
            file=upload,
            original_name=info.name,
            content_type=info.content_type,
            size=info.size,
        )
    audit_record(actor=actor, action="self_disclosure.publish", target=disclosure)
    return disclosure


@transaction.atomic
def self_disclosure_withdraw(*, actor: User, disclosure: SelfDisclosure) -> SelfDisclosure:
    """A representative takes a self-disclosure off the profile (it stays in the archive)."""
    if not is_representative(actor, disclosure.subject):
        raise ServiceError(_("Only a verified representative of the subject may withdraw it."))
    changed = SelfDisclosure.objects.filter(pk=disclosure.pk, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now()
    )
    if changed != 1:
        raise ServiceError(_("This self-disclosure was already withdrawn."))
    disclosure.refresh_from_db()
    audit_record(actor=actor, action="self_disclosure.withdraw", target=disclosure)
    return disclosure


@transaction.atomic
def self_disclosure_set_hidden(
    *, actor: User, disclosure: SelfDisclosure, hidden: bool
) -> SelfDisclosure:
    """The subject chooses whether an award or donation shows on its public profile."""
    if not is_representative(actor, disclosure.subject):
        raise ServiceError(_("Only a verified representative of the subject may change it."))
    if hidden and not (
        disclosure.category == SelfDisclosure.Category.SOCIAL_WELFARE
        and disclosure.payload.get("kind") in HIDEABLE_WELFARE_KINDS
    ):
        raise ServiceError(_("Only awards and donations can be kept off the public profile."))
    # Only a disclosure still published may change; a withdrawn one stays as it was withdrawn.
    changed = SelfDisclosure.objects.filter(pk=disclosure.pk, withdrawn_at__isnull=True).update(
        hidden=hidden
    )
    if changed != 1:
        raise ServiceError(_("This self-disclosure was already withdrawn."))
    disclosure.refresh_from_db()
    audit_record(
        actor=actor,
        action="self_disclosure.hide" if hidden else "self_disclosure.show",
        target=disclosure,
    )
    return disclosure
