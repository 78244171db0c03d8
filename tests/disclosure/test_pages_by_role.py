"""Every disclosure URL walked as each role, plus the subject's verified representative."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from credit_platform.models import User
from disclosure.models import CalendarDay
from disclosure.services import authorisation_issue
from tests.conftest import Personas, client_for
from tests.disclosure.factories import natural_person, organisation, representative_of

pytestmark = pytest.mark.django_db

ALL_200 = dict.fromkeys(
    ["anonymous", "public", "submitter_a", "reviewer_a", "submitter_b", "approver", "admin", "rep"],
    200,
)
REP_ONLY = {
    "anonymous": 302,
    "public": 403,
    "submitter_a": 403,
    "reviewer_a": 403,
    "submitter_b": 403,
    "approver": 403,
    "admin": 403,
    "rep": 200,
}
ADMIN_ONLY = {
    "anonymous": 302,
    "public": 403,
    "submitter_a": 403,
    "submitter_b": 403,
    "approver": 403,
    "admin": 200,
    "rep": 403,
}
NATURAL_PERSON = {
    "anonymous": 404,
    "public": 404,
    "submitter_a": 200,  # the purpose form
    "submitter_b": 200,
    "approver": 404,
    "admin": 404,
    "rep": 404,
}


@pytest.fixture
def world(personas: Personas) -> dict[str, object]:
    subject = organisation("海南椰风食品有限公司")
    rep = representative_of(subject)
    authorisation, _code = authorisation_issue(
        subject=subject,
        issuer=rep,
        grantee="某银行",
        expires_at=timezone.now() + datetime.timedelta(days=5),
        all_items=True,
    )
    day = CalendarDay.objects.create(date=datetime.date(2030, 1, 1), kind="holiday", name_zh="元旦")
    users: dict[str, User | None] = {**personas.by_name(), "rep": rep}
    return {
        "users": users,
        "subject": subject,
        "person": natural_person(),
        "authorisation": authorisation,
        "day": day,
    }


def _walk(
    world: dict[str, object], url: str, expected: dict[str, int], method: str = "get"
) -> None:
    users: dict[str, User | None] = world["users"]  # type: ignore[assignment]
    for role, status in expected.items():
        response = getattr(client_for(users[role]), method)(url)
        assert response.status_code == status, (url, role, response.status_code)


def test_search_pages_and_api_are_open_to_everyone(world: dict[str, object]) -> None:
    _walk(world, "/search/", ALL_200)
    _walk(world, "/search/?q=%E6%A4%B0%E9%A3%8E", ALL_200)
    _walk(world, "/api/v1/subjects/?q=%E6%A4%B0%E9%A3%8E", ALL_200)


def test_organisation_profile_and_api_are_public(world: dict[str, object]) -> None:
    subject = world["subject"]
    _walk(world, f"/subjects/{subject.pk}/", ALL_200)  # type: ignore[attr-defined]
    _walk(world, f"/api/v1/subjects/{subject.uscc}/", ALL_200)  # type: ignore[attr-defined]


def test_natural_person_profile_is_for_government_staff_only(world: dict[str, object]) -> None:
    _walk(world, f"/subjects/{world['person'].pk}/", NATURAL_PERSON)  # type: ignore[attr-defined]


def test_representative_pages(world: dict[str, object]) -> None:
    subject_id = world["subject"].pk  # type: ignore[attr-defined]
    _walk(world, f"/subjects/{subject_id}/inquiries/", REP_ONLY)
    _walk(world, f"/subjects/{subject_id}/authorisations/", REP_ONLY)


def test_representative_pages_of_a_natural_person_are_404_to_the_public(
    world: dict[str, object],
) -> None:
    person_id = world["person"].pk  # type: ignore[attr-defined]
    expected = {"anonymous": 302, "public": 404, "submitter_a": 403, "admin": 404}
    _walk(world, f"/subjects/{person_id}/inquiries/", expected)


def test_revoke_is_a_post_for_the_representative_only(world: dict[str, object]) -> None:
    subject_id = world["subject"].pk  # type: ignore[attr-defined]
    url = f"/subjects/{subject_id}/authorisations/{world['authorisation'].pk}/revoke/"  # type: ignore[attr-defined]
    expected = {**{k: v for k, v in REP_ONLY.items() if k != "rep"}, "rep": 302}
    _walk(world, url, expected, method="post")


def test_calendar_pages_are_for_platform_admins(world: dict[str, object]) -> None:
    _walk(world, "/manage/calendar/", ADMIN_ONLY)
    delete_url = f"/manage/calendar/{world['day'].pk}/delete/"  # type: ignore[attr-defined]
    denied = {k: v for k, v in ADMIN_ONLY.items() if k != "admin"}
    _walk(world, delete_url, denied, method="post")
    _walk(world, delete_url, {"admin": 302}, method="post")
