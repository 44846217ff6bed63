"""The access fields every tool's item form shares."""

from django import forms

from ..lib.forms import SpecificErrorsMixin
from ..models import Access, Team
from ..services.items import item_teams, set_item_teams


class ItemAccessFormMixin(SpecificErrorsMixin, forms.Form):
    """Adds "who can see this" and "who can change this" (anyone / members / managers / chosen
    teams) to any tool's ModelForm for a WorkspaceItem. Pass workspace= to the form; call
    save_access(item) after saving the item, inside the same transaction."""

    view_teams = forms.ModelMultipleChoiceField(
        label="Teams that can see this", queryset=Team.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple, help_text="Used when “Chosen teams” is selected above.",
    )
    change_teams = forms.ModelMultipleChoiceField(
        label="Teams that can change this", queryset=Team.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple, help_text="Used when “Contributors in chosen teams” is selected above.",
    )
    access_fields = ["view_access", "view_teams", "change_access", "change_teams"]

    def setup_access(self, workspace):
        teams = Team.objects.filter(workspace=workspace)
        self.fields["view_teams"].queryset = teams
        self.fields["change_teams"].queryset = teams
        for name in ("view_access", "change_access"):
            if name in self.fields:
                self.fields[name].widget = forms.RadioSelect(choices=self.fields[name].choices)
        if not teams.exists():
            for name in ("view_teams", "change_teams"):
                self.fields.pop(name)
            for name in ("view_access", "change_access"):
                if name in self.fields:
                    self.fields[name].choices = [c for c in self.fields[name].choices if c[0] != Access.TEAMS]
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk and "view_teams" in self.fields:
            self.initial["view_teams"] = item_teams(instance, "view")
            self.initial["change_teams"] = item_teams(instance, "change")

    def clean(self):
        data = super().clean()
        if data.get("view_access") == Access.TEAMS and not data.get("view_teams"):
            self.add_error("view_teams", "Choose at least one team, or choose who can see this another way.")
        if data.get("change_access") == Access.TEAMS and not data.get("change_teams"):
            self.add_error("change_teams", "Choose at least one team, or choose who can change this another way.")
        return data

    def save_access(self, item):
        set_item_teams(item, view_teams=self.cleaned_data.get("view_teams") or [],
                       change_teams=self.cleaned_data.get("change_teams") or [])
