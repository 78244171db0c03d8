"""Every commitments URL walked as each role, so a page without its check fails here."""

from __future__ import annotations

import pytest

from commitments.models import SelfDisclosure
from commitments.services import self_disclosure_publish
from credit_platform.models import Representation
from tests.commitments.conftest import World
from tests.commitments.factories import pdf, sign
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

ROLES = (
    "anonymous",
    "public",
    "submitter_a",
    "reviewer_a",
    "submitter_b",
    "approver",
    "admin",
    "representative",
)


def table(**statuses: int) -> dict[str, int]:
    """Expected status per role: `default` for every role not named."""
    default = statuses.pop("default")
    return {role: statuses.get(role, default) for role in ROLES}


@pytest.fixture
def objects(world: World) -> dict[str, int]:
    commitment = sign(world.representative, world.subject, world.template)
    disclosure = self_disclosure_publish(
        actor=world.representative,
        subject=world.subject,
        category="social_welfare",
        title="捐赠",
        payload={"kind": "donation", "date": "2026-01-01", "description": "捐款"},
        authenticity_confirmed=True,
        files=[pdf("proof.pdf")],
    )
    hidden = SelfDisclosure.objects.create(
        subject=world.subject,
        category="social_welfare",
        title="隐藏",
        payload={"kind": "award"},
        authenticity_confirmed=True,
        authenticity_text="x",
        published_by=world.representative,
        published_at=disclosure.published_at,
        hidden=True,
    )
    claim = Representation.objects.create(
        user=world.personas.public,
        subject=world.subject,
        legal_representative="李四",
        letter=pdf(),
    )
    return {
        "commitment": commitment.pk,
        "subject": world.subject.pk,
        "disclosure": disclosure.pk,
        "hidden": hidden.pk,
        "attachment": disclosure.attachments.get().pk,
        "claim": claim.pk,
        "template": world.template.pk,
    }


GET_PAGES = [
    ("/commitments/", table(default=200)),
    ("/commitments/{commitment}/", table(default=200)),
    ("/commitments/subjects/{subject}/", table(default=200)),
    ("/commitments/disclosures/{disclosure}/", table(default=200)),
    (
        "/commitments/disclosures/{hidden}/",
        table(default=404, admin=200, representative=200),
    ),
    ("/commitments/attachments/{attachment}/", table(default=200)),
    ("/commitments/represent/", table(default=200, anonymous=302)),
    ("/commitments/represent/claim/", table(default=200, anonymous=302)),
    (
        "/commitments/represent/{claim}/letter/",
        table(default=404, anonymous=302, public=200, admin=200),
    ),
    (
        "/commitments/subjects/{subject}/sign/",
        table(default=403, anonymous=302, representative=200),
    ),
    (
        "/commitments/subjects/{subject}/disclose/",
        table(default=403, anonymous=302, representative=200),
    ),
    (
        "/commitments/agency/",
        table(default=403, anonymous=302, submitter_a=200, reviewer_a=200, submitter_b=200),
    ),
    ("/commitments/manage/representatives/", table(default=403, anonymous=302, admin=200)),
    ("/commitments/manage/templates/", table(default=403, anonymous=302, admin=200)),
    ("/commitments/manage/templates/new/", table(default=403, anonymous=302, admin=200)),
    (
        "/commitments/manage/templates/{template}/edit/",
        table(default=403, anonymous=302, admin=200),
    ),
    ("/api/v1/commitments/", table(default=200)),
    ("/api/v1/commitments/{commitment}/", table(default=200)),
]

# POST pages: the access decision is what is checked here; the effects are tested elsewhere.
POST_PAGES = [
    (
        "/commitments/{commitment}/withdraw/",
        table(default=403, anonymous=302, representative=302),
    ),
    (
        "/commitments/{commitment}/decide/",
        table(default=403, anonymous=302, submitter_a=302, reviewer_a=302),
    ),
    (
        "/commitments/disclosures/{disclosure}/withdraw/",
        table(default=403, anonymous=302, representative=302),
    ),
    (
        "/commitments/disclosures/{hidden}/withdraw/",
        table(default=404, anonymous=302, admin=403, representative=302),
    ),
    (
        "/commitments/disclosures/{disclosure}/visibility/",
        table(default=403, anonymous=302, representative=302),
    ),
    (
        "/commitments/manage/representatives/{claim}/refuse/",
        table(default=403, anonymous=302, admin=302),
    ),
    (
        "/commitments/manage/templates/{template}/deactivate/",
        table(default=403, anonymous=302, admin=302),
    ),
    (
        "/api/v1/commitments/{commitment}/withdraw/",
        table(default=403, anonymous=401, representative=200),
    ),
]


@pytest.mark.parametrize(("url", "expected"), GET_PAGES)
def test_commitments_get_urls_by_role(
    world: World, objects: dict[str, int], url: str, expected: dict[str, int]
) -> None:
    users = world.by_name()
    for role, status in expected.items():
        response = client_for(users[role]).get(url.format(**objects))
        assert response.status_code == status, (url, role, response.status_code)


@pytest.mark.parametrize(("url", "expected"), POST_PAGES)
def test_commitments_post_urls_by_role(
    world: World, objects: dict[str, int], url: str, expected: dict[str, int]
) -> None:
    users = world.by_name()
    for role, status in expected.items():
        # No reason is sent, so decisions that need one only answer with a message; a
        # withdrawal or deactivation does happen, by the last permitted role of the walk.
        response = client_for(users[role]).post(url.format(**objects), {"action": "none"})
        assert response.status_code == status, (url, role, response.status_code)
