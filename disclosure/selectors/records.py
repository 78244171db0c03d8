"""The disclosure rule: which records of a subject a viewer sees, and how their fields read.

Every page, report and API that shows records goes through ``visible_records`` and
``record_views``; nothing else decides visibility or masking.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from catalogue.models import CatalogueItem, CatalogueVersion, FieldSpec
from collection.models import CreditRecord
from collection.subjects import SUBJECT_FIELDS
from credit_platform.models import Subject
from disclosure.models import Authorisation, Inquiry
from disclosure.selectors.access import mask_id_number
from disclosure.selectors.repair import repair_opens_on, repair_periods

Level = CatalogueItem.DisclosureLevel
Basis = Inquiry.Basis
T = FieldSpec.Type

# Catalogue levels each basis opens; authorised items further need the code to cover them.
LEVELS: dict[str, tuple[str, ...]] = {
    Basis.PUBLIC: (Level.PUBLIC,),
    Basis.AUTHORISED: (Level.PUBLIC, Level.AUTHORISED),
    Basis.OWN: (Level.PUBLIC, Level.AUTHORISED),
    Basis.GOVERNMENT: (Level.PUBLIC, Level.AUTHORISED, Level.GOVERNMENT),
}
CATEGORY_ORDER = {value: index for index, value in enumerate(CatalogueItem.Category.values)}


@dataclass(frozen=True)
class Viewer:
    """On what basis someone looks at a subject's records."""

    basis: str
    authorisation: Authorisation | None = None

    @property
    def sees_sensitive(self) -> bool:
        """Only the subject itself and government sharing see sensitive fields whole."""
        return self.basis in (Basis.OWN, Basis.GOVERNMENT)


PUBLIC_VIEWER = Viewer(basis=Basis.PUBLIC)


@dataclass(frozen=True)
class RecordView:
    id: int
    item_code: str
    item_name: str
    category: str
    category_label: str
    disclosure_level: str
    disclosure_level_label: str
    source_key: str
    fields: tuple[tuple[str, str], ...]
    decision_date: datetime.date | None
    published_on: datetime.date
    display_until: datetime.date | None
    disclosure_class: str
    disclosure_class_label: str
    under_objection: bool
    repair_opens_on: datetime.date | None


@dataclass(frozen=True)
class RecordGroup:
    category: str
    label: str
    records: tuple[RecordView, ...]


# --- Which records --------------------------------------------------------------------------


def _level_rule(viewer: Viewer) -> Q:
    rule = Q(level=Level.PUBLIC)
    if Level.AUTHORISED in LEVELS.get(viewer.basis, ()):
        authorised = Q(level=Level.AUTHORISED)
        grant = viewer.authorisation
        if viewer.basis == Basis.AUTHORISED:
            if grant is None:
                authorised = Q(pk__in=[])
            elif not grant.all_items:
                authorised &= Q(item_code__in=grant.item_codes)
        rule |= authorised
    if Level.GOVERNMENT in LEVELS.get(viewer.basis, ()):
        rule |= Q(level=Level.GOVERNMENT)
    return rule


def visible_records(
    *, subject: Subject, viewer: Viewer, today: datetime.date | None = None
) -> QuerySet[CreditRecord]:
    """Active records inside their disclosure window whose item's level is open to the viewer.

    The level is the published catalogue's (an item may change level in a new version); a
    record of an item no longer published keeps its own version's level. The window is
    checked here, not left to the nightly expiry task, so a record past its end is hidden
    even before the task has run.
    """
    today = today or timezone.localdate()
    published_level = CatalogueItem.objects.filter(
        version__status=CatalogueVersion.Status.PUBLISHED, code=OuterRef("item_code")
    ).values("disclosure_level")[:1]
    level = Subquery(published_level)
    return (
        CreditRecord.objects.filter(
            subject=subject, status=CreditRecord.Status.ACTIVE, published_on__lte=today
        )
        .filter(Q(display_until__isnull=True) | Q(display_until__gte=today))
        .annotate(level=Coalesce(level, F("item__disclosure_level")))
        .filter(_level_rule(viewer))
        .select_related("item")
    )


# --- How they read --------------------------------------------------------------------------


def _english() -> bool:
    return (get_language() or "zh-hans").startswith("en")


def _choice_labels(spec: FieldSpec) -> dict[str, str]:
    key = "label_en" if _english() else "label_zh"
    return {
        str(c["code"]): str(c.get(key) or c.get("label_zh") or c["code"])
        for c in spec.choices or []
    }


def _display(spec: FieldSpec, value: Any) -> str:
    if spec.type == T.ENUM:
        return _choice_labels(spec).get(str(value), str(value))
    if spec.type == T.MULTI_ENUM:
        labels = _choice_labels(spec)
        codes = value if isinstance(value, list) else [value]
        return (", " if _english() else "、").join(labels.get(str(c), str(c)) for c in codes)
    if spec.type == T.BOOLEAN:
        return _("Yes") if value is True else _("No")
    return str(value)


