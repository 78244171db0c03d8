"""Authorisation codes: issued by a verified representative, checked, used, revoked, expired."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import timezone

from credit_platform.models import Representation
from credit_platform.services import ServiceError
from disclosure.models import Authorisation, Inquiry
from disclosure.selectors import authorisation_check
from disclosure.services import authorisation_issue, authorisation_revoke, authorisation_use
from tests.conftest import Personas, client_for
from tests.disclosure.factories import organisation, representative_of

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def _issue(**kwargs: object) -> tuple[Authorisation, str]:
    subject = organisation("海南椰风食品有限公司")
    issuer = representative_of(subject)
    defaults: dict[str, object] = {
        "subject": subject,
        "issuer": issuer,
        "grantee": "中国工商银行海口分行",
        "expires_at": timezone.now() + datetime.timedelta(days=30),
        "all_items": True,
    }
    return authorisation_issue(**(defaults | kwargs))  # type: ignore[arg-type]


def test_issue_returns_the_code_once_and_stores_only_its_hash() -> None:
    authorisation, code = _issue()
    assert len(code) == 19 and code.count("-") == 3
    assert code not in authorisation.code_hash
    assert authorisation.code_hint == code[-4:]


def test_check_accepts_the_code_however_it_is_typed() -> None:
    authorisation, code = _issue()
    subject = authorisation.subject
    assert authorisation_check(code, subject) == authorisation
    assert authorisation_check(code.lower().replace("-", ""), subject) == authorisation
    assert authorisation_check("AAAA-BBBB-CCCC-DDDD", subject) is None
    assert authorisation_check(code, organisation("三亚蓝湾旅游开发有限公司")) is None


def test_revoked_code_no_longer_checks_and_cannot_be_revoked_twice() -> None:
    authorisation, code = _issue()
    authorisation_revoke(authorisation=authorisation, actor=authorisation.issued_by)
    assert authorisation_check(code, authorisation.subject) is None
    with pytest.raises(ServiceError):
        authorisation_revoke(authorisation=authorisation, actor=authorisation.issued_by)


def test_code_expires_at_its_time() -> None:
    with time_machine.travel(NOW, tick=False):
        authorisation, code = _issue(expires_at=NOW + datetime.timedelta(days=7))
    with time_machine.travel(NOW + datetime.timedelta(days=7, seconds=-1), tick=False):
        assert authorisation_check(code, authorisation.subject) == authorisation
    with time_machine.travel(NOW + datetime.timedelta(days=7), tick=False):
        assert authorisation_check(code, authorisation.subject) is None
        with pytest.raises(ServiceError):
            authorisation_use(authorisation=authorisation, what="records")


def test_only_a_verified_representative_may_issue(personas: Personas) -> None:
    subject = organisation("海南椰风食品有限公司")
    with pytest.raises(ServiceError):
        _issue(subject=subject, issuer=personas.public)
    pending = representative_of(subject, "pending-rep")
    Representation.objects.filter(user=pending).update(status=Representation.Status.PENDING)
    with pytest.raises(ServiceError):
        _issue(subject=subject, issuer=pending)


def test_scope_must_be_all_or_known_authorised_items() -> None:
    with pytest.raises(ServiceError):
        _issue(all_items=False)
    with pytest.raises(ServiceError):
        _issue(all_items=False, item_codes=["no-such-item"])


def test_expiry_in_the_past_is_refused() -> None:
    with pytest.raises(ServiceError):
        _issue(expires_at=timezone.now() - datetime.timedelta(minutes=1))


def test_each_use_is_counted_and_logged_with_the_authorisation_as_proof(
    personas: Personas,
) -> None:
    authorisation, _code = _issue()
    inquiry = authorisation_use(authorisation=authorisation, what="records", viewer=personas.public)
    authorisation.refresh_from_db()
    assert authorisation.uses == 1
    assert inquiry.basis == Inquiry.Basis.AUTHORISED and inquiry.authorisation == authorisation


def test_issue_page_shows_the_code_once_and_the_list_only_its_end() -> None:
    subject = organisation("海南椰风食品有限公司")
    client = client_for(representative_of(subject))
    url = f"/subjects/{subject.pk}/authorisations/"
    expires = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    response = client.post(url, {"grantee": "某银行", "expires_on": expires, "scope": "all"})
    code = response.context["new_code"]
    assert code and code in response.content.decode()
    assert "no-store" in response.headers["Cache-Control"]
    again = client.get(url).content.decode()
    assert code not in again and code[-4:] in again


def test_revoke_page_revokes(personas: Personas) -> None:
    authorisation, code = _issue()
    client = client_for(authorisation.issued_by)
    url = f"/subjects/{authorisation.subject_id}/authorisations/{authorisation.pk}/revoke/"
    assert client_for(personas.public).post(url).status_code == 403
    assert client.post(url).status_code == 302
    assert authorisation_check(code, authorisation.subject) is None
