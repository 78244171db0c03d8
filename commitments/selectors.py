"""Reads with rules: what the public sees, who may act, and who may sign at all."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from catalogue.models import CatalogueItem
from collection.models import CreditRecord
from commitments.models import Commitment, CommitmentTemplate, SelfDisclosure
from credit_platform.identifiers import normalise
from credit_platform.models import Role, Subject
from credit_platform.representation import is_representative
from credit_platform.search import tsquery_literal


def commitment_eligibility(subject: Subject) -> list[str]:
    """Why a subject may not sign a commitment (REFERENCE.md section 5); empty when it may."""
    reasons: list[str] = []
    if Commitment.objects.filter(subject=subject, status=Commitment.Status.BREACHED).exists():
        reasons.append(
            _("The subject made an earlier false commitment and may not make new commitments.")
        )
    if CreditRecord.objects.filter(
        subject=subject,
        disclosure_class=CatalogueItem.DisclosureClass.SERIOUS,
        status=CreditRecord.Status.ACTIVE,
    ).exists():
        reasons.append(
            _("The subject has serious dishonesty information that has not been repaired.")
        )
    return reasons


def active_templates() -> QuerySet[CommitmentTemplate]:
    return CommitmentTemplate.objects.filter(active=True).select_related("agency")


@dataclass
class CommitmentFilters:
    kind: str = ""
    subject: str = ""
    signed_from: dt.date | None = None
    signed_to: dt.date | None = None
    status: str = ""


def commitment_list(filters: CommitmentFilters | None = None) -> QuerySet[Commitment]:
    """Every signed commitment is public (Article 13), newest first."""
    filters = filters or CommitmentFilters()
    queryset = Commitment.objects.select_related("subject", "agency")
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.signed_from:
        queryset = queryset.filter(signed_at__date__gte=filters.signed_from)
    if filters.signed_to:
        queryset = queryset.filter(signed_at__date__lte=filters.signed_to)
    if filters.subject.strip():
        queryset = _subject_filter(queryset, filters.subject)
    return queryset.order_by("-signed_at", "-id")


def _subject_filter(queryset: QuerySet[Commitment], text: str) -> QuerySet[Commitment]:
    code = normalise(text)
    if len(code) == 18 and code.isalnum():
        return queryset.filter(subject__uscc=code)
    literal = tsquery_literal(text)
    if literal is None:
        return queryset.none()
    query = SearchQuery(literal, search_type="raw", config="simple")
    return queryset.filter(subject__search_vector=query)


def public_commitments(subject: Subject) -> QuerySet[Commitment]:
    """The commitments shown on a subject's public profile: all of them, with their status."""
    return (
        Commitment.objects.filter(subject=subject)
        .select_related("agency")
        .order_by("-signed_at", "-id")
    )


def public_self_disclosures(subject: Subject) -> QuerySet[SelfDisclosure]:
    """What a subject disclosed about itself and still shows: not withdrawn, not hidden."""
    return (
        SelfDisclosure.objects.filter(subject=subject, withdrawn_at__isnull=True, hidden=False)
        .prefetch_related("attachments")
        .order_by("-published_at", "-id")
    )


def commitment_for_withdrawal(user: object, pk: int) -> Commitment:
    """404 when there is no such commitment, 403 unless the user represents its subject."""
    commitment = Commitment.objects.select_related("subject").filter(pk=pk).first()
    if commitment is None:
        raise Http404
    if not is_representative(user, commitment.subject):
        raise PermissionDenied
    return commitment


def may_decide(user: object, commitment: Commitment) -> bool:
    """Staff of the agency concerned, any agency role, decide fulfilment or breach."""
    agency = getattr(user, "agency", None)
    return agency is not None and agency.active and agency.pk == commitment.agency_id


def commitment_for_decision(user: object, pk: int) -> Commitment:
    commitment = Commitment.objects.select_related("subject", "agency").filter(pk=pk).first()
    if commitment is None:
        raise Http404
    if not may_decide(user, commitment):
        raise PermissionDenied
    return commitment


def self_disclosures_visible_to(user: object) -> QuerySet[SelfDisclosure]:
    """Public ones for everybody; a representative also sees its subjects' withdrawn or hidden
    ones, and a platform admin sees all."""
    public = models.Q(withdrawn_at__isnull=True, hidden=False)
    if not getattr(user, "is_authenticated", False):
        return SelfDisclosure.objects.filter(public)
    if user.has_role(Role.PLATFORM_ADMIN):  # type: ignore[attr-defined]
        return SelfDisclosure.objects.all()
    return SelfDisclosure.objects.filter(
        public
        | models.Q(subject__representations__user=user, subject__representations__status="verified")
    ).distinct()


def self_disclosure_for_user(user: object, pk: int) -> SelfDisclosure:
    found = self_disclosures_visible_to(user).select_related("subject").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def self_disclosure_for_change(user: object, pk: int) -> SelfDisclosure:
    disclosure = self_disclosure_for_user(user, pk)
    if not is_representative(user, disclosure.subject):
        raise PermissionDenied
    return disclosure


def subject_self_disclosures_for_representative(subject: Subject) -> QuerySet[SelfDisclosure]:
    return SelfDisclosure.objects.filter(subject=subject).order_by("-published_at", "-id")
