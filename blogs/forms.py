"""The writing part's forms: a blog's settings, a post's editor, the "Publish" step."""

from datetime import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from workspaces.kit.forms import (
    ItemAccessFormMixin,
    SpecificErrorsMixin,
    loaded_state_field,
    loaded_version_field,
    markdown_field,
)
from workspaces.kit.services import loaded_state
from workspaces.lib import files
from workspaces.lib.forms import date_input, one_line
from workspaces.lib.tags import MAX_TAG_LENGTH, MAX_TAGS, parse_tags

from .models import MAX_ALT_LENGTH, MAX_SUMMARY_LENGTH, MAX_TITLE_LENGTH, Blog, Post
from .services import BLOG_FIELDS

IMAGE_MAX_BYTES = 5 * 1024 * 1024
IMAGE_TYPES = {files.PNG.mime, files.JPEG.mime, files.GIF.mime, files.WEBP.mime}
IMAGE_KINDS = "a PNG, JPEG, GIF or WebP image"

TITLE_ERRORS = {
    "required": "Enter a title.",
    "max_length": "Keep the title to %(limit_value)d characters or fewer (it has %(show_value)d).",
}


def _title(value, message="Enter a title."):
    title = one_line(value)
    if not title:
        raise ValidationError(message)
    return title


class BlogForm(ItemAccessFormMixin, forms.ModelForm):
    """A new blog, or a blog's settings (pass workspace=; on settings, `loaded_state` notices a
    save made by someone else meanwhile)."""

    loaded_state = loaded_state_field()

    class Meta:
        model = Blog
        fields = ["title", "description", "writers", "comments", "view_access", "view_teams", "change_access",
                  "change_teams"]
        labels = {"writers": "Who writes in it", "comments": "Members may comment on its posts"}
        widgets = {"writers": forms.RadioSelect}
        help_texts = {
            "title": "Such as “News” or “Programme updates”. Its address is made from it and stays the same if you "
                     "rename it later.",
            "description": "One line under its title, and in its feeds.",
            "writers": "Managers can always write. Posts are seen only by their writers and managers until "
                       "they are published.",
        }
        error_messages = {"title": TITLE_ERRORS,
                          "description": {"max_length": "Keep the description to %(limit_value)d characters or "
                                                        "fewer (it has %(show_value)d)."}}

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_access(workspace)
        if self.instance.pk:
            self.initial.setdefault("loaded_state", loaded_state(self.instance, BLOG_FIELDS))

    def clean_title(self):
        return _title(self.cleaned_data["title"], "Enter a title for the blog.")

    def service_kwargs(self):
        data = self.cleaned_data
        return {"title": data["title"], "description": data.get("description", ""), "writers": data["writers"],
                "comments": data.get("comments", False), "view_access": data["view_access"],
                "change_access": data["change_access"], "view_teams": list(data.get("view_teams") or []),
                "change_teams": list(data.get("change_teams") or [])}


