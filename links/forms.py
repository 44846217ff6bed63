import re
from urllib.parse import urlsplit

from django import forms
from django.core.exceptions import ValidationError

from workspaces.kit.forms import ItemAccessFormMixin
from workspaces.lib.forms import one_line
from workspaces.lib.tags import MAX_TAG_LENGTH, MAX_TAGS, parse_tags

from .models import WEB_SCHEMES, Link, validate_web_address

# "name:" at the start; a host with a port ("example.org:8080/x") is not a scheme.
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):(?!\d+(?:[/?#]|$))")


class WebAddressField(forms.URLField):
    """An http(s) address. "www.gov.uk" becomes "https://www.gov.uk"; any other kind of
    address ("javascript:", "data:", "file:", ...) is refused with a message that says why."""

    default_validators = [validate_web_address]
    default_error_messages = {
        "invalid": "Enter a web address, such as https://www.gov.uk/guidance.",
        "scheme": "Only web addresses starting with http:// or https:// can be added "
        "(this one starts with “%(scheme)s:”).",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")  # unused (to_python adds it) but silences Django's warning
        super().__init__(**kwargs)

    def to_python(self, value):
        value = (value or "").strip()
        if not value:
            return ""
        match = _SCHEME.match(value)
        if match is None:
            value = "https://" + value.removeprefix("//")
        elif match.group(1).lower() not in WEB_SCHEMES:
            raise ValidationError(self.error_messages["scheme"], code="scheme", params={"scheme": match.group(1)[:20]})
        try:
            urlsplit(value)
        except ValueError:  # e.g. an unclosed IPv6 bracket
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        return value


class LinkForm(ItemAccessFormMixin, forms.ModelForm):
    """Add or change a link. Pass workspace=; on edit, `loaded_version` carries the version
    the form was loaded with (see links.services.link_update)."""

    url = WebAddressField(
        label="Web address", max_length=2000,
        error_messages={"max_length": "Web addresses can be at most %(limit_value)d characters long "
                                      "(this one has %(show_value)d)."},
    )
    tags = forms.CharField(
        required=False, max_length=1000,
        help_text=f"Separate tags with commas, for example “guidance, housing”. Up to {MAX_TAGS} tags of at most "
                  f"{MAX_TAG_LENGTH} characters.",
    )
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    class Meta:
        model = Link
        fields = ["url", "title", "note", "tags", "view_access", "view_teams", "change_access", "change_teams"]
        widgets = {"note": forms.Textarea(attrs={"rows": 6, "data-markdown": ""})}  # the toolbar, @mentions
        help_texts = {
            "title": "What people will see in the list. At most 200 characters.",
            "note": "Why this is worth reading. You can use Markdown: **bold**, lists, [links](https://…).",
        }
        error_messages = {
            "title": {
                "required": "Enter a title for the link.",
                "max_length": "Keep the title to %(limit_value)d characters or fewer (it has %(show_value)d).",
            },
            "note": {"max_length": "Keep the note to %(limit_value)d characters or fewer (it has %(show_value)d)."},
        }

    def __init__(self, *args, workspace, access_editable=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["url"].error_messages["required"] = "Enter the web address of the article or page."
        if self.instance.pk:
            self.initial.setdefault("tags", ", ".join(self.instance.tag_names))
            self.initial.setdefault("loaded_version", self.instance.version)
            self.fields["loaded_version"].required = True
            self.fields["loaded_version"].error_messages["required"] = (
                "This form is out of date. Reload the page to edit the current version."
            )
        self.setup_access(workspace)
        if not access_editable:
            # Who can see/change a link is the author's and managers' call, not every editor's.
            for name in self.access_fields:
                self.fields.pop(name, None)

    def clean_title(self):
        title = one_line(self.cleaned_data["title"])
        if not title:
            raise ValidationError("Enter a title for the link.")
        return title

    def clean_tags(self):
        return parse_tags(self.cleaned_data.get("tags", ""))

    def service_kwargs(self):
        """The cleaned values, as keyword arguments for link_create/link_update."""
        data = self.cleaned_data
        kwargs = {"url": data["url"], "title": data["title"], "note": data["note"], "tags": data["tags"]}
        if "view_access" in self.fields:
            kwargs.update(
                view_access=data["view_access"],
                change_access=data["change_access"],
                view_teams=list(data.get("view_teams") or []),
                change_teams=list(data.get("change_teams") or []),
            )
        return kwargs
