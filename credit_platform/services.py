"""Writes of the shared core: the audit trail and credit subjects."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group
from django.contrib.postgres.search import SearchVectorField
from django.db import models, transaction
from django.db.models.functions import Cast
from django.http import HttpRequest

from credit_platform.identifiers import check_resident_id, check_uscc
from credit_platform.models import Agency, AuditEvent, Role, Subject, User
from credit_platform.search import tsvector_literal


class ServiceError(Exception):
    """A rule refused the operation; the message is shown to the user."""


def client_ip(request: HttpRequest | None) -> str | None:
    """The address a request came from, as the audit trail and the inquiry log keep it."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def audit_record(
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    detail: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> AuditEvent:
    """Append one event to the audit trail (call inside the transaction of the change)."""
    user = actor if isinstance(actor, User) else None
    return AuditEvent.objects.create(
        actor=user,
        actor_label=user.get_username() if user else str(actor or "system"),
        agency_id=user.agency_id if user else None,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        detail=detail or {},
        ip=client_ip(request),
    )


def subject_search_vector(subject: Subject) -> Cast:
    """The stored search vector of a subject: its name, former names and codes."""
    codes = [subject.uscc or ""] if not subject.is_natural_person else []
    literal = tsvector_literal([subject.name, *subject.former_names], codes)
    return Cast(models.Value(literal), output_field=SearchVectorField())


@transaction.atomic
def subject_resolve(
    *,
    kind: str,
    name: str,
    uscc: str | None = None,
    id_type: str = "",
    id_number: str | None = None,
) -> Subject:
    """Find a subject by its code, creating it when new; a changed name becomes a former name."""
    if kind == Subject.Kind.NATURAL_PERSON:
        if not id_number or not id_type:
            raise ServiceError("a natural person needs an identity document type and number")
        if id_type == Subject.IdType.RESIDENT_ID:
            checked = check_resident_id(id_number)
            if not checked.ok:
                raise ServiceError(checked.errors[0].message())
            id_number = checked.value
        lookup: dict[str, Any] = {"id_type": id_type, "id_number": id_number}
    else:
        checked = check_uscc(uscc or "")
        if not checked.ok:
            raise ServiceError(checked.errors[0].message())
        lookup = {"uscc": checked.value}
    subject, created = Subject.objects.select_for_update().get_or_create(
        **lookup, defaults={"kind": kind, "name": name.strip()}
    )
    if not created and subject.name != name.strip() and name.strip():
        if subject.name not in subject.former_names:
            subject.former_names = [*subject.former_names, subject.name]
        subject.name = name.strip()
    elif not created:
        return subject
    subject.search_vector = subject_search_vector(subject)
    subject.save()
    return subject


def user_set_roles(*, user: User, roles: list[Role]) -> None:
    """Replace the role groups of a user (their agency group stays)."""
    user.groups.remove(*Group.objects.filter(name__in=Role.values))
    user.groups.add(*Group.objects.filter(name__in=[role.value for role in roles]))
    if hasattr(user, "_role_names"):
        del user._role_names


AGENCY_GROUP_PREFIX = "agency:"


def agency_group(agency: Agency) -> Group:
    """The guardian group of an agency's staff: object permissions are granted to it."""
    group, _created = Group.objects.get_or_create(name=f"{AGENCY_GROUP_PREFIX}{agency.code}")
    return group


@transaction.atomic
def user_set_agency(*, user: User, agency: Agency | None) -> None:
    """Attach a user to an agency and keep them in exactly that agency's group."""
    user.agency = agency
    user.save(update_fields=["agency"])
    stale = user.groups.filter(name__startswith=AGENCY_GROUP_PREFIX)
    if agency is not None:
        stale = stale.exclude(name=f"{AGENCY_GROUP_PREFIX}{agency.code}")
        user.groups.add(agency_group(agency))
    user.groups.remove(*stale)
    if hasattr(user, "_role_names"):
        del user._role_names
