"""Forms for creating a workspace and changing its settings."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import slugify

from .. import registry
from ..kit.embeds import MAX_ORIGINS, parse_origins
from ..lib.forms import SpecificErrorsMixin
from ..models import Organisation, Workspace

RESERVED_SLUGS = {"new", "admin", "api", "static", "media"}


class WorkspaceCreateForm(SpecificErrorsMixin, forms.ModelForm):
    field_nouns = {"name": "a name for the workspace", "slug": "the workspace's web address"}
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


class WorkspaceSettingsForm(SpecificErrorsMixin, forms.ModelForm):
    field_nouns = {"name": "a name for the workspace"}
    enabled_tools = forms.MultipleChoiceField(
        label="Tools", required=False, widget=forms.CheckboxSelectMultiple,
        help_text="Turning a tool off hides it; nothing in it is deleted.",
    )

    class Meta:
        model = Workspace
        # Archiving is not a setting among others: it has its own confirmed page (workspace_archive).
        fields = ["name", "description", "visibility", "enabled_tools", "embed_origins"]
        widgets = {"visibility": forms.RadioSelect, "description": forms.Textarea(attrs={"rows": 4}),
                   "embed_origins": forms.Textarea(attrs={"rows": 3, "spellcheck": "false", "autocapitalize": "none",
                                                          "autocomplete": "off"})}
        labels = {"embed_origins": "Sites that may embed this workspace's widgets"}
        help_texts = {"embed_origins": (
            "One site address per line, such as https://www.example.org (no page paths). Only these sites can "
            f"show this workspace's polls and latest news on their pages, and only while the workspace is public; "
            f"at most {MAX_ORIGINS}. Leave empty to allow none.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enabled_tools"].choices = [
            (tool.slug, f"{tool.name} – {tool.description}") for tool in registry.all_tools()
        ]

    def clean_embed_origins(self):
        # Stored normalised, one per line: the widgets' frame-ancestors is exactly this list.
        return "\n".join(parse_origins(self.cleaned_data.get("embed_origins", "")))
