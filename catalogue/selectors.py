"""Reads of the catalogue with their rules: what is in force, what the public may see."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from guardian.shortcuts import get_objects_for_user

from catalogue import policy
from catalogue.models import CatalogueItem, CatalogueTransition, CatalogueVersion, FieldSpec
from credit_platform.models import Role

Status = CatalogueVersion.Status
PUBLIC_STATUSES = (Status.PUBLISHED, Status.SUPERSEDED)
RESERVED_FIELDS = ("subject_name", "subject_kind")
CLASS_MAX_POLICY = {
    CatalogueItem.DisclosureClass.MINOR: "minor_max_months",
    CatalogueItem.DisclosureClass.GENERAL: "general_max_months",
    CatalogueItem.DisclosureClass.SERIOUS: "serious_max_months",
}


def items_with_details() -> QuerySet[CatalogueItem]:
    """Items with their fields and agencies loaded in two more queries, whatever their number."""
    return CatalogueItem.objects.prefetch_related(
        Prefetch("fields", queryset=FieldSpec.objects.order_by("order", "id")),
        "providing_agencies",
    )


def version_in_force() -> CatalogueVersion | None:
    """The published version, if any."""
    return CatalogueVersion.objects.filter(status=Status.PUBLISHED).first()


def public_versions() -> QuerySet[CatalogueVersion]:
    """Versions the public may read: published and superseded, newest first."""
    return CatalogueVersion.objects.filter(status__in=PUBLIC_STATUSES).order_by(
        "-published_at", "-id"
    )


def public_version_get(*, label: str) -> CatalogueVersion:
    """A published or superseded version by label; drafts answer 404."""
    version = public_versions().filter(label=label).first()
    if version is None:
        raise Http404
    return version


def version_items(*, version: CatalogueVersion) -> list[CatalogueItem]:
    return list(items_with_details().filter(version=version))


def item_in_force_get(*, code: str) -> CatalogueItem:
    """The item of this code in the version in force; 404 when there is none."""
    item = items_with_details().filter(version__status=Status.PUBLISHED, code=code).first()
    if item is None:
        raise Http404
    return item


@dataclass
class CategoryGroup:
    category: str
    label: str
    items: list[CatalogueItem]


def items_by_category(items: list[CatalogueItem]) -> list[CategoryGroup]:
    """Items grouped by category, in the order of the category list."""
    order = {value: index for index, value in enumerate(CatalogueItem.Category.values)}
    ordered = sorted(items, key=lambda item: (order.get(item.category, 99), item.order))
    labels = dict(CatalogueItem.Category.choices)
    return [
        CategoryGroup(category=key, label=str(labels.get(key, key)), items=list(group))
        for key, group in groupby(ordered, key=lambda item: item.category)
    ]


def disclosure_months(*, item: CatalogueItem) -> int | None:
    """The item's disclosure period; when it has none, the class maximum from the policy table."""
    if item.disclosure_months is not None:
        return item.disclosure_months
    key = CLASS_MAX_POLICY.get(CatalogueItem.DisclosureClass(item.disclosure_class))
    return policy.value(key) if key else None


def items_submittable_by(user: Any) -> QuerySet[CatalogueItem]:
    """Items in force that the user's agency provides (object permission ``submit_records``)."""
    in_force = CatalogueItem.objects.filter(version__status=Status.PUBLISHED)
    if not getattr(user, "is_authenticated", False):
        return in_force.none()
    return get_objects_for_user(
        user,
        "catalogue.submit_records",
        klass=in_force,
        with_superuser=False,
        accept_global_perms=False,
    )


def versions_for_management(user: Any) -> QuerySet[CatalogueVersion]:
    """Every version, for admins and approvers; nothing for anybody else."""
    if not (user.has_role(Role.PLATFORM_ADMIN) or user.has_role(Role.CATALOGUE_APPROVER)):
        return CatalogueVersion.objects.none()
    return CatalogueVersion.objects.select_related("author", "approver").order_by(
        "-created_at", "-id"
    )


def version_transitions(*, version: CatalogueVersion) -> QuerySet[CatalogueTransition]:
    return version.transitions.select_related("actor").order_by("at", "id")


def version_problems(*, version: CatalogueVersion) -> list[str]:
    """What keeps a draft from being submitted: empty items, dangling key fields or rules."""
    items = version_items(version=version)
    if not items:
        return [_("the version has no items")]
    problems: list[str] = []
    for item in items:
        problems.extend(item_problems(item=item))
    return problems


def item_problems(*, item: CatalogueItem) -> list[str]:
    names = {spec.name for spec in item.fields.all()}
    problems = []
    if not names:
        problems.append(_("%(code)s has no fields") % {"code": item.code})
    elif item.key_field not in names:
        problems.append(
            _("%(code)s: the key field %(field)s is not one of its fields")
            % {"code": item.code, "field": item.key_field}
        )
    problems.extend(
        _("%(code)s: the subject field %(field)s is missing") % {"code": item.code, "field": name}
        for name in RESERVED_FIELDS
        if names and name not in names
    )
    for rule in item.cross_rules:
        used = [rule.get(k) for k in ("field", "when", "other", "kind_field") if rule.get(k)]
        problems.extend(
            _("%(code)s: a cross-field rule names the unknown field %(field)s")
            % {"code": item.code, "field": name}
            for name in used
            if name not in names
        )
    return problems
