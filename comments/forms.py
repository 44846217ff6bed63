from django import forms

from workspaces.lib.forms import SpecificErrorsMixin

from .models import MAX_BODY_LENGTH, MAX_QUOTE_LENGTH

TOO_LONG = "Keep this to %(limit_value)d characters or fewer (it has %(show_value)d)."


class CommentForm(SpecificErrorsMixin, forms.Form):
    """A comment (or, with `parent`, a reply). `anchored`: the item's tool lets a comment quote
    the passage it is about."""

    quote = forms.CharField(
        label="The passage you are commenting on", required=False, max_length=MAX_QUOTE_LENGTH,
        help_text="Copy the words your comment is about, so that others can find them.",
        error_messages={"max_length": "Quote at most %(limit_value)d characters (this has %(show_value)d)."},
    )
    body = forms.CharField(
        label="Your comment", max_length=MAX_BODY_LENGTH, widget=forms.Textarea(attrs={"rows": 4, "data-markdown": ""}),
        help_text="You can use Markdown, and @name to let a member know.",
        error_messages={"required": "Write your comment.", "max_length": TOO_LONG},
    )
    parent = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, anchored=False, reply=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not anchored or reply:
            self.fields.pop("quote")
        if reply:
            self.fields["body"].label = "Your reply"
