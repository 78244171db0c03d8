"""Credit repair: when it opens, what blocks it, who decides, and what approval does."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail

from catalogue.models import PolicySetting
from collection.models import CreditRecord, CreditRecordRevision
from credit_platform.models import AuditEvent, Role
from credit_platform.services import ServiceError
from disclosure.models import RepairApplication
from disclosure.selectors.objections import case_counts
from disclosure.selectors.repair import add_months, repair_opens_on, repair_periods
from disclosure.services.repair import repair_apply, repair_decide, repair_platform_check
from tests.conftest import Personas, client_for, make_user
from tests.disclosure.cases import World, english, fast_passwords, on_day, pdf, png  # noqa: F401

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("fast_passwords", "english", "calendar_2026"),
]
D = datetime.date
Capture = Callable[..., Any]
PUBLISHED = D(2026, 1, 5)


@pytest.fixture
def world(personas: Personas) -> World:
    return World(personas, published_on=PUBLISHED, decision_date=D(2025, 12, 20))


def apply(world: World, *, checked: bool = True, **kwargs: Any) -> RepairApplication:
    """File an application; ``checked``: the platform passes it to the agency the same day."""
    options = {
        "applicant": world.rep,
        "record": world.record,
        "description": "罚款已于2026年2月缴清，整改已完成。",
        "letter": pdf("承诺书.pdf"),
        "letter_confirmed": True,
        "files": [png("receipt.png")],
        **kwargs,
    }
    application = repair_apply(**options)
    if checked:
        base_url = kwargs.get("base_url", "")
        check = repair_platform_check
        application = check(
            actor=world.p.admin, application=application, accept=True, base_url=base_url
        )
    return application


def set_payload(record: CreditRecord, **fields: Any) -> None:
    CreditRecord.objects.filter(pk=record.pk).update(payload={**record.payload, **fields})
    record.refresh_from_db()


def test_periods_come_from_the_policy(world: World) -> None:
    periods = repair_periods()
    assert periods == {"general": 3, "serious": 12}  # the minor class has no minimum


def test_opening_date_by_class(world: World) -> None:
    record, periods = world.record, repair_periods()
    assert repair_opens_on(record, periods) == D(2026, 4, 5)
    record.disclosure_class = "serious"
    assert repair_opens_on(record, periods) == D(2027, 1, 5)
    record.disclosure_class = "minor"
    assert repair_opens_on(record, periods) is None
    record.disclosure_class = "none"
    assert repair_opens_on(record, periods) is None


def test_opening_date_counts_from_the_decision_date_when_the_policy_says_so(
    world: World,
) -> None:
    PolicySetting.objects.filter(key="disclosure_from_decision_date").update(value=1)
    assert repair_opens_on(world.record, repair_periods()) == D(2026, 3, 20)


def test_opening_dates_of_a_page_of_records_read_the_policy_once(
    world: World, django_assert_num_queries: Any
) -> None:
    periods = repair_periods()
    with django_assert_num_queries(0):
        for _ in range(5):
            repair_opens_on(world.record, periods)


def test_months_end_on_the_last_day_of_a_short_month() -> None:
    assert add_months(D(2026, 11, 30), 3) == D(2027, 2, 28)


def test_refused_before_the_minimum_period_and_the_page_shows_the_opening_date(
    world: World,
) -> None:
    with on_day(D(2026, 4, 3)):
        with pytest.raises(ServiceError, match="2026-04-05"):
            apply(world)
        response = client_for(world.rep).get(f"/repairs/new/{world.record.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "2026-04-05" in page
    assert 'name="letter"' not in page


def test_refused_while_a_restriction_runs(world: World) -> None:
    set_payload(world.record, valid_to="2026-10-31")
    with on_day(D(2026, 10, 30)), pytest.raises(ServiceError, match="2026-10-31"):
        apply(world)
    with on_day(D(2026, 11, 2)):
        assert apply(world).status == RepairApplication.Status.PENDING


def test_bankruptcy_fraud_waits_for_its_years(world: World) -> None:
    set_payload(world.record, bankruptcy_fraud=True)
    with on_day(D(2026, 10, 30)), pytest.raises(ServiceError, match="2029-01-05"):
        apply(world)
    with on_day(D(2029, 1, 8)):
        assert apply(world).is_open


def test_only_a_verified_representative_applies(world: World) -> None:
    with on_day(D(2026, 9, 30)):
        for user in (world.p.public, world.p.submitter_a, world.p.admin):
            with pytest.raises(ServiceError):
                apply(world, applicant=user)
            assert client_for(user).get(f"/repairs/new/{world.record.pk}/").status_code == 404


def test_the_letter_and_proof_are_required(world: World) -> None:
    with on_day(D(2026, 9, 30)):
        with pytest.raises(ServiceError):
            apply(world, letter=None)
        with pytest.raises(ServiceError):
            apply(world, letter_confirmed=False)
        with pytest.raises(ServiceError):
            apply(world, files=[])
        with pytest.raises(ServiceError):
            apply(world, letter=pdf("letter.txt"))


def test_one_open_application_per_record(world: World) -> None:
    with on_day(D(2026, 9, 30)):
        apply(world)
        with pytest.raises(ServiceError):
            apply(world)


def test_the_agency_deadline_skips_national_day(world: World) -> None:
    with on_day(D(2026, 9, 30)):
        application = apply(world)
    assert application.decision_due == D(2026, 10, 10)  # 8th, 9th and make-up Saturday 10th


@pytest.mark.parametrize("who", ["submitter_a", "submitter_b", "admin", "public"])
def test_only_a_reviewer_of_the_providing_agency_decides(world: World, who: str) -> None:
    with on_day(D(2026, 9, 30)):
        application = apply(world)
        with pytest.raises(ServiceError):
            repair_decide(actor=getattr(world.p, who), application=application, approve=True)
    other = make_user("reviewer-b", Role.AGENCY_REVIEWER, world.p.agency_b)
    with pytest.raises(ServiceError):
        repair_decide(actor=other, application=application, approve=True)


def test_approval_ends_the_display_and_keeps_the_history(world: World) -> None:
    with on_day(D(2026, 9, 30)):
        application = apply(world)
        repair_decide(actor=world.p.reviewer_a, application=application, approve=True)
    world.record.refresh_from_db()
    assert world.record.status == CreditRecord.Status.REPAIRED
    kept = CreditRecordRevision.objects.get(record=world.record, revision=1)
    assert kept.status == CreditRecord.Status.ACTIVE
    assert kept.payload == world.record.payload
    assert AuditEvent.objects.filter(action="repair.approved").exists()
    assert AuditEvent.objects.filter(action="record.repaired").exists()
    with pytest.raises(ServiceError, match="moved on"):
        repair_decide(actor=world.p.reviewer_a, application=application, approve=False, reason="x")


def test_refusal_needs_a_reason_and_leaves_the_record(world: World) -> None:
    with on_day(D(2026, 9, 30)):
        application = apply(world)
        with pytest.raises(ServiceError):
            repair_decide(actor=world.p.reviewer_a, application=application, approve=False)
        repair_decide(
            actor=world.p.reviewer_a, application=application, approve=False, reason="未缴清罚款"
        )
    world.record.refresh_from_db()
    application.refresh_from_db()
    assert world.record.status == CreditRecord.Status.ACTIVE
    assert application.status == RepairApplication.Status.REFUSED


def test_overdue_applications_stand_out_on_the_agency_home(world: World) -> None:
    with on_day(D(2026, 9, 30)):
        apply(world)
    with on_day(D(2026, 10, 10)):
        assert case_counts(user=world.p.reviewer_a).repairs_overdue == 0
    with on_day(D(2026, 10, 12)):
        assert case_counts(user=world.p.reviewer_a).repairs_overdue == 1
        assert case_counts(user=world.p.submitter_b).repairs_overdue == 0
        page = client_for(world.p.reviewer_a).get("/agency/").content.decode()
        assert 'id="cases-overdue"' in page
        admin_page = client_for(world.p.admin).get("/manage/").content.decode()
        assert 'id="cases-overdue"' in admin_page
    other_page = client_for(world.p.submitter_b).get("/agency/").content.decode()
    assert 'id="cases-overdue"' not in other_page


def test_the_applicant_is_mailed_on_filing_and_decision(
    world: World, django_capture_on_commit_callbacks: Capture
) -> None:
    with on_day(D(2026, 9, 30)):
        with django_capture_on_commit_callbacks(execute=True):
            application = apply(world, base_url="https://credit.example.cn")
        with django_capture_on_commit_callbacks(execute=True):
            repair_decide(
                actor=world.p.reviewer_a,
                application=application,
                approve=True,
                base_url="https://credit.example.cn",
            )
    # Filed, passed to the agency by the platform, decided.
    assert [m.to for m in mail.outbox] == [[world.rep.email]] * 3
    assert f"https://credit.example.cn/repairs/{application.pk}/" in mail.outbox[2].body


# The platform's answer (REFERENCE.md section 4: within 10 working days) ------------------


def test_the_platform_answers_first_within_its_working_days(world: World) -> None:
    with on_day(D(2026, 9, 30)):
        application = apply(world, checked=False)
    assert application.status == RepairApplication.Status.PLATFORM
    # National Day: October 1-7 off, Saturday the 10th a make-up working day.
    assert application.platform_due == D(2026, 10, 20) and application.decision_due is None
    assert application.due == application.platform_due
    with pytest.raises(ServiceError, match="moved on"):
        repair_decide(actor=world.p.reviewer_a, application=application, approve=True)
    with on_day(D(2026, 10, 19)):
        application = repair_platform_check(
            actor=world.p.admin, application=application, accept=True
        )
    # The agency's own deadline starts when it receives the application.
    assert application.status == RepairApplication.Status.PENDING
    assert application.decision_due == D(2026, 10, 22) and application.due == D(2026, 10, 22)
    assert AuditEvent.objects.filter(action="repair.accepted").exists()


@pytest.mark.parametrize("who", ["reviewer_a", "submitter_a", "approver", "public"])
def test_only_a_platform_admin_answers(world: World, who: str) -> None:
    with on_day(D(2026, 9, 30)):
        application = apply(world, checked=False)
        with pytest.raises(ServiceError, match="platform administrator"):
            repair_platform_check(actor=getattr(world.p, who), application=application, accept=True)


def test_the_platform_refuses_with_a_reason_and_the_subject_may_apply_again(
    world: World,
) -> None:
    with on_day(D(2026, 9, 30)):
        application = apply(world, checked=False)
        with pytest.raises(ServiceError, match="reason"):
            repair_platform_check(actor=world.p.admin, application=application, accept=False)
        refused = repair_platform_check(
            actor=world.p.admin, application=application, accept=False, reason="缺少缴款凭证"
        )
        assert refused.status == RepairApplication.Status.REFUSED and not refused.is_open
        assert refused.decided_by == world.p.admin and refused.reason == "缺少缴款凭证"
        world.record.refresh_from_db()
        assert world.record.status == CreditRecord.Status.ACTIVE
        again = apply(world, checked=False)  # the refused one no longer blocks the record
    assert again.status == RepairApplication.Status.PLATFORM


def test_overdue_platform_answers_stand_out_on_the_admin_home(world: World) -> None:
    with on_day(D(2026, 9, 30)):
        apply(world, checked=False)
    with on_day(D(2026, 10, 20)):
        counts = case_counts(user=world.p.admin)
        assert (counts.repair_checks, counts.repair_checks_overdue) == (1, 0)
    with on_day(D(2026, 10, 21)):
        assert case_counts(user=world.p.admin).repair_checks_overdue == 1
        assert case_counts(user=world.p.reviewer_a).overdue == 0  # not with the agency yet
        page = client_for(world.p.admin).get("/manage/").content.decode()
        assert 'id="cases-overdue"' in page and "/manage/repairs/" in page


def test_the_admin_answers_on_the_case_page(world: World) -> None:
    with on_day(D(2026, 9, 30)):
        application = apply(world, checked=False)
    admin = client_for(world.p.admin)
    queue = admin.get("/manage/repairs/").content.decode()
    assert f"/repairs/{application.pk}/" in queue
    assert (
        f'action="/repairs/{application.pk}/check/"'
        in admin.get(f"/repairs/{application.pk}/").content.decode()
    )
    assert client_for(world.p.reviewer_a).get("/manage/repairs/").status_code == 403
    reviewer_page = client_for(world.p.reviewer_a).get(f"/repairs/{application.pk}/")
    assert "/check/" not in reviewer_page.content.decode()
    assert (
        client_for(world.p.reviewer_a)
        .post(f"/repairs/{application.pk}/check/", {"action": "accept"})
        .status_code
        == 403
    )
    response = admin.post(f"/repairs/{application.pk}/check/", {"action": "refuse"})
    assert response.status_code == 302  # back to the case, the missing reason as a message
    application.refresh_from_db()
    assert application.status == RepairApplication.Status.PLATFORM
    admin.post(f"/repairs/{application.pk}/check/", {"action": "accept", "reason": ""})
    application.refresh_from_db()
    assert application.status == RepairApplication.Status.PENDING
    assert f"/repairs/{application.pk}/" in (
        client_for(world.p.reviewer_a).get("/agency/repairs/").content.decode()
    )
