"""The catalogue workflow: draft, edit, submit, approve or send back, publish (Article 11).

Every write locks its version row first (``select_for_update``) and checks the state there,
so two people acting at once serialise on the row and the second sees the first's result.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.models import GroupObjectPermission

from catalogue.models import CatalogueItem, CatalogueTransition, CatalogueVersion, FieldSpec
from catalogue.selectors import version_problems
from credit_platform.models import Agency, Role, User
from credit_platform.services import ServiceError, agency_group, audit_record

Status = CatalogueVersion.Status

ITEM_ATTRS = (
    "code",
    "name_zh",
    "name_en",
    "category",
    "description_zh",
    "description_en",
    "subject_kinds",
    "disclosure_level",
    "disclosure_class",
    "disclosure_months",
    "update_frequency",
    "legal_basis",
    "key_field",
    "cross_rules",
)
FIELD_ATTRS = (
    "name",
    "label_zh",
    "label_en",
    "type",
    "required",
    "min_length",
    "max_length",
    "min_value",
    "max_value",
    "max_digits",
    "decimal_places",
    "pattern",
    "choices",
    "sensitive",
    "help_zh",
    "help_en",
)
SUBMIT_PERMISSION = "submit_records"
# The cross-field rules catalogue.validation implements, with the parameters each needs.
CROSS_RULES: dict[str, tuple[str, ...]] = {
    "required_if_contains": ("field", "when", "values"),
    "required_if_equals": ("field", "when", "values"),
    "not_before": ("field", "other"),
    "not_future": ("field",),
    "uscc_matches_kind": ("field", "kind_field"),
}


# --- guards -------------------------------------------------------------------------------


def _require_role(user: User, role: Role) -> None:
    if not user.has_role(role):
        raise ServiceError(_("You need the role “%(role)s” to do this.") % {"role": role.label})


def _lock(version: CatalogueVersion) -> CatalogueVersion:
    return CatalogueVersion.objects.select_for_update().get(pk=version.pk)


def _require_status(version: CatalogueVersion, status: Status) -> None:
    if version.status != status:
        raise ServiceError(
            _("Version %(label)s is “%(current)s”; this needs a version that is “%(needed)s”.")
            % {
                "label": version.label,
                "current": version.get_status_display(),
                "needed": status.label,
            }
        )


def _lock_draft(actor: User, version: CatalogueVersion) -> CatalogueVersion:
    _require_role(actor, Role.PLATFORM_ADMIN)
    locked = _lock(version)
    _require_status(locked, Status.DRAFT)
    return locked


def _clean(obj: models.Model, exclude: Sequence[str] = ()) -> None:
    """Run the model's own validation so a bad value is a clear refusal, not a 500."""
    try:
        obj.full_clean(exclude=list(exclude))
    except ValidationError as exc:
        messages = [f"{field}: {'; '.join(errors)}" for field, errors in exc.message_dict.items()]
        raise ServiceError(" / ".join(messages)) from exc


def _transition(
    *, version: CatalogueVersion, actor: User, to: Status, comment: str = "", **stamps: Any
) -> CatalogueVersion:
    before = version.status
    version.status = to
    for name, value in stamps.items():
        setattr(version, name, value)
    version.save(update_fields=["status", *stamps])
    CatalogueTransition.objects.create(
        version=version, from_status=before, to_status=to, actor=actor, comment=comment
    )
    audit_record(
        actor=actor,
        action=f"catalogue.version.{to}",
        target=version,
        detail={"label": version.label, "from": before, "to": str(to), "comment": comment},
    )
    return version


# --- drafts -------------------------------------------------------------------------------


