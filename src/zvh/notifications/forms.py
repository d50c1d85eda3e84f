from django import forms
from django.utils.translation import gettext_lazy as _


class PreferencesForm(forms.Form):
    email_notifications = forms.BooleanField(
        label=_("Stuur mijn meldingen ook per e-mail"),
        help_text=_("De e-mail noemt geen betrokkenen: alleen het onderwerp en een link."),
        required=False,
    )
    notify_new_referrals = forms.BooleanField(
        label=_("Meld mij elke nieuwe aanmelding in mijn huis"),
        help_text=_(
            "Acute aanmeldingen meldt ZVH altijd: hun beslistermijn loopt vanaf binnenkomst."
        ),
        required=False,
    )
