"""Forms for the member directory and role changes."""

from django import forms
from django.db.models import Q

from ..lib.forms import SpecificErrorsMixin
from ..models import Role, Team

SEARCH_MAX_WORDS = 5

ROLE_HELP = (
    "Readers can read; contributors can also add and change content; "
    "managers can also invite people and change settings."
)


class MemberFilterForm(SpecificErrorsMixin, forms.Form):
    """The directory's search and filters (GET). Invalid values are ignored, never an error page."""

    q = forms.CharField(label="Search", required=False, max_length=100)
    role = forms.TypedChoiceField(
        label="Role", required=False, coerce=int, empty_value=None,
        choices=[("", "Any role"), *Role.choices],
    )
    team = forms.ModelChoiceField(label="Team", required=False, queryset=Team.objects.none(), empty_label="Any team")

    def __init__(self, *args, workspace, search_email=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.search_email = search_email
        self.fields["q"].widget.input_type = "search"
        self.fields["q"].help_text = (
            "Name, email address or organisation." if search_email else "Name or organisation."
        )
        teams = Team.objects.filter(workspace=workspace).order_by("name")
        if teams.exists():
            self.fields["team"].queryset = teams
        else:
            del self.fields["team"]

    @property
    def active(self):
        """True when any filter narrows the list (so the total must be counted)."""
        if not self.is_valid():
            return False
        data = self.cleaned_data
        return bool(data.get("q") or data.get("role") or data.get("team"))

    def filter(self, memberships):
        if not self.is_valid():
            return memberships
        data = self.cleaned_data
        for word in data["q"].split()[:SEARCH_MAX_WORDS]:
            match = Q(user__display_name__icontains=word) | Q(user__organisation_name__icontains=word)
            if self.search_email:
                match |= Q(user__email__icontains=word)
            memberships = memberships.filter(match)
        if data.get("role"):
            memberships = memberships.filter(role=data["role"])
        if data.get("team"):
            memberships = memberships.filter(user__groups=data["team"].group_id)
        return memberships


class MemberRoleForm(SpecificErrorsMixin, forms.Form):
    role = forms.TypedChoiceField(
        label="Role", coerce=int, choices=Role.choices, widget=forms.RadioSelect, help_text=ROLE_HELP
    )