@transaction.atomic
def version_start_draft(
    *,
    author: User,
    label: str,
    change_note: str = "",
    copy_from: CatalogueVersion | None = None,
) -> CatalogueVersion:
    """Open a new draft, empty or a deep copy of another version (items, fields, agencies)."""
    _require_role(author, Role.PLATFORM_ADMIN)
    if CatalogueVersion.objects.filter(label=label).exists():
        raise ServiceError(_("A version labelled %(label)s exists already.") % {"label": label})
    version = CatalogueVersion(
        label=label, change_note=change_note, author=author, based_on=copy_from
    )
    _clean(version)
    version.save()
    if copy_from is not None:
        _copy_items(source=copy_from, target=version)
    CatalogueTransition.objects.create(version=version, to_status=Status.DRAFT, actor=author)
    audit_record(
        actor=author,
        action="catalogue.version.draft",
        target=version,
        detail={"label": label, "copy_from": copy_from.label if copy_from else None},
    )
    return version


def _copy_items(*, source: CatalogueVersion, target: CatalogueVersion) -> None:
    items = source.items.prefetch_related("fields", "providing_agencies")
    for item in items:
        copy = CatalogueItem.objects.create(
            version=target, order=item.order, **{a: getattr(item, a) for a in ITEM_ATTRS}
        )
        copy.providing_agencies.set(item.providing_agencies.all())
        FieldSpec.objects.bulk_create(
            FieldSpec(item=copy, order=spec.order, **{a: getattr(spec, a) for a in FIELD_ATTRS})
            for spec in item.fields.all()
        )


@transaction.atomic
def version_change(
    *, actor: User, version: CatalogueVersion, label: str, change_note: str
) -> CatalogueVersion:
    """Rename a draft or rewrite its change note."""
    version = _lock_draft(actor, version)
    if CatalogueVersion.objects.filter(label=label).exclude(pk=version.pk).exists():
        raise ServiceError(_("A version labelled %(label)s exists already.") % {"label": label})
    version.label, version.change_note = label, change_note
    _clean(version)
    version.save(update_fields=["label", "change_note"])
    audit_record(actor=actor, action="catalogue.version.change", target=version)
    return version


# --- items --------------------------------------------------------------------------------


def _next_order(queryset: models.QuerySet[Any]) -> int:
    highest = queryset.aggregate(highest=Max("order"))["highest"]
    return 0 if highest is None else highest + 1


@transaction.atomic
def item_add(
    *,
    actor: User,
    version: CatalogueVersion,
    data: Mapping[str, Any],
    agencies: Iterable[Agency] = (),
) -> CatalogueItem:
    """Add an item to a draft, at the end."""
    version = _lock_draft(actor, version)
    if version.items.filter(code=data.get("code")).exists():
        raise ServiceError(_("This version has an item with that code already."))
    item = CatalogueItem(version=version, order=_next_order(version.items.all()))
    return _save_item(actor=actor, item=item, data=data, agencies=agencies, action="add")


@transaction.atomic
def item_change(
    *,
    actor: User,
    item: CatalogueItem,
    data: Mapping[str, Any],
    agencies: Iterable[Agency] | None = None,
) -> CatalogueItem:
    """Change an item of a draft: its attributes and, when given, its providing agencies."""
    _lock_draft(actor, item.version)
    item = CatalogueItem.objects.get(pk=item.pk)
    clash = item.version.items.filter(code=data.get("code", item.code)).exclude(pk=item.pk)
    if clash.exists():
        raise ServiceError(_("This version has an item with that code already."))
    return _save_item(actor=actor, item=item, data=data, agencies=agencies, action="change")


def _save_item(
    *,
    actor: User,
    item: CatalogueItem,
    data: Mapping[str, Any],
    agencies: Iterable[Agency] | None,
    action: str,
) -> CatalogueItem:
    for name in ITEM_ATTRS:
        if name in data:
            setattr(item, name, data[name])
    _check_cross_rules(item.cross_rules)
    _clean(item)
    item.save()
    if agencies is not None:
        item.providing_agencies.set(list(agencies))
    audit_record(
        actor=actor,
        action=f"catalogue.item.{action}",
        target=item,
        detail={"version": item.version.label, "code": item.code},
    )
    return item


@transaction.atomic
def item_remove(*, actor: User, item: CatalogueItem) -> None:
    """Remove an item (and its fields) from a draft."""
    version = _lock_draft(actor, item.version)
    audit_record(
        actor=actor,
        action="catalogue.item.remove",
        target=item,
        detail={"version": version.label, "code": item.code},
    )
    item.delete()


