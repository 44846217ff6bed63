from django import forms

from ..lib.forms import SpecificErrorsMixin


class FeedTokenForm(SpecificErrorsMixin, forms.Form):
    """Make a private feed address (workspaces.kit.feeds)."""

    label = forms.CharField(
        label="Name it", required=False, max_length=80,
        help_text="So that you can tell your addresses apart, for example “Thunderbird at work”.",
        error_messages={"max_length": "Keep the name to %(limit_value)d characters or fewer (it has %(show_value)d)."},
    )
