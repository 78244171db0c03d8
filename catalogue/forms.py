"""Forms of the catalogue editor and workflow: they check input; services decide."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from catalogue.models import CatalogueItem, FieldSpec
from catalogue.services import FIELD_ATTRS, ITEM_ATTRS
from credit_platform.models import Agency, Subject

label_validator = RegexValidator(
    r"^[0-9][0-9A-Za-z.\-]*$",
    _("Start with a digit; use digits, letters, dots and hyphens, e.g. 2026.2."),
)


class VersionStartForm(forms.Form):
    label = forms.CharField(label=_("label"), max_length=20, validators=[label_validator])
    change_note = forms.CharField(label=_("change note"), widget=forms.Textarea, required=False)
    copy_in_force = forms.BooleanField(
        label=_("Start from a copy of the version in force"), required=False, initial=True
    )


class VersionForm(forms.Form):
    label = forms.CharField(label=_("label"), max_length=20, validators=[label_validator])
    change_note = forms.CharField(label=_("change note"), widget=forms.Textarea, required=False)


class ApproveForm(forms.Form):
    comment = forms.CharField(label=_("comment"), widget=forms.Textarea, required=False)


class SendBackForm(forms.Form):
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea)


class PublishForm(forms.Form):
    effective_from = forms.DateField(
        label=_("effective from"), widget=forms.DateInput(attrs={"type": "date"})
    )


class MoveForm(forms.Form):
    offset = forms.TypedChoiceField(choices=[("-1", "-1"), ("1", "1")], coerce=int)


class ItemForm(forms.ModelForm):
    subject_kinds = forms.MultipleChoiceField(
        label=_("subject kinds"),
        choices=Subject.Kind.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    providing_agencies = forms.ModelMultipleChoiceField(
        label=_("providing agencies"),
        queryset=Agency.objects.filter(active=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    cross_rules = forms.JSONField(
        label=_("cross-field rules"),
        required=False,
        initial=list,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_('A JSON list, e.g. [{"rule": "not_future", "field": "decision_date"}].'),
    )

    class Meta:
        model = CatalogueItem
        fields = [*ITEM_ATTRS, "providing_agencies"]
        widgets = {
            "legal_basis": forms.Textarea(attrs={"rows": 3}),
            "description_zh": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_cross_rules(self) -> Any:
        rules = self.cleaned_data.get("cross_rules") or []
        if not isinstance(rules, list) or not all(isinstance(r, dict) for r in rules):
            raise forms.ValidationError(_("Enter a JSON list of objects."))
        return rules

    def service_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in ITEM_ATTRS}


def parse_codes(text: str) -> list[dict[str, str]]:
    """Lines ``code|中文|English`` into a code list; a bad line is a form error."""
    codes = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split("|")]
        if len(parts) != 3 or not all(parts):
            raise forms.ValidationError(
                _("Line %(number)s: write code|中文|English."), params={"number": number}
            )
        codes.append({"code": parts[0], "label_zh": parts[1], "label_en": parts[2]})
    if len({c["code"] for c in codes}) != len(codes):
        raise forms.ValidationError(_("Each code may appear only once in a code list."))
    return codes


def format_codes(choices: list[dict[str, str]]) -> str:
    return "\n".join(f"{c['code']}|{c['label_zh']}|{c['label_en']}" for c in choices)


class FieldForm(forms.ModelForm):
    codes = forms.CharField(
        label=_("code list"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One code a line: code|中文|English. Only for code list types."),
    )

    class Meta:
        model = FieldSpec
        fields = [name for name in FIELD_ATTRS if name != "choices"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["codes"].initial = format_codes(self.instance.choices)

    def clean_codes(self) -> list[dict[str, str]]:
        return parse_codes(self.cleaned_data.get("codes", ""))

    def clean_pattern(self) -> str:
        pattern = self.cleaned_data.get("pattern", "")
        try:
            re.compile(pattern)
        except re.error as exc:
            raise forms.ValidationError(_("Not a valid regular expression.")) from exc
        return str(pattern)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        code_list = data.get("type") in (FieldSpec.Type.ENUM, FieldSpec.Type.MULTI_ENUM)
        if code_list and not data.get("codes") and "codes" not in self.errors:
            self.add_error("codes", _("A code list field needs at least one code."))
        return data

    def service_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data.get(name) for name in FIELD_ATTRS if name != "choices"}
        data["choices"] = self.cleaned_data.get("codes", [])
        data["pattern"] = data["pattern"] or ""
        for text in ("help_zh", "help_en"):
            data[text] = data[text] or ""
        return data