def _check_cross_rules(rules: Any) -> None:
    if not isinstance(rules, list):
        raise ServiceError(_("Cross-field rules must be a list."))
    for rule in rules:
        needed = CROSS_RULES.get(str(rule.get("rule"))) if isinstance(rule, dict) else None
        if needed is None:
            raise ServiceError(
                _("Unknown cross-field rule %(rule)s; known: %(known)s.")
                % {"rule": rule, "known": ", ".join(CROSS_RULES)}
            )
        missing = [name for name in needed if not rule.get(name)]
        if missing:
            raise ServiceError(
                _("The rule %(rule)s needs %(missing)s.")
                % {"rule": rule["rule"], "missing": ", ".join(missing)}
            )


def _check_choices(choices: Any) -> None:
    keys = {"code", "label_zh", "label_en"}
    if not isinstance(choices, list) or not all(
        isinstance(c, dict) and keys <= set(c) and c["code"] for c in choices
    ):
        raise ServiceError(_("Each code needs a code, a Chinese label and an English label."))
    codes = [c["code"] for c in choices]
    if len(codes) != len(set(codes)):
        raise ServiceError(_("Each code may appear only once in a code list."))


def _move(rows: list[Any], row: Any, offset: int) -> None:
    """Put ``row`` ``offset`` places further and renumber all, so orders stay dense."""
    ids = [r.pk for r in rows]
    index = ids.index(row.pk)
    target = max(0, min(len(rows) - 1, index + offset))
    rows.insert(target, rows.pop(index))
    for position, each in enumerate(rows):
        each.order = position
    type(row).objects.bulk_update(rows, ["order"])


@transaction.atomic
def item_move(*, actor: User, item: CatalogueItem, offset: int) -> None:
    """Move an item up (negative offset) or down in its draft."""
    version = _lock_draft(actor, item.version)
    _move(list(version.items.all()), item, offset)


# --- fields -------------------------------------------------------------------------------


@transaction.atomic
def field_add(*, actor: User, item: CatalogueItem, data: Mapping[str, Any]) -> FieldSpec:
    """Add a field to an item of a draft, at the end."""
    _lock_draft(actor, item.version)
    if item.fields.filter(name=data.get("name")).exists():
        raise ServiceError(_("This item has a field with that name already."))
    spec = FieldSpec(item=item, order=_next_order(item.fields.all()))
    return _save_field(actor=actor, spec=spec, data=data, action="add")


@transaction.atomic
def field_change(*, actor: User, field: FieldSpec, data: Mapping[str, Any]) -> FieldSpec:
    """Change a field of a draft: labels, type, constraints, code list."""
    _lock_draft(actor, field.item.version)
    spec = FieldSpec.objects.select_related("item__version").get(pk=field.pk)
    clash = spec.item.fields.filter(name=data.get("name", spec.name)).exclude(pk=spec.pk)
    if clash.exists():
        raise ServiceError(_("This item has a field with that name already."))
    return _save_field(actor=actor, spec=spec, data=data, action="change")


def _save_field(*, actor: User, spec: FieldSpec, data: Mapping[str, Any], action: str) -> FieldSpec:
    for name in FIELD_ATTRS:
        if name in data:
            setattr(spec, name, data[name])
    _check_choices(spec.choices)
    if spec.type in (FieldSpec.Type.ENUM, FieldSpec.Type.MULTI_ENUM) and not spec.choices:
        raise ServiceError(_("A code list field needs at least one code."))
    _clean(spec)
    spec.save()
    audit_record(
        actor=actor,
        action=f"catalogue.field.{action}",
        target=spec,
        detail={"item": spec.item.code, "field": spec.name},
    )
    return spec


@transaction.atomic
def field_remove(*, actor: User, field: FieldSpec) -> None:
    """Remove a field from an item of a draft."""
    _lock_draft(actor, field.item.version)
    audit_record(
        actor=actor,
        action="catalogue.field.remove",
        target=field,
        detail={"item": field.item.code, "field": field.name},
    )
    field.delete()


