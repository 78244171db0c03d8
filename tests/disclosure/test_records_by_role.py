"""The record, report and verification URLs walked as each role."""

from __future__ import annotations

import pytest

from credit_platform.models import Subject, User
from disclosure.models import CreditReport
from disclosure.services.reports import report_issue
from tests.conftest import Personas, client_for
from tests.disclosure.factories import natural_person, organisation, representative_of
from tests.disclosure.records import catalogue, record

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "public", "submitter_a", "reviewer_a", "approver", "admin", "rep"]


@pytest.fixture
def world(personas: Personas) -> dict[str, object]:
    cat = catalogue()
    subject = organisation("海南椰风食品有限公司")
    record(subject, cat.public, cat.agency, 1)
    rep = representative_of(subject)
    users: dict[str, User | None] = {**personas.by_name(), "rep": rep}
    return {
        "users": users,
        "subject": subject,
        "person": natural_person(),
        "public_report": report_issue(subject=subject, basis="public"),
        "own_report": report_issue(subject=subject, basis="own", viewer=rep),
    }


def _walk(
    world: dict[str, object], url: str, expected: dict[str, int], method: str = "get"
) -> None:
    users: dict[str, User | None] = world["users"]  # type: ignore[assignment]
    for role, status in expected.items():
        response = getattr(client_for(users[role]), method)(url)
        assert response.status_code == status, (url, role, response.status_code)


def test_records_api_is_open_to_everyone(world: dict[str, object]) -> None:
    subject: Subject = world["subject"]  # type: ignore[assignment]
    _walk(world, f"/api/v1/subjects/{subject.uscc}/records/", dict.fromkeys(ROLES, 200))
    person: Subject = world["person"]  # type: ignore[assignment]
    _walk(world, f"/api/v1/subjects/{person.pk}/records/", dict.fromkeys(ROLES, 404))


def test_anyone_issues_a_report_of_an_organisation(world: dict[str, object]) -> None:
    subject: Subject = world["subject"]  # type: ignore[assignment]
    _walk(world, f"/subjects/{subject.pk}/report/", dict.fromkeys(ROLES, 302), method="post")
    _walk(world, f"/subjects/{subject.pk}/report/", dict.fromkeys(ROLES, 405))


def test_nobody_issues_a_report_of_a_natural_person(world: dict[str, object]) -> None:
    person: Subject = world["person"]  # type: ignore[assignment]
    _walk(world, f"/subjects/{person.pk}/report/", dict.fromkeys(ROLES, 404), method="post")


def test_public_reports_and_verification_are_open(world: dict[str, object]) -> None:
    report: CreditReport = world["public_report"]  # type: ignore[assignment]
    own: CreditReport = world["own_report"]  # type: ignore[assignment]
    for url in (
        f"/reports/{report.number}/",
        f"/reports/{report.number}/pdf/",
        f"/reports/verify/{report.number}/",
        f"/reports/verify/{own.number}/",
        "/reports/verify/",
        "/inquiry/authorised/",
    ):
        _walk(world, url, dict.fromkeys(ROLES, 200))


def test_the_own_report_is_for_the_subject_only(world: dict[str, object]) -> None:
    own: CreditReport = world["own_report"]  # type: ignore[assignment]
    expected = {**dict.fromkeys(ROLES, 404), "rep": 200}
    _walk(world, f"/reports/{own.number}/", expected)
    _walk(world, f"/reports/{own.number}/pdf/", expected)
