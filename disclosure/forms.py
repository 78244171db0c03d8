"""Forms of the disclosure pages: input checks only, the rules live in services."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from disclosure.models import CalendarDay
from disclosure.selectors import authorisable_items


class PurposeForm(forms.Form):
    purpose = forms.CharField(
        label=_("Purpose of this lookup"),
        min_length=5,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Logged with your name and agency, and shown to the subject."),
    )


class AuthorisationForm(forms.Form):
    SCOPE_ALL = "all"
    SCOPE_SOME = "some"

    grantee = forms.CharField(label=_("Authorised party (name)"), max_length=200)
    expires_on = forms.DateField(
        label=_("Valid until (inclusive)"), widget=forms.DateInput(attrs={"type": "date"})
    )
    scope = forms.ChoiceField(
        label=_("Scope"),
        choices=[
            (SCOPE_ALL, _("All items shown on authorised inquiry")),
            (SCOPE_SOME, _("Only the items chosen below")),
        ],
        widget=forms.RadioSelect,
        initial=SCOPE_ALL,
    )
    items = forms.MultipleChoiceField(
        label=_("Catalogue items"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = authorisable_items()  # type: ignore[attr-defined]

    def clean_expires_on(self) -> datetime.date:
        value: datetime.date = self.cleaned_data["expires_on"]
        if value < timezone.localdate():
            raise forms.ValidationError(_("The date must not be in the past."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("scope") == self.SCOPE_SOME and not data.get("items"):
            self.add_error("items", _("Choose at least one item, or authorise all of them."))
        return data

    def expires_at(self) -> datetime.datetime:
        """The end of the chosen day, in the platform's time zone."""
        day = self.cleaned_data["expires_on"] + datetime.timedelta(days=1)
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class CalendarDayForm(forms.ModelForm):
    class Meta:
        model = CalendarDay
        fields = ["date", "kind", "name_zh", "name_en"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}

    def validate_unique(self) -> None:
        """The service reports a date already in the calendar, with a clearer message."""