@transaction.atomic
def field_move(*, actor: User, field: FieldSpec, offset: int) -> None:
    """Move a field up (negative offset) or down within its item."""
    _lock_draft(actor, field.item.version)
    _move(list(field.item.fields.all()), field, offset)


# --- workflow -----------------------------------------------------------------------------


@transaction.atomic
def version_submit(*, actor: User, version: CatalogueVersion) -> CatalogueVersion:
    """Send a complete draft for approval."""
    version = _lock_draft(actor, version)
    problems = version_problems(version=version)
    if problems:
        raise ServiceError(
            _("The draft is not complete: %(problems)s") % {"problems": "; ".join(problems[:5])}
        )
    return _transition(
        version=version, actor=actor, to=Status.SUBMITTED, submitted_at=timezone.now()
    )


def _lock_for_decision(approver: User, version: CatalogueVersion) -> CatalogueVersion:
    _require_role(approver, Role.CATALOGUE_APPROVER)
    locked = _lock(version)
    _require_status(locked, Status.SUBMITTED)
    if locked.author_id == approver.pk:
        raise ServiceError(_("The author of a version cannot decide on it (four-eyes rule)."))
    return locked


@transaction.atomic
def version_approve(
    *, approver: User, version: CatalogueVersion, comment: str = ""
) -> CatalogueVersion:
    """Approve a submitted version; from now on it never changes."""
    version = _lock_for_decision(approver, version)
    return _transition(
        version=version,
        actor=approver,
        to=Status.APPROVED,
        comment=comment,
        approver=approver,
        approved_at=timezone.now(),
    )


@transaction.atomic
def version_send_back(
    *, approver: User, version: CatalogueVersion, reason: str
) -> CatalogueVersion:
    """Return a submitted version to its author as a draft, with the reason."""
    if not reason.strip():
        raise ServiceError(_("Say why the version goes back to draft."))
    version = _lock_for_decision(approver, version)
    return _transition(
        version=version, actor=approver, to=Status.DRAFT, comment=reason.strip(), submitted_at=None
    )


@transaction.atomic
def version_publish(
    *, actor: User, version: CatalogueVersion, effective_from: datetime.date
) -> CatalogueVersion:
    """Put an approved version in force; the previous one is superseded in the same step."""
    _require_role(actor, Role.PLATFORM_ADMIN)
    version = _lock(version)
    _require_status(version, Status.APPROVED)
    previous = CatalogueVersion.objects.select_for_update().filter(status=Status.PUBLISHED)
    for old in previous:
        _transition(version=old, actor=actor, to=Status.SUPERSEDED, superseded_at=timezone.now())
        _revoke_submit(old)
    _transition(
        version=version,
        actor=actor,
        to=Status.PUBLISHED,
        effective_from=effective_from,
        published_at=timezone.now(),
    )
    _grant_submit(version)
    return version


def _submit_permission() -> tuple[Permission, ContentType]:
    content_type = ContentType.objects.get_for_model(CatalogueItem)
    permission = Permission.objects.get(content_type=content_type, codename=SUBMIT_PERMISSION)
    return permission, content_type


def _grant_submit(version: CatalogueVersion) -> None:
    """Each providing agency's group may submit records for the items it provides."""
    permission, content_type = _submit_permission()
    links = CatalogueItem.providing_agencies.through.objects.filter(catalogueitem__version=version)
    groups = {
        a.pk: agency_group(a) for a in Agency.objects.filter(catalogue_items__version=version)
    }
    GroupObjectPermission.objects.bulk_create(
        [
            GroupObjectPermission(
                permission=permission,
                content_type=content_type,
                group=groups[link.agency_id],
                object_pk=str(link.catalogueitem_id),
            )
            for link in links
        ],
        ignore_conflicts=True,
    )


def _revoke_submit(version: CatalogueVersion) -> None:
    permission, content_type = _submit_permission()
    item_pks = [str(pk) for pk in version.items.values_list("pk", flat=True)]
    GroupObjectPermission.objects.filter(
        permission=permission, content_type=content_type, object_pk__in=item_pks
    ).delete()
