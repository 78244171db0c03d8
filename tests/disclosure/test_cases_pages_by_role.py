"""Every objection and repair page walked as each role: anonymous, another user, the
applicant, a platform admin, the providing agency and another agency."""

from __future__ import annotations

import datetime

import pytest

from credit_platform.models import Role, User
from disclosure.models import Objection, RepairApplication
from disclosure.services.objections import objection_file, objection_first_check
from disclosure.services.repair import repair_apply, repair_platform_check
from tests.conftest import Personas, client_for, make_user
from tests.disclosure.cases import World, fast_passwords, on_day, pdf, png  # noqa: F401

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("fast_passwords", "calendar_2026"),
]

ROLES = ["anonymous", "other", "applicant", "admin", "agency", "agency_submitter", "other_agency"]


class Cases:
    def __init__(self, personas: Personas) -> None:
        self.world = World(personas, published_on=datetime.date(2026, 1, 5))
        w = self.world
        with on_day(datetime.date(2026, 9, 30)):
            self.objection = objection_file(
                applicant=w.applicant, record=w.record, grounds="wrong", description="有误",
                files=[pdf()],
            )  # fmt: skip
            self.repair = repair_apply(
                applicant=w.rep, record=w.record, description="已整改", letter=pdf(),
                letter_confirmed=True, files=[png()],
            )  # fmt: skip
        self.users: dict[str, User | None] = {
            "anonymous": None,
            "other": make_user("other-user"),
            "admin": personas.admin,
            "agency": personas.reviewer_a,
            "agency_submitter": personas.submitter_a,
            "other_agency": make_user("reviewer-b", Role.AGENCY_REVIEWER, personas.agency_b),
        }

    def walk(self, url: str, expected: dict[str, int], applicant: str, method: str = "get") -> None:
        users = {**self.users, "applicant": getattr(self.world, applicant)}
        for role in ROLES:
            response = getattr(client_for(users[role]), method)(url)
            assert response.status_code == expected[role], (url, role, response.status_code)


@pytest.fixture
def cases(personas: Personas) -> Cases:
    return Cases(personas)


CASE_PAGE = {
    "anonymous": 302,
    "other": 404,
    "applicant": 200,
    "admin": 200,
    "agency": 200,
    "agency_submitter": 200,
    "other_agency": 404,
}


def test_objection_case_page_and_evidence(cases: Cases) -> None:
    pk = cases.objection.pk
    cases.walk(f"/objections/{pk}/", CASE_PAGE, "applicant")
    evidence = cases.objection.evidence.get().pk
    cases.walk(f"/cases/evidence/{evidence}/", CASE_PAGE, "applicant")


def test_repair_case_page_letter_and_evidence(cases: Cases) -> None:
    pk = cases.repair.pk
    cases.walk(f"/repairs/{pk}/", CASE_PAGE, "rep")
    cases.walk(f"/repairs/{pk}/letter/", CASE_PAGE, "rep")
    evidence = cases.repair.evidence.get().pk
    cases.walk(f"/cases/evidence/{evidence}/", CASE_PAGE, "rep")


def test_filing_pages(cases: Cases) -> None:
    record = cases.world.record.pk
    anyone = {"anonymous": 302, **dict.fromkeys(ROLES[1:], 200)}
    cases.walk(f"/objections/new/{record}/", anyone, "applicant")
    rep_only = {"anonymous": 302, **dict.fromkeys(ROLES[1:], 404), "applicant": 200}
    cases.walk(f"/repairs/new/{record}/", rep_only, "rep")
    cases.walk("/objections/new/999999/", {**anyone, **dict.fromkeys(ROLES[1:], 404)}, "rep")


def test_a_natural_persons_record_is_not_shown_to_the_public_on_the_filing_page(
    cases: Cases,
) -> None:
    from credit_platform.models import Subject
    from tests.collection.factories import natural_person_row
    from tests.collection.helpers import submit_rows

    w = cases.world
    submit_rows(w.p.submitter_a, w.item, [natural_person_row(7)])
    record = w.item.records.get(subject__kind=Subject.Kind.NATURAL_PERSON)
    expected = {
        "anonymous": 302, "other": 404, "applicant": 404, "admin": 200, "agency": 200,
        "agency_submitter": 200, "other_agency": 200,
    }  # fmt: skip
    cases.walk(f"/objections/new/{record.pk}/", expected, "applicant")


