"""Objections: filing marks the record, the first check, the agency's decision, deadlines."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import override_settings

from collection.models import CreditRecord, CreditRecordRevision
from credit_platform.models import AuditEvent, Role
from credit_platform.services import ServiceError
from disclosure.models import CaseEvent, Objection
from disclosure.selectors.objections import case_counts
from disclosure.services.objections import (
    objection_decide,
    objection_extend,
    objection_file,
    objection_first_check,
)
from tests.conftest import Personas, make_user
from tests.disclosure.cases import World, english, fast_passwords, on_day, pdf, png  # noqa: F401

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("fast_passwords", "english", "calendar_2026"),
]
D = datetime.date
Capture = Callable[..., Any]


@pytest.fixture
def world(personas: Personas) -> World:
    return World(personas)


def file(world: World, **kwargs: Any) -> Objection:
    options = {
        "applicant": world.applicant,
        "record": world.record,
        "grounds": "wrong",
        "description": "罚款金额有误，应为0.5万元。",
        "files": [pdf()],
        **kwargs,
    }
    return objection_file(**options)


def accepted(world: World) -> Objection:
    objection = file(world)
    return objection_first_check(actor=world.p.admin, objection=objection, accept=True)


def test_filing_marks_the_record_at_once_and_keeps_the_evidence(world: World) -> None:
    objection = file(world, files=[pdf(), png()])
    world.record.refresh_from_db()
    assert world.record.under_objection
    assert objection.status == Objection.Status.FIRST_CHECK
    assert [e.original_name for e in objection.evidence.all()] == ["proof.pdf", "photo.png"]
    assert list(objection.events.values_list("action", flat=True)) == ["filed"]
    assert AuditEvent.objects.filter(action="objection.filed", target_id=str(objection.pk)).exists()
    assert AuditEvent.objects.filter(action="record.objection").exists()


def test_evidence_whose_name_does_not_match_its_content_is_refused(world: World) -> None:
    with pytest.raises(ServiceError, match=r"notes\.txt"):
        file(world, files=[pdf("notes.txt")])
    assert not Objection.objects.exists()


def test_a_text_file_is_refused(world: World) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ServiceError, match="PDF"):
        file(world, files=[SimpleUploadedFile("a.pdf", b"hello")])
    world.record.refresh_from_db()
    assert not world.record.under_objection


@override_settings(EVIDENCE_MAX_BYTES=10)
def test_evidence_over_the_size_limit_is_refused(world: World) -> None:
    with pytest.raises(ServiceError, match="KB"):
        file(world)


def test_grounds_and_a_description_are_required(world: World) -> None:
    with pytest.raises(ServiceError):
        file(world, grounds="because")
    with pytest.raises(ServiceError):
        file(world, description="   ")


def test_a_second_open_objection_by_the_same_applicant_is_refused(world: World) -> None:
    file(world)
    with pytest.raises(ServiceError, match="already"):
        file(world)


def test_a_revoked_record_cannot_be_objected_to(world: World) -> None:
    CreditRecord.objects.filter(pk=world.record.pk).update(status="revoked", revoked_reason="x")
    with pytest.raises(ServiceError):
        file(world)


@pytest.mark.parametrize("who", ["public", "reviewer_a", "submitter_b", "approver"])
def test_only_a_platform_admin_makes_the_first_check(world: World, who: str) -> None:
    objection = file(world)
    with pytest.raises(ServiceError):
        objection_first_check(actor=getattr(world.p, who), objection=objection, accept=True)


def test_refusal_needs_a_reason_and_clears_the_mark(world: World) -> None:
    objection = file(world)
    with pytest.raises(ServiceError):
        objection_first_check(actor=world.p.admin, objection=objection, accept=False)
    objection_first_check(
        actor=world.p.admin, objection=objection, accept=False, reason="与该记录无关"
    )
    objection.refresh_from_db()
    world.record.refresh_from_db()
    assert objection.status == Objection.Status.REFUSED
    assert not world.record.under_objection


def test_a_case_is_checked_once(world: World) -> None:
    objection = accepted(world)
    with pytest.raises(ServiceError, match="moved on"):
        objection_first_check(actor=world.p.admin, objection=objection, accept=True)


@pytest.mark.parametrize("who", ["submitter_a", "submitter_b", "admin", "public"])
def test_only_a_reviewer_of_the_providing_agency_decides(world: World, who: str) -> None:
    objection = accepted(world)
    with pytest.raises(ServiceError):
        objection_decide(
            actor=getattr(world.p, who), objection=objection, outcome="upheld", reason="无误"
        )


def test_a_reviewer_of_another_agency_may_not_decide(world: World) -> None:
    objection = accepted(world)
    other = make_user("reviewer-b", Role.AGENCY_REVIEWER, world.p.agency_b)
    with pytest.raises(ServiceError):
        objection_decide(actor=other, objection=objection, outcome="upheld", reason="无误")


def test_no_decision_before_the_first_check(world: World) -> None:
    objection = file(world)
    with pytest.raises(ServiceError, match="moved on"):
        objection_decide(
            actor=world.p.reviewer_a, objection=objection, outcome="upheld", reason="无误"
        )


def test_upheld_clears_the_mark_and_leaves_the_record(world: World) -> None:
    objection = accepted(world)
    objection_decide(actor=world.p.reviewer_a, objection=objection, outcome="upheld", reason="无误")
    world.record.refresh_from_db()
    assert not world.record.under_objection
    assert world.record.status == CreditRecord.Status.ACTIVE
    assert world.record.revision == 1


def test_a_correction_makes_a_new_revision_and_clears_the_mark(world: World) -> None:
    objection = accepted(world)
    objection_decide(
        actor=world.p.reviewer_a,
        objection=objection,
        outcome="corrected",
        reason="金额录入错误",
        changes={"fine_amount": "0.5"},
    )
    world.record.refresh_from_db()
    assert world.record.payload["fine_amount"] == "0.5"
    assert world.record.revision == 2
    assert CreditRecordRevision.objects.filter(record=world.record, revision=1).exists()
    assert not world.record.under_objection
    objection.refresh_from_db()
    assert objection.outcome == Objection.Outcome.CORRECTED


def test_a_correction_must_name_a_change(world: World) -> None:
    objection = accepted(world)
    with pytest.raises(ServiceError):
        objection_decide(
            actor=world.p.reviewer_a, objection=objection, outcome="corrected", reason="x"
        )
    world.record.refresh_from_db()
    assert world.record.under_objection


def test_a_supplement_fills_an_empty_field_only(world: World) -> None:
    objection = accepted(world)
    with pytest.raises(ServiceError, match="empty"):
        objection_decide(
            actor=world.p.reviewer_a,
            objection=objection,
            outcome="supplemented",
            reason="补充",
            changes={"fine_amount": "3"},
        )


def test_stop_display_takes_the_record_off_public_view(world: World) -> None:
    objection = accepted(world)
    objection_decide(
        actor=world.p.reviewer_a, objection=objection, outcome="stopped", reason="已过公示期"
    )
    world.record.refresh_from_db()
    assert world.record.status == CreditRecord.Status.REVOKED
    assert not world.record.under_objection


def test_another_open_objection_keeps_the_mark(world: World) -> None:
    first = accepted(world)
    file(world, applicant=world.rep)
    objection_decide(actor=world.p.reviewer_a, objection=first, outcome="upheld", reason="无误")
    world.record.refresh_from_db()
    assert world.record.under_objection


def test_the_deadline_is_extended_once_with_a_reason(world: World) -> None:
    objection = accepted(world)
    with pytest.raises(ServiceError):
        objection_extend(actor=world.p.reviewer_a, objection=objection, reason=" ")
    with pytest.raises(ServiceError):
        objection_extend(actor=world.p.submitter_a, objection=objection, reason="需要核查")
    objection_extend(actor=world.p.reviewer_a, objection=objection, reason="需要现场核查")
    with pytest.raises(ServiceError, match="already"):
        objection_extend(actor=world.p.reviewer_a, objection=objection, reason="再次延长")


def test_deadlines_skip_national_day_and_count_the_make_up_saturday(world: World) -> None:
    with on_day(D(2026, 9, 30)):  # Wednesday before the National Day holiday (1-7 October)
        objection = file(world)
    assert objection.first_check_due == D(2026, 10, 8)
    with on_day(D(2026, 10, 8)):
        objection_first_check(actor=world.p.admin, objection=objection, accept=True)
    objection.refresh_from_db()
    assert objection.decision_due == D(2026, 10, 10)  # Friday 9th, make-up Saturday 10th
    with on_day(D(2026, 10, 9)):
        objection_extend(actor=world.p.reviewer_a, objection=objection, reason="需要核查")
    objection.refresh_from_db()
    assert objection.decision_due == D(2026, 10, 14)  # Monday 12th to Wednesday 14th


def test_filed_on_a_friday_before_a_make_up_saturday_is_due_that_saturday(world: World) -> None:
    with on_day(D(2026, 10, 9)):
        objection = file(world)
    assert objection.first_check_due == D(2026, 10, 10)


def test_overdue_cases_are_counted_for_the_admin_and_the_agency(world: World) -> None:
    with on_day(D(2026, 9, 30)):
        waiting = file(world)
    with on_day(D(2026, 10, 8)):
        counts = case_counts(user=world.p.admin)
        assert (counts.first_check, counts.first_check_overdue) == (1, 0)
    with on_day(D(2026, 10, 9)):
        assert case_counts(user=world.p.admin).first_check_overdue == 1
        objection_first_check(actor=world.p.admin, objection=waiting, accept=True)
    # Accepted on the 9th: due Monday the 12th (Saturday the 10th is a make-up working day,
    # so the two days are the 10th and the 12th).
    waiting.refresh_from_db()
    assert waiting.decision_due == D(2026, 10, 12)
    with on_day(D(2026, 10, 13)):
        assert case_counts(user=world.p.reviewer_a).objections_overdue == 1
        assert case_counts(user=world.p.submitter_b).objections_overdue == 0
        assert case_counts(user=world.p.admin).objections_overdue == 1
        assert case_counts(user=world.p.public).overdue == 0


def test_the_applicant_is_mailed_at_each_step_with_a_link(
    world: World, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        objection = file(world, base_url="https://credit.example.cn/")
    with django_capture_on_commit_callbacks(execute=True):
        objection_first_check(actor=world.p.admin, objection=objection, accept=True)
    with django_capture_on_commit_callbacks(execute=True):
        objection_extend(actor=world.p.reviewer_a, objection=objection, reason="需要核查")
    with django_capture_on_commit_callbacks(execute=True):
        objection_decide(
            actor=world.p.reviewer_a, objection=objection, outcome="upheld", reason="无误"
        )
    assert len(mail.outbox) == 4
    assert all(m.to == [world.applicant.email] for m in mail.outbox)
    assert f"https://credit.example.cn/objections/{objection.pk}/" in mail.outbox[0].body
    assert CaseEvent.objects.filter(objection=objection).count() == 4


@override_settings(SITE_URL="https://credit.hainan.gov.cn")
def test_site_url_wins_for_links_in_mail(
    world: World, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        objection = file(world, base_url="http://testserver/")
    assert f"https://credit.hainan.gov.cn/objections/{objection.pk}/" in mail.outbox[0].body
