"""Forms: input shape only; the rules are in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from commitments.categories import FIELDS
from commitments.models import Commitment, CommitmentTemplate, Kind, SelfDisclosure
from credit_platform.models import Agency
from credit_platform.uploads import EVIDENCE_TYPES

ACCEPT = ",".join([*EVIDENCE_TYPES, ".pdf", ".jpg", ".jpeg", ".png"])


class ClaimForm(forms.Form):
    uscc = forms.CharField(label=_("Unified social credit code"), max_length=30)
    subject_name = forms.CharField(
        label=_("Registered name"),
        max_length=200,
        required=False,
        help_text=_("Needed only when the subject is not on the platform yet."),
    )
    legal_representative = forms.CharField(label=_("Legal representative"), max_length=100)
    letter = forms.FileField(
        label=_("Authorisation letter (PDF, JPG or PNG)"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class TemplateForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    code = forms.SlugField(label=_("Code"), max_length=60)
    agency = forms.ModelChoiceField(
        label=_("Agency concerned"), queryset=Agency.objects.filter(active=True)
    )
    title_zh = forms.CharField(label=_("Title (Chinese)"), max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200)
    matter_zh = forms.CharField(label=_("The matter (Chinese)"), widget=forms.Textarea)
    matter_en = forms.CharField(label=_("The matter (English)"), widget=forms.Textarea)
    conditions_zh = forms.CharField(label=_("The conditions (Chinese)"), widget=forms.Textarea)
    conditions_en = forms.CharField(label=_("The conditions (English)"), widget=forms.Textarea)
    verification_zh = forms.CharField(
        label=_("The authority's power to verify (Chinese)"), widget=forms.Textarea
    )
    verification_en = forms.CharField(
        label=_("The authority's power to verify (English)"), widget=forms.Textarea
    )
    consequences_zh = forms.CharField(
        label=_("Consequences of a false commitment (Chinese)"), widget=forms.Textarea
    )
    consequences_en = forms.CharField(
        label=_("Consequences of a false commitment (English)"), widget=forms.Textarea
    )
    body_zh = forms.CharField(label=_("Commitment text (Chinese)"), widget=forms.Textarea)
    body_en = forms.CharField(label=_("Commitment text (English)"), widget=forms.Textarea)
    variables = forms.CharField(
        label=_("Variables"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One a line: name | Chinese label | English label. Use them in the texts as "
            "{{name}}; {{subject_name}}, {{subject_code}}, {{matter}} and {{date}} are built in."
        ),
    )

    def clean_variables(self) -> list[dict[str, str]]:
        declared = []
        for number, line in enumerate(self.cleaned_data["variables"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split("|")]
            if len(parts) != 3 or not all(parts):
                raise forms.ValidationError(
                    _("Line %(n)s: expected name | Chinese label | English label.") % {"n": number}
                )
            declared.append({"name": parts[0], "label_zh": parts[1], "label_en": parts[2]})
        return declared

    @classmethod
    def initial_from(cls, template: CommitmentTemplate) -> dict[str, Any]:
        initial = {name: getattr(template, name) for name in cls.base_fields if name != "variables"}
        initial["agency"] = template.agency_id
        initial["variables"] = "\n".join(
            f"{v['name']} | {v['label_zh']} | {v['label_en']}" for v in template.variables
        )
        return initial


def _label(variable: dict[str, str]) -> str:
    language = get_language() or "zh-hans"
    return variable["label_en"] if language.startswith("en") else variable["label_zh"]


class SignForm(forms.Form):
    matter = forms.CharField(label=_("Matter"), max_length=200)

    def __init__(self, *args: Any, template: CommitmentTemplate, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for variable in template.variables:
            self.fields[f"var_{variable['name']}"] = forms.CharField(
                label=_label(variable), max_length=500
            )
        self.fields["notice_read"] = forms.BooleanField(
            label=_("I have read the notice and the commitment text above and sign it."),
            required=False,
        )

    def values(self) -> dict[str, str]:
        return {
            name[4:]: value for name, value in self.cleaned_data.items() if name.startswith("var_")
        }


class CommitmentFilterForm(forms.Form):
    q = forms.CharField(label=_("Subject name or code"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Kind.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *Commitment.Status.choices],
    )
    signed_from = forms.DateField(
        label=_("Signed from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    signed_to = forms.DateField(
        label=_("Signed until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class SelfDisclosureForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)

    def __init__(self, *args: Any, category: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in FIELDS[category]:
            widget: forms.Widget
            if field.type == "longtext":
                widget = forms.Textarea(attrs={"rows": 3})
            elif field.type == "date":
                widget = forms.DateInput(attrs={"type": "date"})
            else:
                widget = forms.TextInput()
            if field.choices:
                self.fields[f"f_{field.name}"] = forms.ChoiceField(
                    label=str(field.label), choices=field.choices, required=field.required
                )
            else:
                self.fields[f"f_{field.name}"] = forms.CharField(
                    label=str(field.label), required=field.required, widget=widget
                )
        if category == SelfDisclosure.Category.SOCIAL_WELFARE:
            self.fields["hidden"] = forms.BooleanField(
                label=_("Do not show this award or donation on the public profile"),
                required=False,
            )
        self.fields["attachments"] = MultipleFileField(
            label=_("Attachments (PDF, JPG or PNG, up to five)"),
            required=False,
            widget=MultipleFileInput(attrs={"accept": ACCEPT}),
        )
        self.fields["authenticity"] = forms.BooleanField(
            label=_("I commit that this information is true, accurate and complete."),
            required=False,
        )

    def payload(self) -> dict[str, str]:
        return {
            name[2:]: str(value or "")
            for name, value in self.cleaned_data.items()
            if name.startswith("f_")
        }
