"""Core models and services: roles, subjects, demo data, the audit trail."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import DatabaseError, IntegrityError, transaction

from credit_platform.demo import DEMO_USERS
from credit_platform.models import Agency, AuditEvent, Role, Subject, User
from credit_platform.services import ServiceError, audit_record, subject_resolve
from tests.factories import make_resident_id, make_uscc

pytestmark = pytest.mark.django_db


def test_role_groups_exist_after_migrations() -> None:
    names = set(Group.objects.values_list("name", flat=True))
    assert {role.value for role in Role} <= names


def test_demo_data_loads_twice_without_adding_anything() -> None:
    call_command("load_demo")
    counts = (User.objects.count(), Agency.objects.count(), Subject.objects.count())
    call_command("load_demo")
    assert (User.objects.count(), Agency.objects.count(), Subject.objects.count()) == counts
    assert counts[0] == len(DEMO_USERS)


def test_demo_users_hold_their_roles() -> None:
    call_command("load_demo")
    assert User.objects.get(username="approver").has_role(Role.CATALOGUE_APPROVER)
    submitter = User.objects.get(username="submitter")
    assert submitter.has_role(Role.AGENCY_SUBMITTER) and submitter.agency is not None
    assert not User.objects.get(username="citizen").has_role(Role.AGENCY_SUBMITTER)


def test_subject_resolve_creates_then_finds_by_code() -> None:
    code = make_uscc()
    first = subject_resolve(kind="legal_person", name="海南甲公司", uscc=code)
    again = subject_resolve(kind="legal_person", name="海南甲公司", uscc=code.lower())
    assert first.pk == again.pk
    assert Subject.objects.count() == 1


def test_changed_name_is_kept_as_former_name() -> None:
    code = make_uscc()
    subject_resolve(kind="legal_person", name="海南旧名公司", uscc=code)
    subject = subject_resolve(kind="legal_person", name="海南新名公司", uscc=code)
    assert subject.name == "海南新名公司"
    assert subject.former_names == ["海南旧名公司"]


def test_subject_found_by_former_name_in_search_vector() -> None:
    code = make_uscc()
    subject_resolve(kind="legal_person", name="海南旧名公司", uscc=code)
    subject_resolve(kind="legal_person", name="海南新名公司", uscc=code)
    found = Subject.objects.extra(where=["search_vector @@ %s::tsquery"], params=["'旧名'"])
    assert [s.uscc for s in found] == [code]


def test_invalid_code_is_refused_with_the_reason() -> None:
    with pytest.raises(ServiceError, match="校验码错误"):
        subject_resolve(kind="legal_person", name="错误公司", uscc="91512081MA62K0260F")


def test_natural_person_resolved_by_identity_number() -> None:
    number = make_resident_id()
    person = subject_resolve(kind="natural_person", name="张三", id_type="01", id_number=number)
    assert person.uscc is None and person.id_number == number


def test_database_refuses_an_organisation_without_a_code() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Subject.objects.create(kind="legal_person", name="无代码公司")


def test_audit_trail_is_append_only() -> None:
    event = audit_record(actor="system", action="test.append")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="tampered")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "test.append"


def test_agency_staff_belong_to_exactly_their_agency_group() -> None:
    from credit_platform.services import user_set_agency
    from tests.factories import AgencyFactory, UserFactory

    first, second = AgencyFactory.create(code="first"), AgencyFactory.create(code="second")
    user = UserFactory.create()
    user_set_agency(user=user, agency=first)
    user_set_agency(user=user, agency=second)
    assert list(user.groups.values_list("name", flat=True)) == ["agency:second"]
    user_set_agency(user=user, agency=None)
    assert user.agency is None and not user.groups.exists()