class PostForm(ItemAccessFormMixin, forms.ModelForm):
    """A post's editor: title, summary, the Markdown text, tags, an optional image (checked by
    its content) with its description, comments, who may see and change it. Pass workspace=;
    too_large= the request's upload_too_large (files.SizeLimitHandler dropped the image)."""

    text = markdown_field(label="Text", help_text="Markdown: **bold**, lists, [links](https://…), ## headings.",
                          css_class="post-text")
    tags = forms.CharField(
        required=False, max_length=1000,
        help_text=f"Separate tags with commas, for example “rivers, funding”. Up to {MAX_TAGS} tags of at most "
                  f"{MAX_TAG_LENGTH} characters.")
    image = forms.FileField(
        label="Image", required=False,
        help_text=f"Optional: {IMAGE_KINDS}, at most {files.megabytes(IMAGE_MAX_BYTES)}. Shown at the top of the "
                  "post.")
    remove_image = forms.BooleanField(label="Remove the image", required=False)
    loaded_version = loaded_version_field(required=False)

    folded_label = "Image, tags and comments"
    folded_fields = ("image", "image_alt", "remove_image", "tags", "comments_open")

    class Meta:
        model = Post
        fields = ["title", "summary", "text", "tags", "image", "image_alt", "comments_open", "view_access",
                  "view_teams", "change_access", "change_teams"]
        labels = {"comments_open": "Members may comment on this post", "image_alt": "Image description"}
        widgets = {"summary": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "title": f"At most {MAX_TITLE_LENGTH} characters.",
            "summary": f"One or two sentences for lists, feeds and email. At most {MAX_SUMMARY_LENGTH} characters.",
            "image_alt": "What the image shows, for people who cannot see it. Required with an image.",
        }
        error_messages = {
            "title": TITLE_ERRORS,
            "summary": {"max_length": "Keep the summary to %(limit_value)d characters or fewer (it has "
                                      "%(show_value)d)."},
            "image_alt": {"max_length": f"Keep the image description to {MAX_ALT_LENGTH} characters or fewer "
                                        "(it has %(show_value)d)."},
        }

    def __init__(self, *args, workspace, too_large=None, access_editable=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.too_large = bool(too_large and "image" in too_large)
        self.fields["image"].widget = forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/gif,"
                                                                                "image/webp"})
        self.fields["image"].widget.clear_checkbox_label = ""
        if self.instance.pk:
            self.initial.setdefault("tags", ", ".join(self.instance.tag_names))
            self.initial.setdefault("loaded_version", self.instance.version)
            self.initial["image"] = None  # the current one is shown beside it; a new one replaces it
            self.fields["loaded_version"].required = True
        if not (self.instance.pk and self.instance.image):
            self.fields.pop("remove_image")
        self.setup_access(workspace)
        if not access_editable:
            for name in self.access_fields:
                self.fields.pop(name, None)

    def clean_title(self):
        return _title(self.cleaned_data["title"], "Enter a title for the post.")

    def clean_summary(self):
        return one_line(self.cleaned_data.get("summary", ""))

    def clean_tags(self):
        return parse_tags(self.cleaned_data.get("tags", ""))

    def clean_image(self):
        if self.too_large:  # dropped as it arrived
            raise ValidationError(f"The image is over {files.megabytes(IMAGE_MAX_BYTES)}: choose a smaller one.")
        upload = self.cleaned_data.get("image")
        if not upload or not hasattr(upload, "content_type"):
            return None
        try:
            checked = files.check_upload(upload, field="image")
        except ValidationError as error:
            raise ValidationError(error.message_dict["image"]) from None
        if checked.mime not in IMAGE_TYPES:
            raise ValidationError(f"“{checked.name}” is not {IMAGE_KINDS}. Choose an image of one of those kinds.")
        if checked.size > IMAGE_MAX_BYTES:
            raise ValidationError(f"The image is {files.megabytes(checked.size, up=True)}; it can be at most "
                                  f"{files.megabytes(IMAGE_MAX_BYTES)}. Choose a smaller one.")
        upload.name, upload.content_type = checked.name, checked.mime
        return upload

    def clean(self):
        data = super().clean()
        keeps_image = bool(self.instance.pk and self.instance.image) and not data.get("remove_image")
        has_image = bool(data.get("image")) or keeps_image
        if has_image and not one_line(data.get("image_alt", "")) and "image_alt" not in self.errors:
            self.add_error("image_alt", "Describe the image for people who cannot see it (or leave the image out).")
        return data

    def service_kwargs(self):
        data = self.cleaned_data
        kwargs = {"title": data["title"], "summary": data.get("summary", ""), "text": data.get("text", ""),
                  "tags": data["tags"], "image": data.get("image"), "image_alt": data.get("image_alt", ""),
                  "comments_open": data.get("comments_open", False)}
        if "view_access" in self.fields:
            kwargs.update(view_access=data["view_access"], change_access=data["change_access"],
                          view_teams=list(data.get("view_teams") or []),
                          change_teams=list(data.get("change_teams") or []))
        return kwargs


class PublishForm(SpecificErrorsMixin, forms.Form):
    """"Publish now" or "Schedule for" a date and time (the site's time zone), and whom to email
    when it goes public. Pass teams= (the workspace's teams) and may_announce=."""

    NOW, LATER = "now", "later"
    when = forms.ChoiceField(label="When", widget=forms.RadioSelect,
                             choices=[(NOW, "Publish now"), (LATER, "Schedule for a date and time")])
    publish_on = forms.DateField(label="Date", required=False, widget=date_input(),
                                 help_text="For example 2027-01-15.",
                                 error_messages={"invalid": "Enter a date, such as 2027-01-15."})
    publish_time = forms.TimeField(label="Time", required=False, widget=forms.TimeInput(attrs={"type": "time"}),
                                   help_text="24-hour clock, for example 09:30.",
                                   error_messages={"invalid": "Enter a time, such as 09:30."})
    announce = forms.ChoiceField(label="Email members about it", widget=forms.RadioSelect,
                                 choices=Post.Announce.choices, initial=Post.Announce.NOBODY)
    announce_teams = forms.ModelMultipleChoiceField(label="Teams to email", queryset=None, required=False,
                                                    widget=forms.CheckboxSelectMultiple,
                                                    help_text="Used when “Members of chosen teams” is chosen.")
    loaded_state = loaded_state_field()

    def __init__(self, *args, teams, may_announce=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["announce_teams"].queryset = teams
        if not may_announce:
            self.fields.pop("announce")
            self.fields.pop("announce_teams")
        elif not teams.exists():
            self.fields.pop("announce_teams")
            self.fields["announce"].choices = [c for c in Post.Announce.choices if c[0] != Post.Announce.TEAMS]

    def clean(self):
        data = super().clean()
        if data.get("when") == self.LATER and "publish_on" not in self.errors and "publish_time" not in self.errors:
            day, time = data.get("publish_on"), data.get("publish_time")
            if day is None:
                self.add_error("publish_on", "Enter the date to publish it on.")
            if time is None:
                self.add_error("publish_time", "Enter the time to publish it at.")
            if day is not None and time is not None:
                data["publish_at"] = timezone.make_aware(datetime.combine(day, time))
                if data["publish_at"] <= timezone.now():
                    self.add_error("publish_on", "That time has passed: choose a time in the future, or publish now.")
        if data.get("announce") == Post.Announce.TEAMS and not data.get("announce_teams"):
            self.add_error("announce_teams", "Choose at least one team to email, or choose whom to email another way.")
        return data

    def service_kwargs(self):
        data = self.cleaned_data
        kwargs = {"at": data.get("publish_at") if data["when"] == self.LATER else None}
        if "announce" in self.fields:
            kwargs.update(announce=data["announce"], announce_teams=list(data.get("announce_teams") or []))
        return kwargs
