"""Agency groups and the per-item submit permission that publication grants and revokes."""

from __future__ import annotations

import datetime

import pytest
from guardian.shortcuts import get_perms

from catalogue import services
from catalogue.models import CatalogueVersion
from catalogue.selectors import items_submittable_by
from credit_platform.services import agency_group, user_set_agency
from tests.catalogue.conftest import penalty_item
from tests.conftest import Personas, make_user

pytestmark = pytest.mark.django_db


def test_each_agency_has_its_own_group(personas: Personas) -> None:
    assert agency_group(personas.agency_a).name == "agency:agency-a"


def test_agency_staff_are_in_their_agency_group(personas: Personas) -> None:
    names = set(personas.submitter_a.groups.values_list("name", flat=True))
    assert "agency:agency-a" in names and "agency_submitter" in names


def test_moving_a_user_keeps_exactly_one_agency_group(personas: Personas) -> None:
    user = personas.submitter_a
    user_set_agency(user=user, agency=personas.agency_b)
    agency_groups = list(
        user.groups.filter(name__startswith="agency:").values_list("name", flat=True)
    )
    assert agency_groups == ["agency:agency-b"]
    assert user.agency == personas.agency_b


def test_removing_the_agency_leaves_no_agency_group(personas: Personas) -> None:
    user_set_agency(user=personas.submitter_a, agency=None)
    assert not personas.submitter_a.groups.filter(name__startswith="agency:").exists()


def test_publication_grants_submit_to_the_providing_agency(
    personas: Personas, published: CatalogueVersion
) -> None:
    item = penalty_item(published)
    assert "submit_records" in get_perms(agency_group(personas.agency_a), item)
    assert list(items_submittable_by(personas.submitter_a)) == [item]


def test_other_agencies_may_not_submit(personas: Personas, published: CatalogueVersion) -> None:
    assert list(items_submittable_by(personas.submitter_b)) == []
    assert list(items_submittable_by(personas.public)) == []


def test_superusers_gain_nothing_by_being_superusers(
    personas: Personas, published: CatalogueVersion
) -> None:
    personas.admin.is_superuser = True
    assert list(items_submittable_by(personas.admin)) == []


def test_approval_alone_grants_nothing(personas: Personas, approved: CatalogueVersion) -> None:
    assert list(items_submittable_by(personas.submitter_a)) == []


def test_a_new_staff_member_gains_the_agencys_items(
    personas: Personas, published: CatalogueVersion
) -> None:
    newcomer = make_user("newcomer", agency=personas.agency_a)
    assert list(items_submittable_by(newcomer)) == [penalty_item(published)]


def test_publishing_the_next_version_moves_the_permission(
    personas: Personas, published: CatalogueVersion, next_draft: CatalogueVersion
) -> None:
    services.item_change(
        actor=personas.admin, item=penalty_item(next_draft), data={}, agencies=[personas.agency_b]
    )
    services.version_submit(actor=personas.admin, version=next_draft)
    services.version_approve(approver=personas.approver, version=next_draft)
    services.version_publish(
        actor=personas.admin, version=next_draft, effective_from=datetime.date(2026, 7, 1)
    )
    assert get_perms(agency_group(personas.agency_a), penalty_item(published)) == []
    assert list(items_submittable_by(personas.submitter_a)) == []
    assert list(items_submittable_by(personas.submitter_b)) == [penalty_item(next_draft)]
