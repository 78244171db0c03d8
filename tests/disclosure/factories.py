"""Factories for disclosure tests: subjects of every kind and verified representatives."""

from __future__ import annotations

import factory

from credit_platform.models import Representation, Subject, User
from credit_platform.search import tsvector_literal
from tests.factories import SubjectFactory, UserFactory, make_resident_id, make_uscc


def organisation(name: str, former_names: list[str] | None = None, **kwargs: object) -> Subject:
    """An organisation whose stored search vector is written like subject_resolve writes it."""
    code = str(kwargs.pop("uscc", None) or make_uscc())
    former = former_names or []
    return SubjectFactory.create(
        name=name,
        uscc=code,
        former_names=former,
        search_vector=tsvector_literal([name, *former], [code]),
        **kwargs,
    )


def natural_person(name: str = "王海南", seq: str = "123") -> Subject:
    return SubjectFactory.create(
        kind=Subject.Kind.NATURAL_PERSON,
        name=name,
        uscc=None,
        id_type=Subject.IdType.RESIDENT_ID,
        id_number=make_resident_id(seq=seq),
        search_vector=tsvector_literal([name]),
    )


class RepresentationFactory(factory.django.DjangoModelFactory[Representation]):
    class Meta:
        model = Representation

    user = factory.SubFactory(UserFactory)
    subject = factory.SubFactory(SubjectFactory)
    status = Representation.Status.VERIFIED
    legal_representative = "张三"
    letter = factory.django.FileField(filename="letter.pdf", data=b"%PDF-1.4")


def representative_of(subject: Subject, username: str | None = None) -> User:
    user = UserFactory.create(**({"username": username} if username else {}))
    RepresentationFactory.create(user=user, subject=subject)
    return user
