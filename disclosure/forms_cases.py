"""Forms of the objection and credit-repair pages: input checks only, rules live in services."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from collection.models import CreditRecord
from disclosure.models import Objection

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
TEXT_LIMIT = 5000


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if not files and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


def evidence_field(label: StrOrPromise, required: bool = False) -> MultipleFileField:
    return MultipleFileField(
        label=label,
        required=required,
        help_text=_("PDF, JPG or PNG, up to five files."),
        widget=MultipleFileInput(attrs={"accept": ACCEPT}),
    )


def text_field(label: StrOrPromise, required: bool = True, rows: int = 4) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class ObjectionForm(forms.Form):
    grounds = forms.ChoiceField(
        label=_("Grounds"), choices=Objection.Grounds.choices, widget=forms.RadioSelect
    )
    description = text_field(_("What is wrong, and what should the record say?"))
    evidence = evidence_field(_("Evidence"))


class FirstCheckForm(forms.Form):
    ACCEPT = "accept"
    REFUSE = "refuse"

    action = forms.ChoiceField(
        choices=[(ACCEPT, _("Accept for the agency")), (REFUSE, _("Refuse"))]
    )
    reason = text_field(_("Reason (required for a refusal)"), required=False, rows=2)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == self.REFUSE and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason for the refusal."))
        return data


class ExtendForm(forms.Form):
    reason = text_field(_("Reason for the extension"), rows=2)


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Objection.Outcome.choices)
    reason = text_field(_("Reasons of the decision"), rows=3)
    field = forms.ChoiceField(label=_("Field to correct or supplement"), required=False)
    value = forms.CharField(label=_("New value"), required=False, max_length=TEXT_LIMIT)

    def __init__(self, *args: Any, record: CreditRecord, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        specs = record.item.fields.order_by("order", "id")
        choices = [("", "—")] + [
            (s.name, s.label) for s in specs if s.name != record.item.key_field
        ]
        self.fields["field"].choices = choices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        changing = data.get("outcome") in (
            Objection.Outcome.CORRECTED,
            Objection.Outcome.SUPPLEMENTED,
        )
        if changing and not data.get("field"):
            self.add_error("field", _("Choose the field to change."))
        if changing and not (data.get("value") or "").strip():
            self.add_error("value", _("Give the new value."))
        return data

    def changes(self) -> dict[str, str]:
        field = self.cleaned_data.get("field")
        return {field: self.cleaned_data["value"].strip()} if field else {}


class RepairForm(forms.Form):
    description = text_field(_("How were the obligations fulfilled (payment, rectification)?"))
    evidence = evidence_field(_("Proof of fulfilment"), required=True)
    letter = forms.FileField(
        label=_("Signed credit commitment letter"),
        help_text=_("The letter signed and sealed by the subject (PDF, JPG or PNG)."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
    letter_confirmed = forms.BooleanField(
        label=_(
            "I confirm that the letter is signed by the subject and that the proof is true; "
            "a false commitment is itself recorded as dishonesty."
        )
    )


class RepairDecisionForm(forms.Form):
    APPROVE = "approve"
    REFUSE = "refuse"

    action = forms.ChoiceField(choices=[(APPROVE, _("Approve")), (REFUSE, _("Refuse"))])
    reason = text_field(_("Reasons (required for a refusal)"), required=False, rows=2)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == self.REFUSE and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason for the refusal."))
        return data
