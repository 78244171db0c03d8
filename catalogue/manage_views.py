"""Admin-area pages of the catalogue: versions, the draft editor, review, publication."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalogue import selectors, services
from catalogue.diff import version_diff
from catalogue.forms import (
    ApproveForm,
    FieldForm,
    ItemForm,
    MoveForm,
    PublishForm,
    SendBackForm,
    VersionForm,
    VersionStartForm,
)
from catalogue.models import CatalogueItem, CatalogueVersion, FieldSpec
from credit_platform.models import Role, User
from credit_platform.permissions import role_required
from credit_platform.services import ServiceError

ADMIN = Role.PLATFORM_ADMIN
APPROVER = Role.CATALOGUE_APPROVER


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _version(request: HttpRequest, label: str) -> CatalogueVersion:
    return get_object_or_404(selectors.versions_for_management(request.user), label=label)


def _item(request: HttpRequest, label: str, code: str) -> CatalogueItem:
    version = _version(request, label)
    return get_object_or_404(
        CatalogueItem.objects.select_related("version"), version=version, code=code
    )


def _field(request: HttpRequest, label: str, code: str, name: str) -> FieldSpec:
    item = _item(request, label, code)
    return get_object_or_404(
        FieldSpec.objects.select_related("item__version"), item=item, name=name
    )


def _run(request: HttpRequest, action: Callable[[], Any], done: str) -> bool:
    """Call one service; a refusal becomes a message on the page instead of an error."""
    try:
        action()
    except ServiceError as exc:
        messages.error(request, str(exc))
        return False
    messages.success(request, done)
    return True


def _to_version(version: CatalogueVersion) -> HttpResponse:
    return redirect("catalogue:manage-version", label=version.label)


@role_required(ADMIN, APPROVER)
def version_list(request: HttpRequest) -> HttpResponse:
    versions = selectors.versions_for_management(request.user)
    return render(request, "catalogue/manage/version_list.html", {"versions": versions})


@role_required(ADMIN)
def version_new(request: HttpRequest) -> HttpResponse:
    form = VersionStartForm(request.POST or None)
    in_force = selectors.version_in_force()
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created: list[CatalogueVersion] = []
        if _run(
            request,
            lambda: created.append(
                services.version_start_draft(
                    author=_user(request),
                    label=data["label"],
                    change_note=data["change_note"],
                    copy_from=in_force if data["copy_in_force"] else None,
                )
            ),
            _("Draft started."),
        ):
            return _to_version(created[0])
    context = {"form": form, "in_force": in_force}
    return render(request, "catalogue/manage/version_new.html", context)


@role_required(ADMIN, APPROVER)
def version_detail(request: HttpRequest, label: str) -> HttpResponse:
    version = _version(request, label)
    context = {
        "version": version,
        "items": selectors.version_items(version=version),
        "problems": selectors.version_problems(version=version) if version.is_editable else [],
        "is_admin": _user(request).has_role(ADMIN),
        "is_approver": _user(request).has_role(APPROVER),
        "move_up": -1,
        "move_down": 1,
    }
    return render(request, "catalogue/manage/version_detail.html", context)


@role_required(ADMIN)
def version_edit(request: HttpRequest, label: str) -> HttpResponse:
    version = _version(request, label)
    initial = {"label": version.label, "change_note": version.change_note}
    form = VersionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _run(
            request,
            lambda: services.version_change(
                actor=_user(request),
                version=version,
                label=data["label"],
                change_note=data["change_note"],
            ),
            _("Saved."),
        ):
            return redirect("catalogue:manage-version", label=data["label"])
    context = {"form": form, "version": version}
    return render(request, "catalogue/manage/version_edit.html", context)


@role_required(ADMIN, APPROVER)
def version_history(request: HttpRequest, label: str) -> HttpResponse:
    version = _version(request, label)
    transitions = selectors.version_transitions(version=version)
    context = {"version": version, "transitions": transitions}
    return render(request, "catalogue/manage/version_history.html", context)


# --- items and fields ---------------------------------------------------------------------


@role_required(ADMIN)
def item_new(request: HttpRequest, label: str) -> HttpResponse:
    version = _version(request, label)
    form = ItemForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and _run(
            request,
            lambda: services.item_add(
                actor=_user(request),
                version=version,
                data=form.service_data(),
                agencies=form.cleaned_data["providing_agencies"],
            ),
            _("Item added."),
        )
    ):
        return redirect("catalogue:manage-item", label=label, code=form.cleaned_data["code"])
    context = {"form": form, "version": version}
    return render(request, "catalogue/manage/item_form.html", context)


@role_required(ADMIN, APPROVER)
def item_edit(request: HttpRequest, label: str, code: str) -> HttpResponse:
    item = _item(request, label, code)
    form = ItemForm(request.POST or None, instance=item)
    if (
        request.method == "POST"
        and _user(request).has_role(ADMIN)
        and form.is_valid()
        and _run(
            request,
            lambda: services.item_change(
                actor=_user(request),
                item=item,
                data=form.service_data(),
                agencies=form.cleaned_data["providing_agencies"],
            ),
            _("Item saved."),
        )
    ):
        return redirect("catalogue:manage-item", label=label, code=form.cleaned_data["code"])
    can_edit = item.version.is_editable and _user(request).has_role(ADMIN)
    context = {"form": form, "version": item.version, "item": item, "can_edit": can_edit}
    return render(request, "catalogue/manage/item_form.html", context)


@require_POST
@role_required(ADMIN)
def item_remove(request: HttpRequest, label: str, code: str) -> HttpResponse:
    item = _item(request, label, code)
    _run(request, lambda: services.item_remove(actor=_user(request), item=item), _("Item removed."))
    return _to_version(item.version)


@require_POST
@role_required(ADMIN)
def item_move(request: HttpRequest, label: str, code: str) -> HttpResponse:
    item = _item(request, label, code)
    form = MoveForm(request.POST)
    if form.is_valid():
        offset = form.cleaned_data["offset"]
        _run(
            request,
            lambda: services.item_move(actor=_user(request), item=item, offset=offset),
            _("Moved."),
        )
    return _to_version(item.version)


@role_required(ADMIN)
def field_new(request: HttpRequest, label: str, code: str) -> HttpResponse:
    item = _item(request, label, code)
    form = FieldForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and _run(
            request,
            lambda: services.field_add(actor=_user(request), item=item, data=form.service_data()),
            _("Field added."),
        )
    ):
        return redirect("catalogue:manage-item", label=label, code=code)
    context = {"form": form, "item": item, "version": item.version}
    return render(request, "catalogue/manage/field_form.html", context)


@role_required(ADMIN, APPROVER)
def field_edit(request: HttpRequest, label: str, code: str, name: str) -> HttpResponse:
    spec = _field(request, label, code, name)
    form = FieldForm(request.POST or None, instance=spec)
    if (
        request.method == "POST"
        and _user(request).has_role(ADMIN)
        and form.is_valid()
        and _run(
            request,
            lambda: services.field_change(
                actor=_user(request), field=spec, data=form.service_data()
            ),
            _("Field saved."),
        )
    ):
        return redirect("catalogue:manage-item", label=label, code=code)
    context = {"form": form, "item": spec.item, "version": spec.item.version, "spec": spec}
    return render(request, "catalogue/manage/field_form.html", context)


@require_POST
@role_required(ADMIN)
def field_remove(request: HttpRequest, label: str, code: str, name: str) -> HttpResponse:
    spec = _field(request, label, code, name)
    _run(
        request,
        lambda: services.field_remove(actor=_user(request), field=spec),
        _("Field removed."),
    )
    return redirect("catalogue:manage-item", label=label, code=code)


@require_POST
@role_required(ADMIN)
def field_move(request: HttpRequest, label: str, code: str, name: str) -> HttpResponse:
    spec = _field(request, label, code, name)
    form = MoveForm(request.POST)
    if form.is_valid():
        offset = form.cleaned_data["offset"]
        _run(
            request,
            lambda: services.field_move(actor=_user(request), field=spec, offset=offset),
            _("Moved."),
        )
    return redirect("catalogue:manage-item", label=label, code=code)


# --- workflow -----------------------------------------------------------------------------


@require_POST
@role_required(ADMIN)
def version_submit(request: HttpRequest, label: str) -> HttpResponse:
    version = _version(request, label)
    _run(
        request,
        lambda: services.version_submit(actor=_user(request), version=version),
        _("Submitted for approval."),
    )
    return _to_version(version)


def _review_context(version: CatalogueVersion, request: HttpRequest) -> dict[str, Any]:
    against = selectors.version_in_force()
    if against is not None and against.pk == version.pk:
        against = version.based_on
    return {
        "version": version,
        "diff": version_diff(before=against, after=version),
        "approve_form": ApproveForm(request.POST if "comment" in request.POST else None),
        "send_back_form": SendBackForm(request.POST if "reason" in request.POST else None),
        "is_approver": _user(request).has_role(APPROVER),
    }


@role_required(ADMIN, APPROVER)
def version_review(request: HttpRequest, label: str) -> HttpResponse:
    version = _version(request, label)
    return render(request, "catalogue/manage/review.html", _review_context(version, request))


@require_POST
@role_required(APPROVER)
def version_approve(request: HttpRequest, label: str) -> HttpResponse:
    version = _version(request, label)
    form = ApproveForm(request.POST)
    if form.is_valid() and _run(
        request,
        lambda: services.version_approve(
            approver=_user(request),
            version=version,
            comment=form.cleaned_data["comment"],
        ),
        _("Version approved."),
    ):
        return _to_version(version)
    return render(request, "catalogue/manage/review.html", _review_context(version, request))


@require_POST
@role_required(APPROVER)
def version_send_back(request: HttpRequest, label: str) -> HttpResponse:
    version = _version(request, label)
    form = SendBackForm(request.POST)
    if form.is_valid() and _run(
        request,
        lambda: services.version_send_back(
            approver=_user(request),
            version=version,
            reason=form.cleaned_data["reason"],
        ),
        _("Version sent back to draft."),
    ):
        return _to_version(version)
    return render(request, "catalogue/manage/review.html", _review_context(version, request))


@role_required(ADMIN)
def version_publish(request: HttpRequest, label: str) -> HttpResponse:
    version = _version(request, label)
    form = PublishForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and _run(
            request,
            lambda: services.version_publish(
                actor=_user(request),
                version=version,
                effective_from=form.cleaned_data["effective_from"],
            ),
            _("Version published."),
        )
    ):
        return _to_version(version)
    context = {"form": form, "version": version, "in_force": selectors.version_in_force()}
    return render(request, "catalogue/manage/publish.html", context)


@role_required(ADMIN, APPROVER)
def versions_diff(request: HttpRequest) -> HttpResponse:
    versions = selectors.versions_for_management(request.user)
    before = versions.filter(label=request.GET.get("before", "")).first()
    after = versions.filter(label=request.GET.get("after", "")).first()
    diff = version_diff(before=before, after=after) if after else None
    context = {"versions": versions, "diff": diff, "before": before, "after": after}
    return render(request, "catalogue/manage/diff.html", context)
