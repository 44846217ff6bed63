from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import slugify

from . import registry
from .models import Access, Organisation, Team, Workspace
from .services.items import item_teams, set_item_teams

RESERVED_SLUGS = {"new", "admin", "api", "static", "media"}


class WorkspaceCreateForm(forms.ModelForm):
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.all(), empty_label=None)

    class Meta:
        model = Workspace
        fields = ["organisation", "name", "slug", "description", "visibility"]
        widgets = {"visibility": forms.RadioSelect, "description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"slug": "Part of the workspace's web address. Leave empty to make one from the name."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False

    def clean_slug(self):
        slug = self.cleaned_data.get("slug") or slugify(self.data.get("name", ""))[:60]
        if not slug:
            raise ValidationError("Give the workspace a web address (letters, numbers and hyphens).")
        if slug in RESERVED_SLUGS:
            raise ValidationError("That web address is reserved. Choose another.")
        if Workspace.objects.filter(slug=slug).exists():
            raise ValidationError(f"The address “{slug}” is already taken by another workspace. Choose another.")
        return slug


class WorkspaceSettingsForm(forms.ModelForm):
    enabled_tools = forms.MultipleChoiceField(
        label="Tools", required=False, widget=forms.CheckboxSelectMultiple,
        help_text="Turning a tool off hides it; nothing in it is deleted.",
    )

    class Meta:
        model = Workspace
        fields = ["name", "description", "visibility", "enabled_tools", "is_archived"]
        widgets = {"visibility": forms.RadioSelect, "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enabled_tools"].choices = [
            (tool.slug, f"{tool.name} – {tool.description}") for tool in registry.all_tools()
        ]


class ItemAccessFormMixin(forms.Form):
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