_PHONE = re.compile(r"^\+?[\d\s-]{7,20}$")


def mask_value(spec_type: str, text: str) -> str:
    """A sensitive value as the public sees it: enough to tell values apart, never whole."""
    if spec_type in (T.RESIDENT_ID, T.USCC):
        return mask_id_number(text)
    if spec_type == T.STRING and _PHONE.match(text):
        return text[:3] + "*" * max(len(text) - 7, 1) + text[-4:]
    if spec_type == T.STRING and len(text) <= 4:
        # A personal name: the surname stays, as on court and penalty notices.
        return text[:1] + "*" * max(len(text) - 1, 1)
    return _("(withheld)")


def _fields(
    specs: Sequence[FieldSpec], payload: Mapping[str, Any], viewer: Viewer
) -> tuple[tuple[str, str], ...]:
    shown = []
    for spec in specs:
        if spec.name in SUBJECT_FIELDS:
            continue  # the profile and the report show the subject once, in their header
        value = payload.get(spec.name)
        if value in (None, "", []):
            continue
        text = _display(spec, value)
        if spec.sensitive and not viewer.sees_sensitive:
            text = mask_value(spec.type, text)
        shown.append((spec.label, text))
    return tuple(shown)


Definition = tuple[str, str, str, list[FieldSpec]]


def _definitions(records: Sequence[CreditRecord]) -> dict[str, Definition]:
    """Item code -> (name, category, level, fields) from the published catalogue; two queries,
    plus one for records of items the published catalogue no longer holds."""
    codes = {r.item_code for r in records}
    published = CatalogueItem.objects.filter(
        version__status=CatalogueVersion.Status.PUBLISHED, code__in=codes
    ).prefetch_related("fields")
    found = {
        i.code: (i.name, i.category, i.disclosure_level, list(i.fields.all())) for i in published
    }
    orphans = {r.item_id: r.item for r in records if r.item_code not in found}
    if orphans:
        specs: dict[int, list[FieldSpec]] = defaultdict(list)
        for spec in FieldSpec.objects.filter(item_id__in=orphans).order_by("order", "id"):
            specs[spec.item_id].append(spec)
        for item_id, item in orphans.items():
            found.setdefault(
                item.code, (item.name, item.category, item.disclosure_level, specs[item_id])
            )
    return found


def record_views(records: Iterable[CreditRecord], *, viewer: Viewer) -> list[RecordView]:
    """Records as a viewer sees them, in the given order; a fixed number of queries."""
    rows = list(records)
    if not rows:
        return []
    definitions = _definitions(rows)
    periods = repair_periods()
    classes = dict(CatalogueItem.DisclosureClass.choices)
    categories = dict(CatalogueItem.Category.choices)
    levels = dict(Level.choices)
    views = []
    for r in rows:
        name, category, level, specs = definitions[r.item_code]
        views.append(
            RecordView(
                id=r.pk,
                item_code=r.item_code,
                item_name=name,
                category=category,
                category_label=str(categories.get(category, category)),
                disclosure_level=level,
                disclosure_level_label=str(levels.get(level, level)),
                source_key=r.source_key,
                fields=_fields(specs, r.payload, viewer),
                decision_date=r.decision_date,
                published_on=r.published_on,
                display_until=r.display_until,
                disclosure_class=r.disclosure_class,
                disclosure_class_label=str(classes.get(r.disclosure_class, r.disclosure_class)),
                under_objection=r.under_objection,
                repair_opens_on=repair_opens_on(r, periods),
            )
        )
    return views


def records_by_category(
    *, subject: Subject, viewer: Viewer, today: datetime.date | None = None
) -> list[RecordGroup]:
    """The records a viewer sees, grouped by catalogue category, newest first in each."""
    records = visible_records(subject=subject, viewer=viewer, today=today).order_by(
        "item__order", "item_code", "-published_on", "-id"
    )
    grouped: dict[str, list[RecordView]] = defaultdict(list)
    for view in record_views(records, viewer=viewer):
        grouped[view.category].append(view)
    return [
        RecordGroup(category=c, label=views[0].category_label, records=tuple(views))
        for c, views in sorted(grouped.items(), key=lambda kv: CATEGORY_ORDER.get(kv[0], 99))
    ]


def authorised_item_codes(groups: Iterable[RecordGroup]) -> list[str]:
    """Codes of the authorised-inquiry items among shown records (the proof's scope)."""
    return sorted(
        {v.item_code for g in groups for v in g.records if v.disclosure_level == Level.AUTHORISED}
    )
