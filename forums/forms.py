"""Forms of the forums. The post's text field is named `text` (the kit's editor looks for it);
the checks are the services' own (field_error), so a form and a save refuse alike."""

import secrets

from django import forms

from workspaces.kit.forms import ItemAccessFormMixin, field_error, markdown_field
from workspaces.lib.forms import one_line

from . import services
from .models import MAX_NAME_LENGTH, MAX_TITLE_LENGTH, Board

TEXT_HELP = ("You can use Markdown: **bold**, lists, [links](https://…), > quotes. Mention someone with "
             "@their-handle to let them know.")


def new_key():
    """The idempotency key a reply form carries: the same form sent twice is one post."""
    return secrets.token_urlsafe(16)


def _text_field(label="Your post"):
    return markdown_field(label=label, help_text=TEXT_HELP, rows=10, css_class="markdown-source")


class _TextMixin:
    def clean_text(self):
        return field_error(services.clean_body, "text", self.cleaned_data.get("text", ""))


class ThreadForm(_TextMixin, forms.Form):
    """A new thread: its title and first post."""

    title = forms.CharField(
        max_length=MAX_TITLE_LENGTH, help_text=f"What the thread is about, in a few words (at most {MAX_TITLE_LENGTH} "
                                               "characters).",
        error_messages={"required": services.EMPTY_TITLE,
                        "max_length": "Keep the title to %(limit_value)d characters or fewer (it has %(show_value)d)."},
    )
    text = _text_field("First post")
    client_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].required = True
        self.fields["text"].error_messages["required"] = services.EMPTY_POST
        if not self.is_bound and not self.initial.get("client_key"):
            self.initial["client_key"] = new_key()

    def clean_title(self):
        return field_error(services.clean_title, "title", self.cleaned_data["title"])


class ReplyForm(_TextMixin, forms.Form):
    """A reply at the end of a thread (answering a post when `reply_to` says which)."""

    text = _text_field("Your reply")
    reply_to = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1, max_value=2**31 - 1)
    client_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].required = True
        self.fields["text"].error_messages["required"] = services.EMPTY_POST
        if not self.is_bound and not self.initial.get("client_key"):
            self.initial["client_key"] = new_key()

    def clean_reply_to(self):
        return self.cleaned_data.get("reply_to") or None  # a bad number answers no post, no error


class PostEditForm(_TextMixin, forms.Form):
    text = _text_field("Your post")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].required = True
        self.fields["text"].error_messages["required"] = services.EMPTY_POST


class ThreadTitleForm(forms.Form):
    title = forms.CharField(max_length=MAX_TITLE_LENGTH, error_messages={"required": services.EMPTY_TITLE})

    def clean_title(self):
        return field_error(services.clean_title, "title", self.cleaned_data["title"])


class BoardForm(ItemAccessFormMixin, forms.ModelForm):
    """A board's details (managers): name, description, place, who sees it, pre-moderation."""

    class Meta:
        model = Board
        fields = ["name", "description", "position", "premoderation", "new_member_days", "view_access", "view_teams"]
        labels = {"position": "Place in the list"}
        help_texts = {
            "description": "One or two sentences: what belongs on this board.",
            "position": "Boards are listed from the smallest number.",
            "premoderation": "Posts from these people wait for a moderator before anyone else sees them.",
            "new_member_days": "For “New members”: how many days after joining a member counts as new.",
        }
        error_messages = {"name": {"required": "Give the board a name.", "max_length": (
            f"Keep the name to {MAX_NAME_LENGTH} characters or fewer.")}}

    folded_fields = ("position", "new_member_days")
    folded_label = "Order in the list, new members"

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_access(workspace)
        self.fields["premoderation"].widget = forms.RadioSelect(choices=self.fields["premoderation"].choices)
        self.fields["description"].widget = forms.Textarea(attrs={"rows": 3})

    def clean_name(self):
        name = one_line(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError("Give the board a name.")
        return name

    def service_kwargs(self):
        data = self.cleaned_data
        return {"name": data["name"], "description": data["description"].strip(),
                "premoderation": data["premoderation"], "new_member_days": data["new_member_days"],
                "view_access": data["view_access"], "change_access": "managers",
                "view_teams": data.get("view_teams") or [], "change_teams": []}
