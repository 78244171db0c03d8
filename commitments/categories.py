"""The structured fields of a self-disclosure, per category (Article 13's four kinds)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Field:
    name: str
    label: str | Promise
    type: str = "text"  # text, longtext, date, amount, choice
    required: bool = True
    choices: tuple[tuple[str, str | Promise], ...] = ()


WELFARE_KINDS: tuple[tuple[str, str | Promise], ...] = (
    ("award", _("Award or honour")),
    ("donation", _("Donation")),
    ("volunteering", _("Volunteering")),
    ("other", _("Other")),
)
# The kinds of social welfare information a subject may keep off its public profile.
HIDEABLE_WELFARE_KINDS = ("award", "donation")

FIELDS: dict[str, tuple[Field, ...]] = {
    "registration": (
        Field("registered_address", _("Registered address")),
        Field("established_on", _("Date of establishment"), "date"),
        Field("registered_capital", _("Registered capital (10,000 yuan)"), "amount", False),
        Field("business_scope", _("Business scope"), "longtext"),
    ),
    "production_operation": (
        Field("main_products", _("Main products or services"), "longtext"),
        Field("annual_revenue", _("Annual revenue (10,000 yuan)"), "amount", False),
        Field(
            "certifications", _("Quality, safety or environmental certifications"), "text", False
        ),
    ),
    "contract_performance": (
        Field("counterparty", _("Counterparty")),
        Field("contract_subject", _("Subject of the contract")),
        Field("amount", _("Contract amount (10,000 yuan)"), "amount", False),
        Field("performance", _("How the contract was performed"), "longtext"),
    ),
    "social_welfare": (
        Field("kind", _("Kind"), "choice", choices=WELFARE_KINDS),
        Field("date", _("Date"), "date"),
        Field("description", _("Description"), "longtext"),
        Field("amount", _("Amount (10,000 yuan)"), "amount", False),
    ),
}

AUTHENTICITY_TEXT = (
    "本主体承诺所公示的信息真实、准确、完整，如有虚假，愿意承担相应法律责任，"
    "并接受将其记入信用记录。\n"
    "The subject commits that the information disclosed is true, accurate and complete; "
    "it accepts the legal consequences of any falsehood and its entry in the credit record."
)


def _clean(field: Field, raw: Any) -> str:
    text = str(raw if raw is not None else "").strip()
    if not text:
        if field.required:
            raise ValueError(str(_("This field is required.")))
        return ""
    limit = 4000 if field.type == "longtext" else 200
    if len(text) > limit:
        raise ValueError(str(_("At most %(n)s characters.") % {"n": limit}))
    if field.type == "date":
        try:
            dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError(str(_("Expected a date such as 2026-05-31."))) from None
    elif field.type == "amount":
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError(str(_("Expected a number such as 12.5."))) from None
        if not number.is_finite() or number < 0:
            raise ValueError(str(_("Expected a number such as 12.5.")))
    elif field.type == "choice" and text not in {value for value, _label in field.choices}:
        raise ValueError(str(_("Choose one of the listed values.")))
    return text


def validate_payload(category: str, data: dict[str, Any]) -> tuple[dict[str, str], dict[str, str]]:
    """The cleaned payload of one category and the errors by field name."""
    if category not in FIELDS:
        return {}, {"category": str(_("Unknown category."))}
    clean: dict[str, str] = {}
    errors: dict[str, str] = {}
    for field in FIELDS[category]:
        try:
            clean[field.name] = _clean(field, data.get(field.name))
        except ValueError as exc:
            errors[field.name] = str(exc)
    return clean, errors


def labelled(category: str, payload: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, value) pairs for display, in field order, choices shown by their label."""
    rows = []
    for field in FIELDS.get(category, ()):
        value = str(payload.get(field.name, "") or "")
        if field.choices:
            value = str(dict(field.choices).get(value, value))
        if value:
            rows.append((str(field.label), value))
    return rows
