"""Forms of the library. Field checks that the services also make are run here too, so that
each message appears next to its field; what needs the database at the moment of saving
(duplicate titles, locks, conflicts) comes back from the services."""


from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from workspaces.kit.forms import (
    ItemAccessFormMixin,
    SpecificErrorsMixin,
    field_error,
    loaded_state_field,
    loaded_version_field,
    markdown_field,
    people_field,
    split_people,
)
from workspaces.kit.models import Role, Team
from workspaces.kit.selectors import members_named
from workspaces.kit.services import loaded_state
from workspaces.lib import files
from workspaces.lib.forms import date_input

from . import selectors, services
from .models import (
    MAX_COMMENT_LENGTH,
    MAX_DESCRIPTION_LENGTH,
    MAX_NOTE_LENGTH,
    MAX_TITLE_LENGTH,
    Document,
    Reviewer,
)
from .services.common import DETAILS_FIELDS, MAX_PEOPLE, check_text

TEXT_HELP = "You can use Markdown: ## headings, **bold**, lists, [links](https://…), tables."
COMMENT_TOO_LONG = "Keep the comment to %(limit_value)d characters or fewer (it has %(show_value)d)."
TITLE_ERRORS = {"required": "Enter a title for the document.",
                "max_length": "Keep the title to %(limit_value)d characters or fewer (it has %(show_value)d)."}


class FolderField(forms.ModelChoiceField):
    def label_from_instance(self, folder):
        return "\u00a0\u00a0\u00a0" * (folder.depth - 1) + folder.title  # indented: seen, not read out


def _folder_field(workspace, label="Folder"):
    return FolderField(
        queryset=selectors.folder_choices(workspace), required=False, label=label,
        empty_label="(the top of the library)",
        error_messages={"invalid_choice": "Choose a folder of this library from the list."},
    )


def _note_field(label="What changed", help_text="A few words for the list of versions, for example “Figures for Q2”."):
    return forms.CharField(
        label=label, required=False, max_length=MAX_NOTE_LENGTH, help_text=help_text,
        error_messages={"max_length": "Keep this to %(limit_value)d characters or fewer (it has %(show_value)d)."},
    )


def _description_field():
    return forms.CharField(
        required=False, max_length=MAX_DESCRIPTION_LENGTH, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What it is and who it is for. Shown on its page and found by the search.",
        error_messages={"max_length": "Keep the description to %(limit_value)d characters or fewer (it has "
                                      "%(show_value)d)."},
    )


def _file_field(label="File"):
    return forms.FileField(
        label=label, allow_empty_file=True,
        # Short, so that the upload form fits one screen; the full list is in the refusal of another kind.
        help_text=f"At most {files.megabytes(files.max_upload_bytes())}: PDF, Office and OpenDocument files, images, "
                  "text, CSV or ZIP.",
        error_messages={"required": "Choose a file to upload.", "invalid": "Choose a file to upload.",
                        "empty": "The file you chose is empty."},
    )


class _FileMixin:
    """The file field; `too_large` (from files.SizeLimitHandler) says the browser sent a file
    over the limit, which was not kept."""

    def setup_file(self, too_large):
        if self.is_bound:  # shown again after a refusal: browsers do not keep a chosen file
            self.fields["file"].help_text += (" If something else on this form needs correcting, you will need to "
                                              "choose the file again.")
        self.too_large = bool(too_large and "file" in too_large)
        if self.too_large:
            self.fields["file"].required = False

    def clean_file(self):
        if self.too_large:
            raise ValidationError(files.too_large_message(f"over {files.megabytes(files.max_upload_bytes())}"))
        upload = self.cleaned_data.get("file")
        self.checked = field_error(files.check_upload, "file", upload)
        return upload


class FolderForm(SpecificErrorsMixin, forms.Form):
    """A new folder's name; with folder=, renaming that folder, which may also be put in another
    one (with everything in it)."""

    title = forms.CharField(label="Folder name", max_length=MAX_TITLE_LENGTH,
                            help_text=f"For example “Minutes”, “Training materials” or “Papers for the board”. At "
                                      f"most {MAX_TITLE_LENGTH} characters.",
                            error_messages={"required": "Enter a name for the folder.", "max_length": (
                                "Keep the name to %(limit_value)d characters or fewer (it has %(show_value)d).")})

    def __init__(self, *args, folder=None, **kwargs):
        super().__init__(*args, **kwargs)
        if folder is not None:
            parent = self.fields["parent"] = _folder_field(folder.workspace, label="Put it in")
            parent.queryset = parent.queryset.exclude(path__startswith=folder.path)  # not in itself
            parent.help_text = "Everything in it moves with it."
            self.initial.setdefault("parent", folder.parent_id)

    def clean_title(self):
        return field_error(lambda t: services.common.clean_title(t, "folder"), "title", self.cleaned_data["title"])

    def service_kwargs(self):
        data = self.cleaned_data
        kwargs = {"title": data["title"]}
        if "parent" in self.fields and "parent" in self.data:  # (a form without the field moves nothing)
            kwargs["parent"] = data["parent"]
        return kwargs


