from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _


class OneTimeCodeInput(forms.TextInput):
    """Never shows a code back: after a failed try it is stale, and echoing it would make the
    failure page differ with what was typed."""

    def format_value(self, value: Any) -> str | None:
        return None


class TotpCodeField(forms.CharField):
    """Six digits; spaces are dropped because apps show the code as "123 456"."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Code uit de authenticator-app"))
        super().__init__(
            max_length=20,  # room for spaces; the validator decides
            validators=[
                RegexValidator(r"^[0-9]{6}$", _("Vul de zes cijfers uit uw authenticator-app in."))
            ],
            widget=OneTimeCodeInput(
                attrs={
                    "autocomplete": "one-time-code",
                    "inputmode": "numeric",
                }
            ),
            **kwargs,
        )

    def to_python(self, value: Any) -> str:
        return "".join(str(super().to_python(value)).split())


class LoginForm(forms.Form):
    username = forms.CharField(
        label=_("Gebruikersnaam"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    # Optional here: whether a code is needed depends on the account, which the form must not
    # reveal. Without a code a user who has no authenticator app yet is taken to enrolment;
    # for everyone else a missing code is just a failed login.
    otp_token = TotpCodeField(
        required=False,
        help_text=_(
            "De zescijferige code die uw authenticator-app nu toont. Logt u voor het eerst in "
            "en heeft u nog geen authenticator-app gekoppeld? Laat dit veld dan leeg."
        ),
    )


class SecondFactorForm(forms.Form):
    otp_token = TotpCodeField(
        help_text=_("De zescijferige code die uw authenticator-app nu toont.")
    )


class EnrolmentForm(forms.Form):
    otp_token = TotpCodeField(
        help_text=_("De zescijferige code die uw authenticator-app toont na het scannen."),
    )
