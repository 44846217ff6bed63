"""The invitations part's forms: inviting members and teams, and a reply (RSVP)."""

from django import forms
from django.core.exceptions import ValidationError

from workspaces.kit.forms import people_field, split_people
from workspaces.kit.models import Team
from workspaces.kit.selectors import members_named

from .models import Answer

SCOPES = (("occurrence", "This date only"), ("all", "Every date of the series"))


class InviteForm(forms.Form):
    people = people_field("Members", "Each is sent the invitation by email, with a calendar file.")
    teams = forms.ModelMultipleChoiceField(label="Teams", queryset=Team.objects.none(), required=False,
                                           widget=forms.CheckboxSelectMultiple,
                                           help_text="Everyone in the team now is invited (not who joins later).")

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.workspace = workspace
        self.fields["teams"].queryset = Team.objects.filter(workspace=workspace).order_by("name")
        self.fields["teams"].error_messages["invalid_choice"] = "Choose teams from the list."
        self.fields["teams"].error_messages["invalid_pk_value"] = "Choose teams from the list."
        if not self.fields["teams"].queryset.exists():
            del self.fields["teams"]

    def clean_people(self):
        names = split_people(self.cleaned_data.get("people"))
        return members_named(self.workspace, names, limit=200) if names else []

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("people") and not data.get("teams"):
            raise ValidationError("Name members or choose a team to invite.")
        return data


class RsvpForm(forms.Form):
    answer = forms.ChoiceField(label="Are you going?", choices=Answer.choices, widget=forms.RadioSelect,
                               error_messages={"required": "Choose going, maybe or not going.",
                                               "invalid_choice": "Choose going, maybe or not going."})
    on = forms.CharField(required=False, widget=forms.HiddenInput)  # the date shown (checked by the view)

    def __init__(self, *args, event, occurrence="", **kwargs):
        kwargs.setdefault("auto_id", f"rsvp-{event.pk}-%s")
        super().__init__(*args, **kwargs)
        self.event, self.key = event, occurrence
        if event.rrule and occurrence:
            self.fields["scope"] = forms.ChoiceField(
                label="Reply for", choices=SCOPES, widget=forms.RadioSelect, initial="occurrence",
                error_messages={"required": "Say whether you reply for this date or all of them.",
                                "invalid_choice": "Say whether you reply for this date or all of them."})

    def clean_on(self):
        return self.key

    def occurrence(self):
        """The recurrence id replied for ("" for the whole event)."""
        if self.cleaned_data.get("scope", "all") == "all":
            return ""
        return self.key