class UploadForm(_FileMixin, ItemAccessFormMixin, forms.ModelForm):
    """Add a document from a file. Pass workspace=."""

    file = _file_field()
    note = _note_field("About this version", "For example “Draft for the March meeting”.")

    class Meta:
        model = Document
        fields = ["file", "title", "folder", "description", "note", "view_access", "view_teams", "change_access",
                  "change_teams"]
        help_texts = {"title": "Leave it empty to use the file's name."}
        error_messages = {"title": TITLE_ERRORS}

    # So that the form fits one screen: file, title, folder, who can see it, Upload (kit/form.html).
    folded_fields = ("description", "note")
    folded_label = "Add a description or a note (optional)"

    def __init__(self, *args, workspace, too_large=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_file(too_large)
        self.fields["title"].required = False
        self.fields["folder"] = _folder_field(workspace)
        self.fields["description"] = _description_field()
        self.setup_access(workspace)
        self.order_fields(self.Meta.fields)

    def service_kwargs(self):
        data = self.cleaned_data
        return {
            "upload": data["file"], "title": data.get("title", ""), "folder": data.get("folder"),
            "description": data.get("description", ""), "note": data.get("note", ""), **_access_kwargs(data),
        }


def _access_kwargs(data):
    return {"view_access": data["view_access"], "change_access": data["change_access"],
            "view_teams": list(data.get("view_teams") or []), "change_teams": list(data.get("change_teams") or [])}


class VersionForm(SpecificErrorsMixin, _FileMixin, forms.Form):
    """Upload a new version of a file document."""

    file = _file_field("The new version")
    note = _note_field()
    check_in = forms.BooleanField(label="Unlock the document when it is uploaded, so that others can change it",
                                  required=False, initial=True)

    def __init__(self, *args, holds_lock=False, too_large=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_file(too_large)
        if not holds_lock:
            self.fields.pop("check_in")


class _TextMixin:
    def clean_text(self):
        text = services.normalise_text(self.cleaned_data.get("text", ""))
        field_error(check_text, "text", text)
        return text


def _text_field():
    return markdown_field(help_text=TEXT_HELP, css_class="markdown-source")


class WriteForm(_TextMixin, ItemAccessFormMixin, forms.ModelForm):
    """Start a document written here. Pass workspace= and user=."""

    text = _text_field()
    coauthors = people_field("Co-authors", "Contributors who are writing it with you. Everyone who saves a version is "
                                           "added too.", role="contributor")
    note = _note_field("About this version", "For example “First draft”.")

    class Meta:
        model = Document
        fields = ["title", "folder", "description", "text", "coauthors", "note", "view_access", "view_teams",
                  "change_access", "change_teams"]
        error_messages = {"title": TITLE_ERRORS}

    def __init__(self, *args, workspace, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.workspace, self.user = workspace, user
        self.fields["folder"] = _folder_field(workspace)
        self.fields["description"] = _description_field()
        self.setup_access(workspace)
        self.order_fields(self.Meta.fields)

    def clean_title(self):
        return field_error(services.common.clean_title, "title", self.cleaned_data["title"])

    def clean_coauthors(self):
        people = members_named(self.workspace, split_people(self.cleaned_data.get("coauthors")),
                               min_role=Role.CONTRIBUTOR, limit=MAX_PEOPLE)
        return people

    def service_kwargs(self):
        data = self.cleaned_data
        return {"title": data["title"], "folder": data.get("folder"), "description": data.get("description", ""),
                "text": data["text"], "note": data.get("note", ""), "coauthors": data["coauthors"],
                **_access_kwargs(data)}


class EditForm(SpecificErrorsMixin, _TextMixin, forms.Form):
    """Change a written document's text. `loaded_version` is the version the editor started
    from (see services.document_edit)."""

    text = _text_field()
    note = _note_field()
    loaded_version = loaded_version_field()
    check_in = forms.BooleanField(label="Unlock the document when it is saved, so that others can change it",
                                  required=False, initial=True)

    def __init__(self, *args, document, holds_lock=False, **kwargs):
        kwargs["initial"] = {"text": document.text, "loaded_version": document.version, **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        if not holds_lock:
            self.fields.pop("check_in")

    def service_kwargs(self):
        data = self.cleaned_data
        return {"text": data["text"], "note": data["note"], "base_version": data["loaded_version"],
                "check_in": data.get("check_in", False)}


def _moment_field(label, help_text):
    """A date and time (the site's time zone), typed or picked (datetime-local)."""
    return forms.DateTimeField(
        label=label, required=False, help_text=help_text,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"invalid": "Enter a date and time, for example 2027-01-15 17:00."},
    )


class DetailsForm(ItemAccessFormMixin, forms.ModelForm):
    """Rename, describe or move a document; its author and managers also choose who may see
    and change it, and when it takes comments (circulated "for comments until ..."); co-authors
    can be added."""

    coauthors = people_field("Add co-authors", "Contributors to credit as authors.", role="contributor")
    comments_open_at = _moment_field("Comments open from", "Leave it empty to take comments from now on.")
    comments_close_at = _moment_field("Comments close at", "For example 2027-01-15 17:00. Leave it empty to take "
                                                           "comments for as long as the document is here. Followers "
                                                           "are reminded the day before.")
    loaded_state = loaded_state_field()  # the details as the form was loaded (no save over another unseen)
    window_fields = ("comments_open_at", "comments_close_at")

    class Meta:
        model = Document
        fields = ["title", "folder", "description", "coauthors", "comments_open_at", "comments_close_at",
                  "view_access", "view_teams", "change_access", "change_teams"]
        error_messages = {"title": TITLE_ERRORS}

    def __init__(self, *args, workspace, access_editable=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("loaded_state", loaded_state(self.instance, DETAILS_FIELDS))
        self.workspace = workspace
        self.fields["folder"] = _folder_field(workspace)
        self.fields["description"] = _description_field()
        self.setup_access(workspace)
        self.order_fields(self.Meta.fields)
        zone = f" Times are {settings.TIME_ZONE} time."
        for name in self.window_fields:
            self.fields[name].help_text += zone
        if not access_editable:  # who takes part (who sees it, when it takes comments) is theirs to say
            for name in (*self.access_fields, *self.window_fields):
                self.fields.pop(name, None)

    def clean_title(self):
        return field_error(services.common.clean_title, "title", self.cleaned_data["title"])

    def clean_coauthors(self):
        return members_named(self.workspace, split_people(self.cleaned_data.get("coauthors")), limit=MAX_PEOPLE,
                             min_role=Role.CONTRIBUTOR)

    def service_kwargs(self):
        data = self.cleaned_data
        kwargs = {"title": data["title"], "folder": data.get("folder"), "description": data.get("description", ""),
                  "coauthors": data["coauthors"], "expected_state": data.get("loaded_state") or None}
        if "view_access" in self.fields:
            kwargs.update(_access_kwargs(data))
        if "comments_close_at" in self.fields:
            kwargs["comment_window"] = (data.get("comments_open_at"), data.get("comments_close_at"))
        return kwargs


class ReviewRequestForm(SpecificErrorsMixin, forms.Form):
    reviewers = people_field("Who should review it", "Any member: readers can review too.")
    team = forms.ModelChoiceField(queryset=Team.objects.none(), required=False, label="Or everyone in a team",
                                  empty_label="(no team)")
    due_on = forms.DateField(label="Review by", widget=date_input(),
                             error_messages={"required": "Enter the date the review is due, for example 25/12/2026.",
                                             "invalid": "Enter a real date, for example 25/12/2026."})
    message = forms.CharField(label="Message to the reviewers", required=False, max_length=MAX_DESCRIPTION_LENGTH,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text="What you would like them to look at.")

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.workspace = workspace
        teams = Team.objects.filter(workspace=workspace)
        self.fields["team"].queryset = teams
        self.fields["due_on"].widget.format = "%Y-%m-%d"
        if not teams.exists():
            self.fields.pop("team")

    def clean(self):
        data = super().clean()
        emails = split_people(data.get("reviewers"))
        people = []
        if emails:
            try:
                people = members_named(self.workspace, emails, limit=MAX_PEOPLE)
            except ValidationError as exc:
                self.add_error("reviewers", exc)
        team = data.get("team")
        if team is not None:
            people += [u for u in team.group.user_set.filter(is_active=True, memberships__workspace=self.workspace)
                       .order_by("pk") if u not in people]
        if not (emails or team) and "reviewers" not in self.errors:
            self.add_error("reviewers", "Name at least one person to review it" + (", or choose a team." if "team" in
                                                                                     self.fields else "."))
        data["people"] = people
        return data


class ReviewAnswerForm(SpecificErrorsMixin, forms.Form):
    decision = forms.ChoiceField(
        label="Your answer", widget=forms.RadioSelect,
        choices=[(Reviewer.Decision.APPROVED, "I approve it"),
                 (Reviewer.Decision.CHANGES_REQUESTED, "I ask for changes")],
        error_messages={"required": "Choose whether you approve it or ask for changes."},
    )
    comment = forms.CharField(
        label="Comment", required=False, max_length=MAX_COMMENT_LENGTH, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Needed when you ask for changes: say what should change.",
        error_messages={"max_length": COMMENT_TOO_LONG},
    )
