from django import forms

from .models import User


class SignupProfileForm(forms.Form):
    """Extra fields on allauth's sign-up form (ACCOUNT_SIGNUP_FORM_CLASS)."""

    # allauth adds email and passwords in its __init__; this puts the name first.
    field_order = ["display_name", "email", "organisation_name", "job_title", "password1", "password2"]

    display_name = forms.CharField(
        label="Your name", max_length=150, help_text="Shown to other members, e.g. Sam Patel."
    )
    organisation_name = forms.CharField(label="Organisation", max_length=200, required=False)
    job_title = forms.CharField(label="Job title", max_length=200, required=False)

    def signup(self, request, user):
        from .services import profile_update

        profile_update(
            user=user,
            display_name=self.cleaned_data["display_name"],
            organisation_name=self.cleaned_data.get("organisation_name", ""),
            job_title=self.cleaned_data.get("job_title", ""),
        )


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "organisation_name", "job_title"]
        labels = {"display_name": "Your name", "organisation_name": "Organisation", "job_title": "Job title"}
        help_texts = {
            "display_name": "Shown to other members next to what you write, e.g. Sam Patel.",
            "organisation_name": "The organisation you work for or represent.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A person must keep a name others can recognise them by.
        self.fields["display_name"].required = True
