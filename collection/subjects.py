"""Resolve the subjects of a chunk of rows in bulk: one query for known, one insert for new."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from credit_platform.models import Subject
from credit_platform.search import tsvector_literal
from credit_platform.services import ServiceError, subject_resolve

# ("u", uscc) for organisations and individual businesses, ("p", id_type, id_number) for people.
SubjectKey = tuple[str, ...]
# The fields of a row that name its subject; pages show the subject once, above its records.
SUBJECT_FIELDS = frozenset(
    {"subject_name", "subject_kind", "subject_uscc", "subject_id_type", "subject_id_number"}
)
# GB 32100: "92" is an individual business registered by market regulation.
INDIVIDUAL_BUSINESS_PREFIX = "92"


@dataclass(frozen=True, slots=True)
class Wanted:
    key: SubjectKey
    kind: str
    name: str


class SubjectProblem(ValueError):
    def __init__(self, code: str, zh: str, en: str) -> None:
        super().__init__(en)
        self.code, self.zh, self.en = code, zh, en


def wanted_subject(values: Mapping[str, Any]) -> Wanted:
    """Which subject a validated row names, or a SubjectProblem."""
    name = str(values.get("subject_name") or "").strip()
    uscc = values.get("subject_uscc")
    id_number = values.get("subject_id_number")
    id_type = str(values.get("subject_id_type") or "")
    kind = str(values.get("subject_kind") or "")
    if not kind:
        if uscc:
            is_individual = str(uscc).startswith(INDIVIDUAL_BUSINESS_PREFIX)
            kind = "individual_business" if is_individual else "legal_person"
        else:
            kind = "natural_person"
    if not name:
        raise SubjectProblem("subject_name", "缺少主体名称", "the subject's name is missing")
    if kind == Subject.Kind.NATURAL_PERSON:
        if not id_number:
            raise SubjectProblem(
                "subject_id",
                "自然人须填写证件类型和证件号码",
                "a natural person needs an identity document type and number",
            )
        return Wanted(("p", id_type or Subject.IdType.RESIDENT_ID, str(id_number)), kind, name)
    if not uscc:
        raise SubjectProblem(
            "subject_uscc",
            "法人和其他组织须填写统一社会信用代码",
            "an organisation needs its unified social credit code",
        )
    return Wanted(("u", str(uscc)), kind, name)


def _key(subject: Subject) -> SubjectKey:
    if subject.uscc:
        return ("u", subject.uscc)
    return ("p", subject.id_type, subject.id_number or "")


class SubjectCache:
    """Subject ids by code for one submission; new subjects are created in bulk per chunk."""

    def __init__(self) -> None:
        self.ids: dict[SubjectKey, int] = {}
        self.names: dict[SubjectKey, str] = {}

    def resolve(self, wanted: Iterable[Wanted]) -> dict[SubjectKey, int]:
        by_key = {w.key: w for w in wanted}
        missing = [w for key, w in by_key.items() if key not in self.ids]
        if missing:
            self._load(missing)
            new = [w for w in missing if w.key not in self.ids]
            if new:
                Subject.objects.bulk_create([_new_subject(w) for w in new], ignore_conflicts=True)
                self._load(new)
        for key, w in by_key.items():
            if key in self.names and self.names[key] != w.name:
                self._rename(w)
        return {key: self.ids[key] for key in by_key}

    def _load(self, wanted: list[Wanted]) -> None:
        usccs = [w.key[1] for w in wanted if w.key[0] == "u"]
        numbers = [w.key[2] for w in wanted if w.key[0] == "p"]
        found = Subject.objects.none()
        if usccs:
            found = found | Subject.objects.filter(uscc__in=usccs)
        if numbers:
            found = found | Subject.objects.filter(id_number__in=numbers)
        for subject in found.only("id", "uscc", "id_type", "id_number", "name"):
            self.ids[_key(subject)] = subject.pk
            self.names[_key(subject)] = subject.name

    def _rename(self, wanted: Wanted) -> None:
        # Rare: the service keeps the old name as a former name and rebuilds the search vector.
        kind, code = wanted.key[0], wanted.key[1:]
        try:
            if kind == "u":
                subject_resolve(kind=wanted.kind, name=wanted.name, uscc=code[0])
            else:
                subject_resolve(
                    kind=wanted.kind, name=wanted.name, id_type=code[0], id_number=code[1]
                )
        except ServiceError:
            return
        self.names[wanted.key] = wanted.name


def _new_subject(wanted: Wanted) -> Subject:
    if wanted.key[0] == "u":
        return Subject(
            kind=wanted.kind,
            name=wanted.name,
            uscc=wanted.key[1],
            search_vector=tsvector_literal([wanted.name], [wanted.key[1]]),
        )
    return Subject(
        kind=wanted.kind,
        name=wanted.name,
        id_type=wanted.key[1],
        id_number=wanted.key[2],
        search_vector=tsvector_literal([wanted.name]),
    )
