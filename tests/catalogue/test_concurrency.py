"""Two approvers deciding at once: the version row lock lets exactly one of them succeed."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from catalogue import services
from catalogue.models import CatalogueVersion
from credit_platform.models import Role, User
from credit_platform.services import ServiceError
from tests.conftest import Personas, make_user


def _decide(approver: User, version_pk: int, barrier: threading.Barrier, out: list[str]) -> None:
    try:
        barrier.wait()
        version = CatalogueVersion.objects.get(pk=version_pk)
        services.version_approve(approver=approver, version=version)
        out.append("approved")
    except ServiceError:
        out.append("refused")
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_two_approvers_at_once_exactly_one_succeeds(
    personas: Personas, submitted: CatalogueVersion
) -> None:
    second = make_user("approver-2", Role.CATALOGUE_APPROVER)
    barrier = threading.Barrier(2)
    results: list[str] = []
    threads = [
        threading.Thread(target=_decide, args=(user, submitted.pk, barrier, results))
        for user in (personas.approver, second)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results) == ["approved", "refused"]
    assert submitted.transitions.filter(to_status="approved").count() == 1
