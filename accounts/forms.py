from django import forms

from .models import User


class SignupProfileForm(forms.Form):
    """Extra fields on allauth's sign-up form (ACCOUNT_SIGNUP_FORM_CLASS)."""

    display_name = forms.CharField(
        label="Your name", max_length=150, help_text="Shown to other members, e.g. Sam Patel."
    )
    organisation_name = forms.CharField(label="Organisation", max_length=200, required=False)
    job_title = forms.CharField(label="Job title", max_length=200, required=False)

    def signup(self, request, user):
        user.display_name = self.cleaned_data["display_name"]
        user.organisation_name = self.cleaned_data.get("organisation_name", "")
        user.job_title = self.cleaned_data.get("job_title", "")
        user.save(update_fields=["display_name", "organisation_name", "job_title"])


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "organisation_name", "job_title"]
