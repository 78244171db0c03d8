"""The workflow services: every allowed and refused transition, and the editing services."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest
from django.utils import translation

from catalogue import services
from catalogue.models import CatalogueTransition, CatalogueVersion, FieldSpec
from credit_platform.models import AuditEvent
from credit_platform.services import ServiceError
from tests.catalogue.conftest import penalty_item
from tests.catalogue.factories import FieldFactory
from tests.conftest import Personas, make_user

pytestmark = pytest.mark.django_db
S = CatalogueVersion.Status
DAY = datetime.date(2026, 1, 1)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Refusal messages are matched in their English source text."""
    with translation.override("en"):
        yield


def test_admin_starts_an_empty_draft(personas: Personas) -> None:
    version = services.version_start_draft(author=personas.admin, label="2026.1")
    assert version.status == S.DRAFT
    assert version.items.count() == 0


def test_starting_a_draft_records_a_transition_and_an_audit_event(personas: Personas) -> None:
    version = services.version_start_draft(author=personas.admin, label="2026.1")
    assert version.transitions.get().to_status == S.DRAFT
    assert AuditEvent.objects.filter(action="catalogue.version.draft").count() == 1


def test_approver_cannot_start_a_draft(personas: Personas) -> None:
    with pytest.raises(ServiceError):
        services.version_start_draft(author=personas.approver, label="2026.1")


def test_a_label_is_used_once(personas: Personas, draft: CatalogueVersion) -> None:
    with pytest.raises(ServiceError):
        services.version_start_draft(author=personas.admin, label=draft.label)


def test_copy_of_the_version_in_force_is_deep(next_draft: CatalogueVersion) -> None:
    item = penalty_item(next_draft)
    original = penalty_item(next_draft.based_on)  # type: ignore[arg-type]
    assert item.pk != original.pk
    assert list(item.fields.values_list("name", flat=True)) == list(
        original.fields.values_list("name", flat=True)
    )
    assert list(item.providing_agencies.all()) == list(original.providing_agencies.all())


def test_admin_submits_a_complete_draft(submitted: CatalogueVersion) -> None:
    assert submitted.status == S.SUBMITTED
    assert submitted.submitted_at is not None


def test_an_incomplete_draft_cannot_be_submitted(personas: Personas) -> None:
    version = services.version_start_draft(author=personas.admin, label="2026.9")
    with pytest.raises(ServiceError, match="no items"):
        services.version_submit(actor=personas.admin, version=version)


def test_a_draft_whose_key_field_is_missing_cannot_be_submitted(
    personas: Personas, draft: CatalogueVersion
) -> None:
    penalty_item(draft).fields.filter(name="decision_number").delete()
    with pytest.raises(ServiceError, match="decision_number"):
        services.version_submit(actor=personas.admin, version=draft)


def test_approver_cannot_submit(personas: Personas, draft: CatalogueVersion) -> None:
    with pytest.raises(ServiceError):
        services.version_submit(actor=personas.approver, version=draft)


def test_a_submitted_version_cannot_be_submitted_again(
    personas: Personas, submitted: CatalogueVersion
) -> None:
    with pytest.raises(ServiceError):
        services.version_submit(actor=personas.admin, version=submitted)


def test_approver_approves_a_submitted_version(
    approved: CatalogueVersion, personas: Personas
) -> None:
    assert approved.status == S.APPROVED
    assert approved.approver == personas.approver
    assert approved.transitions.last().comment == "ok"  # type: ignore[union-attr]


def test_approver_cannot_approve_own_version(personas: Personas) -> None:
    both = make_user("both-roles")
    from credit_platform.models import Role
    from credit_platform.services import user_set_roles

    user_set_roles(user=both, roles=[Role.PLATFORM_ADMIN, Role.CATALOGUE_APPROVER])
    version = services.version_start_draft(author=both, label="2026.5")
    version.status = S.SUBMITTED
    version.save()
    with pytest.raises(ServiceError, match="four-eyes"):
        services.version_approve(approver=both, version=version)


def test_admin_without_approver_role_cannot_approve(
    personas: Personas, submitted: CatalogueVersion
) -> None:
    with pytest.raises(ServiceError):
        services.version_approve(approver=personas.admin, version=submitted)


def test_agency_staff_cannot_approve(personas: Personas, submitted: CatalogueVersion) -> None:
    with pytest.raises(ServiceError):
        services.version_approve(approver=personas.submitter_a, version=submitted)


