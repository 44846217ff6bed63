import zoneinfo

from allauth.core import context
from django import forms
from django.conf import settings

from workspaces.lib.forms import SpecificErrorsMixin

from .adapters import signup_invitation
from .models import User


class SignupProfileForm(SpecificErrorsMixin, forms.Form):
    """Extra fields on allauth's sign-up form (ACCOUNT_SIGNUP_FORM_CLASS): allauth's form is built
    on this one, so the mixin words its fields' errors too."""

    field_nouns = {"email": "your email address", "password1": "a password", "password2": "the password again"}

    # allauth adds email and passwords in its __init__; this puts the name first.
    field_order = ["display_name", "email", "organisation_name", "job_title", "password1", "password2"]

    display_name = forms.CharField(
        label="Your name", max_length=150, help_text="Shown to other members, e.g. Sam Patel."
    )
    organisation_name = forms.CharField(label="Organisation", max_length=200, required=False)
    job_title = forms.CharField(label="Job title", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Sign-up opened by an invitation creates an account for the invited address only.
        request = context.request
        self.invitation = signup_invitation(request) if request is not None else None
        if self.invitation is not None and "email" in self.fields:
            self.initial["email"] = self.invitation.email
            self.fields["email"].help_text = "Your invitation was sent to this address."

    def clean(self):
        data = super().clean()
        email = (data.get("email") or "").lower()
        if self.invitation is not None and email and email != self.invitation.email.lower():
            self.add_error("email", (
                f"Your invitation is for {self.invitation.email}, so the account must use that address. "
                "To use another address, ask the person who invited you to invite that address instead."
            ))
        return data

    def signup(self, request, user):
        from .services import profile_update

        profile_update(
            user=user,
            display_name=self.cleaned_data["display_name"],
            organisation_name=self.cleaned_data.get("organisation_name", ""),
            job_title=self.cleaned_data.get("job_title", ""),
        )


def time_zone_choices():
    """The IANA zones, by name; the first choice (blank) is the site's own zone."""
    return [("", f"The site's time zone ({settings.TIME_ZONE})")] + [
        (name, name.replace("_", " "))
        for name in sorted(zoneinfo.available_timezones())
        if "/" in name or name == "UTC"
    ]


class ProfileForm(SpecificErrorsMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "organisation_name", "job_title", "time_zone"]
        labels = {"display_name": "Your name", "organisation_name": "Organisation", "job_title": "Job title",
                  "time_zone": "Time zone"}
        help_texts = {
            "display_name": "Shown to other members next to what you write, e.g. Sam Patel.",
            "organisation_name": "The organisation you work for or represent.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A person must keep a name others can recognise them by.
        self.fields["display_name"].required = True
        self.fields["time_zone"] = forms.ChoiceField(
            label="Time zone", required=False, choices=time_zone_choices(),
            help_text="Every date and time in Engage is shown in it.",
        )