def test_queues(cases: Cases) -> None:
    admin_only = {
        "anonymous": 302, "other": 403, "applicant": 403, "admin": 200, "agency": 403,
        "agency_submitter": 403, "other_agency": 403,
    }  # fmt: skip
    cases.walk("/manage/objections/", admin_only, "applicant")
    cases.walk("/manage/repairs/", admin_only, "rep")
    staff = {
        "anonymous": 302, "other": 403, "applicant": 403, "admin": 403, "agency": 200,
        "agency_submitter": 200, "other_agency": 200,
    }  # fmt: skip
    cases.walk("/agency/objections/", staff, "applicant")
    cases.walk("/agency/repairs/", staff, "rep")


def test_other_agencies_do_not_see_the_case_in_their_queue(cases: Cases) -> None:
    objection_first_check(actor=cases.world.p.admin, objection=cases.objection, accept=True)
    repair_platform_check(actor=cases.world.p.admin, application=cases.repair, accept=True)
    own = client_for(cases.users["agency"]).get("/agency/repairs/").content.decode()
    assert f"/repairs/{cases.repair.pk}/" in own
    mine = client_for(cases.users["agency"]).get("/agency/objections/").content.decode()
    theirs = client_for(cases.users["other_agency"]).get("/agency/objections/").content.decode()
    assert f"/objections/{cases.objection.pk}/" in mine
    assert f"/objections/{cases.objection.pk}/" not in theirs
    repairs = client_for(cases.users["other_agency"]).get("/agency/repairs/").content.decode()
    assert f"/repairs/{cases.repair.pk}/" not in repairs


def test_actions_are_posts_for_the_right_role_only(cases: Cases) -> None:
    pk = cases.objection.pk
    check = {
        "anonymous": 302, "other": 404, "applicant": 403, "admin": 302, "agency": 403,
        "agency_submitter": 403, "other_agency": 404,
    }  # fmt: skip
    # Without form data the admin's post is turned back to the case page with a message.
    cases.walk(f"/objections/{pk}/check/", check, "applicant", method="post")
    decide = {**check, "admin": 403, "agency": 302}
    cases.walk(f"/objections/{pk}/decide/", decide, "applicant", method="post")
    cases.walk(f"/objections/{pk}/extend/", decide, "applicant", method="post")
    cases.walk(f"/repairs/{cases.repair.pk}/check/", {**check, "applicant": 403}, "rep", "post")
    assert RepairApplication.objects.get().status == RepairApplication.Status.PLATFORM
    repair_platform_check(actor=cases.world.p.admin, application=cases.repair, accept=True)
    cases.walk(f"/repairs/{cases.repair.pk}/decide/", decide, "rep", method="post")
    assert Objection.objects.get(pk=pk).status == Objection.Status.FIRST_CHECK
    assert RepairApplication.objects.get().status == RepairApplication.Status.PENDING


def test_get_on_an_action_is_not_allowed(cases: Cases) -> None:
    client = client_for(cases.users["admin"])
    assert client.get(f"/objections/{cases.objection.pk}/check/").status_code == 405


def test_my_cases_lists_only_the_users_own_cases(cases: Cases) -> None:
    mine = client_for(cases.world.applicant).get("/my/cases/?page=x&rpage=9").content.decode()
    assert f"/objections/{cases.objection.pk}/" in mine
    assert f"/repairs/{cases.repair.pk}/" not in mine
    rep = client_for(cases.world.rep).get("/my/cases/").content.decode()
    assert f"/repairs/{cases.repair.pk}/" in rep
    assert f"/objections/{cases.objection.pk}/" not in rep
    assert client_for(None).get("/my/cases/").status_code == 302