def test_a_draft_cannot_be_approved(personas: Personas, draft: CatalogueVersion) -> None:
    with pytest.raises(ServiceError):
        services.version_approve(approver=personas.approver, version=draft)


def test_an_approved_version_cannot_be_approved_again(
    personas: Personas, approved: CatalogueVersion
) -> None:
    with pytest.raises(ServiceError):
        services.version_approve(approver=personas.approver, version=approved)


def test_send_back_returns_the_version_to_draft_with_the_reason(
    personas: Personas, submitted: CatalogueVersion
) -> None:
    version = services.version_send_back(
        approver=personas.approver, version=submitted, reason="缺少法律依据"
    )
    assert version.status == S.DRAFT
    assert version.transitions.last().comment == "缺少法律依据"  # type: ignore[union-attr]


def test_send_back_needs_a_reason(personas: Personas, submitted: CatalogueVersion) -> None:
    with pytest.raises(ServiceError):
        services.version_send_back(approver=personas.approver, version=submitted, reason="  ")


def test_only_an_approver_sends_back(personas: Personas, submitted: CatalogueVersion) -> None:
    with pytest.raises(ServiceError):
        services.version_send_back(approver=personas.admin, version=submitted, reason="no")


def test_an_approved_version_cannot_be_sent_back(
    personas: Personas, approved: CatalogueVersion
) -> None:
    with pytest.raises(ServiceError):
        services.version_send_back(approver=personas.approver, version=approved, reason="late")


def test_admin_publishes_an_approved_version(published: CatalogueVersion) -> None:
    assert published.status == S.PUBLISHED
    assert published.effective_from == DAY
    assert published.published_at is not None


def test_a_submitted_version_cannot_be_published(
    personas: Personas, submitted: CatalogueVersion
) -> None:
    with pytest.raises(ServiceError):
        services.version_publish(actor=personas.admin, version=submitted, effective_from=DAY)


def test_approver_cannot_publish(personas: Personas, approved: CatalogueVersion) -> None:
    with pytest.raises(ServiceError):
        services.version_publish(actor=personas.approver, version=approved, effective_from=DAY)


def test_a_published_version_cannot_be_published_again(
    personas: Personas, published: CatalogueVersion
) -> None:
    with pytest.raises(ServiceError):
        services.version_publish(actor=personas.admin, version=published, effective_from=DAY)


def _through_to_approval(version: CatalogueVersion, personas: Personas) -> CatalogueVersion:
    services.version_submit(actor=personas.admin, version=version)
    return services.version_approve(approver=personas.approver, version=version)


def test_publishing_supersedes_the_version_in_force(
    personas: Personas, published: CatalogueVersion, next_draft: CatalogueVersion
) -> None:
    approved = _through_to_approval(next_draft, personas)
    services.version_publish(actor=personas.admin, version=approved, effective_from=DAY)
    published.refresh_from_db()
    assert published.status == S.SUPERSEDED
    assert published.superseded_at is not None
    assert CatalogueVersion.objects.filter(status=S.PUBLISHED).get() == next_draft


def test_every_transition_is_recorded(personas: Personas, published: CatalogueVersion) -> None:
    steps = list(published.transitions.values_list("from_status", "to_status"))
    assert steps == [
        (S.DRAFT, S.SUBMITTED),
        (S.SUBMITTED, S.APPROVED),
        (S.APPROVED, S.PUBLISHED),
    ]
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"catalogue.version.submitted", "catalogue.version.approved"} <= actions
    assert "catalogue.version.published" in actions


def test_a_sent_back_version_can_be_resubmitted(
    personas: Personas, submitted: CatalogueVersion
) -> None:
    services.version_send_back(approver=personas.approver, version=submitted, reason="fix")
    version = services.version_submit(actor=personas.admin, version=submitted)
    assert version.status == S.SUBMITTED
    assert CatalogueTransition.objects.filter(version=version).count() == 3


# --- editing ------------------------------------------------------------------------------


def test_item_add_appends_an_item(personas: Personas, draft: CatalogueVersion) -> None:
    data = {
        "code": "tax-arrears",
        "name_zh": "欠税信息",
        "category": "tax",
        "subject_kinds": ["legal_person"],
        "disclosure_level": "public",
        "key_field": "notice_number",
    }
    item = services.item_add(
        actor=personas.admin, version=draft, data=data, agencies=[personas.agency_b]
    )
    assert item.order > penalty_item(draft).order
    assert list(item.providing_agencies.all()) == [personas.agency_b]


