"""factory_boy factories for the shared core."""

from __future__ import annotations

import random

import factory
from stdnum.cn import ric, uscc

from credit_platform.identifiers import USCC_ALPHABET
from credit_platform.models import Agency, Subject, User
from credit_platform.search import tsvector_literal


def make_uscc(rng: random.Random | None = None, prefix: str = "91460100") -> str:
    rng = rng or random.Random()
    body = prefix + "".join(rng.choice(USCC_ALPHABET) for _ in range(17 - len(prefix)))
    return body + uscc.calc_check_digit(body)


def make_resident_id(area: str = "460105", birth: str = "19850612", seq: str = "123") -> str:
    body = area + birth + seq
    return body + ric.calc_check_digit(body + "0")


class AgencyFactory(factory.django.DjangoModelFactory[Agency]):
    class Meta:
        model = Agency
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"agency-{n}")
    name_zh = factory.Sequence(lambda n: f"测试机关{n}")
    name_en = factory.Sequence(lambda n: f"Test Agency {n}")
    level = Agency.Level.CITY


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("correct-horse-battery")


class SubjectFactory(factory.django.DjangoModelFactory[Subject]):
    class Meta:
        model = Subject

    kind = Subject.Kind.LEGAL_PERSON
    name = factory.Sequence(lambda n: f"海南测试{n}号有限公司")
    uscc = factory.LazyFunction(make_uscc)
    search_vector = factory.LazyAttribute(lambda o: tsvector_literal([o.name], [o.uscc]))
