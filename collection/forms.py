"""Forms of the agency pages; the record form is generated from the item's field specs."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from catalogue.models import CatalogueItem, FieldSpec
from catalogue.validation import FieldError
from collection.models import Submission
from credit_platform.models import Agency

T = FieldSpec.Type


def _choices(spec: FieldSpec) -> list[tuple[str, str]]:
    language_label = "label_en" if (get_language() or "").startswith("en") else "label_zh"
    return [(str(c["code"]), str(c.get(language_label) or c["code"])) for c in spec.choices or []]


def _form_field(spec: FieldSpec) -> forms.Field:
    label = f"{spec.label} *" if spec.required else spec.label
    options: dict[str, Any] = {"label": label, "required": False}
    if spec.type == T.ENUM:
        return forms.ChoiceField(choices=[("", "---"), *_choices(spec)], **options)
    if spec.type == T.MULTI_ENUM:
        return forms.MultipleChoiceField(
            choices=_choices(spec), widget=forms.CheckboxSelectMultiple, **options
        )
    if spec.type == T.TEXT:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), **options)
    if spec.type == T.DATE:
        return forms.CharField(widget=forms.DateInput(attrs={"type": "date"}), **options)
    return forms.CharField(**options)


class RecordForm(forms.Form):
    """One record of an item; the compiled validator decides, its errors sit by each field."""

    def __init__(self, item: CatalogueItem, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.item = item
        self.specs = list(item.fields.order_by("order", "id"))
        for spec in self.specs:
            field = _form_field(spec)
            field.widget.attrs["aria-required"] = "true" if spec.required else "false"
            self.fields[spec.name] = field
        if "subject_uscc" in self.fields:
            self.fields["subject_uscc"].widget.attrs |= {
                "hx-get": reverse("collection:subject-lookup"),
                "hx-trigger": "change",
                "hx-target": "#subject-found",
            }

    def row(self) -> dict[str, Any]:
        return {
            name: value for name, value in self.cleaned_data.items() if value not in (None, "", [])
        }

    def add_field_errors(self, errors: list[FieldError]) -> None:
        for error in errors:
            self.add_error(error.field if error.field in self.fields else None, error.message())


class UploadForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))
    policy = forms.ChoiceField(
        label=_("Acceptance policy"),
        choices=Submission.Policy.choices,
        initial=Submission.Policy.ACCEPT_VALID,
        widget=forms.RadioSelect,
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class ApiKeyForm(forms.Form):
    name = forms.CharField(label=_("System name"), max_length=100)
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.filter(active=True))