def test_item_add_refuses_a_duplicate_code(personas: Personas, draft: CatalogueVersion) -> None:
    data = {"code": "administrative-penalty", "name_zh": "x", "category": "tax"}
    with pytest.raises(ServiceError):
        services.item_add(actor=personas.admin, version=draft, data=data)


def test_item_add_refuses_an_invalid_category(personas: Personas, draft: CatalogueVersion) -> None:
    data = {
        "code": "x",
        "name_zh": "x",
        "category": "nonsense",
        "disclosure_level": "public",
        "subject_kinds": ["legal_person"],
        "key_field": "k",
    }
    with pytest.raises(ServiceError, match="category"):
        services.item_add(actor=personas.admin, version=draft, data=data)


def test_item_change_refuses_an_unknown_cross_rule(
    personas: Personas, draft: CatalogueVersion
) -> None:
    with pytest.raises(ServiceError, match="Unknown"):
        services.item_change(
            actor=personas.admin,
            item=penalty_item(draft),
            data={"cross_rules": [{"rule": "always_true"}]},
        )


def test_item_change_sets_the_attributes(personas: Personas, draft: CatalogueVersion) -> None:
    item = services.item_change(
        actor=personas.admin,
        item=penalty_item(draft),
        data={"disclosure_months": 6, "legal_basis": "行政处罚法"},
    )
    item.refresh_from_db()
    assert (item.disclosure_months, item.legal_basis) == (6, "行政处罚法")


def test_item_remove_deletes_the_item(personas: Personas, draft: CatalogueVersion) -> None:
    services.item_remove(actor=personas.admin, item=penalty_item(draft))
    assert draft.items.count() == 0


def test_item_move_reorders(personas: Personas, draft: CatalogueVersion) -> None:
    from tests.catalogue.factories import ItemFactory

    second = ItemFactory.create(version=draft, code="second", order=1_000_000)
    services.item_move(actor=personas.admin, item=second, offset=-1)
    assert list(draft.items.values_list("code", flat=True)) == ["second", "administrative-penalty"]


def test_field_add_and_change_constraints(personas: Personas, draft: CatalogueVersion) -> None:
    item = penalty_item(draft)
    spec = services.field_add(
        actor=personas.admin,
        item=item,
        data={"name": "fine_amount", "label_zh": "罚款金额", "label_en": "Fine", "type": "decimal"},
    )
    services.field_change(actor=personas.admin, field=spec, data={"min_value": 0, "max_digits": 20})
    spec.refresh_from_db()
    assert spec.min_value == 0 and spec.max_digits == 20


def test_field_add_refuses_a_code_list_without_codes(
    personas: Personas, draft: CatalogueVersion
) -> None:
    data = {"name": "kind", "label_zh": "类", "label_en": "Kind", "type": "enum"}
    with pytest.raises(ServiceError):
        services.field_add(actor=personas.admin, item=penalty_item(draft), data=data)


def test_field_change_refuses_an_inverted_length_range(
    personas: Personas, draft: CatalogueVersion
) -> None:
    spec = penalty_item(draft).fields.get(name="decision_number")
    with pytest.raises(ServiceError):
        services.field_change(
            actor=personas.admin, field=spec, data={"min_length": 50, "max_length": 10}
        )


def test_field_remove_and_move(personas: Personas, draft: CatalogueVersion) -> None:
    item = penalty_item(draft)
    extra = FieldFactory.create(item=item, name="extra", order=1_000_000)
    services.field_move(actor=personas.admin, field=extra, offset=-1)
    names = list(item.fields.values_list("name", flat=True))
    assert names[-2:] == ["extra", "decision_number"]
    services.field_remove(actor=personas.admin, field=extra)
    assert not FieldSpec.objects.filter(pk=extra.pk).exists()


def test_editing_services_refuse_a_submitted_version(
    personas: Personas, submitted: CatalogueVersion
) -> None:
    item = penalty_item(submitted)
    with pytest.raises(ServiceError, match="Draft"):
        services.item_change(actor=personas.admin, item=item, data={"name_zh": "改"})


def test_editing_services_refuse_non_admins(personas: Personas, draft: CatalogueVersion) -> None:
    with pytest.raises(ServiceError):
        services.item_remove(actor=personas.approver, item=penalty_item(draft))
