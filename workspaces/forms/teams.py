"""Forms for the team pages: create/edit a team, find and add members, paste a list of emails."""

import re

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from ..lib.forms import SpecificErrorsMixin
from ..models import Team

# Enough for a real team in one paste, small enough to answer in one request.
MAX_PASTED_EMAILS = 1000
MAX_SELECTED = 200
MAX_ID = 2**63 - 1  # larger ids overflow the database's integer type (a 500, not "not found")


class MemberChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        for pk in value:
            if not str(pk).isdigit() or int(str(pk)) > MAX_ID:
                raise ValidationError(self.error_messages["invalid_pk_value"], code="invalid_pk_value",
                                      params={"pk": pk})
        return super()._check_values(value)


class TeamForm(SpecificErrorsMixin, forms.ModelForm):
    field_nouns = {"name": "a name for the team"}
    class Meta:
        model = Team
        fields = ["name", "description"]
        help_texts = {
            "name": "For example “Task force” or “Conveyancers”. Members see it when an item is limited to this team.",
            "description": "One line about who is in the team and why.",
        }

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise ValidationError("Give the team a name.")
        return name


class MemberSearchForm(SpecificErrorsMixin, forms.Form):
    q = forms.CharField(
        label="Find workspace members", max_length=100, required=False,
        help_text="Part of a name or an email address.",
        widget=forms.TextInput(attrs={"type": "search"}),
    )


class AddSelectedForm(SpecificErrorsMixin, forms.Form):
    """The people ticked in the search results. The queryset is set per team: workspace members
    who are not yet in it, so a forged id can never add an outsider."""

    error_summary_in_place = True  # its summary is in the search results (partials/_team_candidates.html)

    users = MemberChoiceField(queryset=get_user_model().objects.none(), label="People to add")

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["users"].queryset = candidates
        self.fields["users"].error_messages.update(
            required="Tick at least one person to add.",
            invalid_choice="One of the people chosen is not a member of this workspace, or is already in the team.",
            invalid_pk_value="One of the people chosen is not a member of this workspace.",
        )

    def clean_users(self):
        users = self.cleaned_data["users"]
        if len(users) > MAX_SELECTED:
            raise ValidationError(f"Add at most {MAX_SELECTED} people at a time.")
        return users


class AddEmailsForm(SpecificErrorsMixin, forms.Form):
    field_nouns = {"emails": "the email addresses of the people to add"}
    emails = forms.CharField(
        label="Email addresses",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="One per line, or separated by commas or spaces. Only members of this workspace can be added.",
        max_length=MAX_PASTED_EMAILS * 80,
    )

    def clean_emails(self):
        """A list of (text, email or None): None where the text is not an email address."""
        tokens = [t for t in re.split(r"[\s,;]+", self.cleaned_data["emails"]) if t]
        if not tokens:
            raise ValidationError("Paste at least one email address.")
        if len(tokens) > MAX_PASTED_EMAILS:
            raise ValidationError(f"That is {len(tokens)} addresses; paste at most {MAX_PASTED_EMAILS} at a time.")
        parsed = []
        for token in tokens:
            email = token.strip("<>\"'").lower()
            try:
                validate_email(email)
            except ValidationError:
                email = None
            parsed.append((token[:254], email))
        return parsed


class RemoveMemberForm(SpecificErrorsMixin, forms.Form):
    field_nouns = {"user": "the member to remove"}
    user = forms.IntegerField(min_value=1, max_value=MAX_ID)
