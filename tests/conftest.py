"""Fixed personas for permission tests, shared by every test folder."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.test import Client

from credit_platform import throttling
from credit_platform.models import Agency, Role, User
from credit_platform.services import user_set_agency, user_set_roles
from tests.factories import AgencyFactory, UserFactory


def pytest_configure(config: pytest.Config) -> None:
    # Tests run in production mode, but without a collectstatic step before them.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = True
    # A deliberately slow hash costs ~0.4 s per user made; tests make thousands.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_throttle() -> Iterator[None]:
    # The test client always comes from 127.0.0.1; each test starts with a full allowance.
    throttling.reset("127.0.0.1")
    yield
    throttling.reset("127.0.0.1")


@dataclass
class Personas:
    agency_a: Agency
    agency_b: Agency
    public: User
    submitter_a: User
    reviewer_a: User
    submitter_b: User
    approver: User
    admin: User

    def by_name(self) -> dict[str, User | None]:
        return {
            "anonymous": None,
            "public": self.public,
            "submitter_a": self.submitter_a,
            "reviewer_a": self.reviewer_a,
            "submitter_b": self.submitter_b,
            "approver": self.approver,
            "admin": self.admin,
        }


def make_user(username: str, role: Role | None = None, agency: Agency | None = None) -> User:
    user = UserFactory.create(username=username)
    user_set_roles(user=user, roles=[role] if role else [])
    user_set_agency(user=user, agency=agency)
    return user


@pytest.fixture
def personas(db: None) -> Personas:
    agency_a = AgencyFactory.create(code="agency-a", name_zh="甲机关", name_en="Agency A")
    agency_b = AgencyFactory.create(code="agency-b", name_zh="乙机关", name_en="Agency B")
    admin = make_user("admin-p", Role.PLATFORM_ADMIN)
    admin.is_staff = True
    admin.save(update_fields=["is_staff"])
    return Personas(
        agency_a=agency_a,
        agency_b=agency_b,
        public=make_user("public-p"),
        submitter_a=make_user("submitter-a", Role.AGENCY_SUBMITTER, agency_a),
        reviewer_a=make_user("reviewer-a", Role.AGENCY_REVIEWER, agency_a),
        submitter_b=make_user("submitter-b", Role.AGENCY_SUBMITTER, agency_b),
        approver=make_user("approver-p", Role.CATALOGUE_APPROVER),
        admin=admin,
    )


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client
