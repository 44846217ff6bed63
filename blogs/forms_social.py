"""The form managers keep the workspace's social links with (blogs.social)."""

from urllib.parse import urlsplit

from django import forms

from workspaces.lib.forms import SpecificErrorsMixin, one_line

from .models import SocialLink


class SocialLinkForm(SpecificErrorsMixin, forms.ModelForm):
    url = forms.URLField(label="Address", max_length=500, assume_scheme="https",
                         help_text="The channel's page, starting with https://.")

    class Meta:
        model = SocialLink
        fields = ["network", "label", "url"]
        labels = {"network": "Network", "label": "Link text", "url": "Address"}
        help_texts = {
            "label": "What the link says, naming the network: “Department for Rivers on LinkedIn”.",
            "url": "The channel's page, starting with https://.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["url"].widget.attrs.update(autocomplete="url", spellcheck="false")

    def clean_label(self):
        label = one_line(self.cleaned_data.get("label", ""))
        if not label:
            raise forms.ValidationError("Enter the link text, such as “Department for Rivers on LinkedIn”.")
        return label

    def clean_url(self):
        url = (self.cleaned_data.get("url") or "").strip()
        parts = urlsplit(url)
        if parts.scheme.lower() != "https" or not parts.hostname:
            raise forms.ValidationError("Enter the channel's address starting with https:// (a secure address).")
        return url

    def service_kwargs(self):
        data = self.cleaned_data
        return {"network": data["network"], "label": data["label"], "url": data["url"]}
