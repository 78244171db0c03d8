"""Forms of the record sections: an authorisation code typed by a third party."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class AuthorisationCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Authorisation code"),
        max_length=40,
        help_text=_("The code the subject gave you; your lookup is logged with it as proof."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
