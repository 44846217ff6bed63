from django import forms

from workspaces.kit.forms import (
    ItemAccessFormMixin,
    SpecificErrorsMixin,
    field_error,
    loaded_version_field,
    markdown_field,
)

from . import selectors, services
from .models import MAX_SUMMARY_LENGTH, MAX_TITLE_LENGTH, Page

TEXT_HELP = (
    "You can use Markdown: ## headings, **bold**, lists, [links](https://…). Link to another page of this wiki "
    "with [[Page title]] or [[Page title|the words to show]]."
)


class ParentField(forms.ModelChoiceField):
    def label_from_instance(self, page):
        # Indented by depth (non-breaking spaces: seen, not read out).
        return "\u00a0\u00a0\u00a0" * (page.path.count("/") - 2) + page.title


def _parent_field():
    return ParentField(
        queryset=Page.objects.none(), required=False, label="Put it under", empty_label="(the top of the wiki)",
        help_text="The page this one belongs to. Pages at the top are listed on the wiki's front page.",
        error_messages={"invalid_choice": "Choose a page of this wiki from the list."},
    )


def _text_field():
    return markdown_field(help_text=TEXT_HELP, css_class="markdown-source")


def _summary_field():
    return forms.CharField(
        label="Summary of your changes", required=False, max_length=MAX_SUMMARY_LENGTH,
        help_text="A few words for the page history, for example “Added the March meeting dates”.",
        error_messages={"max_length": "Keep the summary to %(limit_value)d characters or fewer "
                                      "(it has %(show_value)d)."},
    )


class _TextMixin:
    def clean_text(self):
        text = services.normalise_text(self.cleaned_data.get("text", ""))
        field_error(services.check_text, "text", text)
        return text


class PageCreateForm(_TextMixin, ItemAccessFormMixin, forms.ModelForm):
    """Add a page. Pass workspace= and user= (the parent choices are the pages they may see)."""

    parent = _parent_field()
    text = _text_field()
    summary = _summary_field()

    class Meta:
        model = Page
        fields = ["title", "parent", "text", "summary", "view_access", "view_teams", "change_access", "change_teams"]
        help_texts = {"title": f"At most {MAX_TITLE_LENGTH} characters. Other pages link here with [[its title]]."}
        error_messages = {"title": {"required": "Enter a title for the page.", "max_length": (
            "Keep the title to %(limit_value)d characters or fewer (it has %(show_value)d).")}}

    def __init__(self, *args, workspace, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = selectors.parent_choices(user, workspace)
        self.setup_access(workspace)

    def clean_title(self):
        return field_error(services.clean_title, "title", self.cleaned_data["title"])

    def service_kwargs(self):
        data = self.cleaned_data
        return {
            "title": data["title"], "parent": data.get("parent"), "text": data["text"], "summary": data["summary"],
            "view_access": data["view_access"], "change_access": data["change_access"],
            "view_teams": list(data.get("view_teams") or []), "change_teams": list(data.get("change_teams") or []),
        }


class PageEditForm(_TextMixin, ItemAccessFormMixin, forms.ModelForm):
    """Change a page's text (and, for its author and managers, who may see and change it).
    `loaded_version` is the version the editor started from (see services.page_update)."""

    text = _text_field()
    summary = _summary_field()
    loaded_version = loaded_version_field()

    class Meta:
        model = Page
        fields = ["text", "summary", "view_access", "view_teams", "change_access", "change_teams"]

    def __init__(self, *args, workspace, access_editable=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("loaded_version", self.instance.version)
        self.setup_access(workspace)
        if not access_editable:
            # Who may see or change a page is its author's and the managers' call.
            for name in self.access_fields:
                self.fields.pop(name, None)

    def service_kwargs(self):
        data = self.cleaned_data
        kwargs = {"text": data["text"], "summary": data["summary"], "base_version": data["loaded_version"]}
        if "view_access" in self.fields:
            kwargs.update(
                view_access=data["view_access"], change_access=data["change_access"],
                view_teams=list(data.get("view_teams") or []), change_teams=list(data.get("change_teams") or []),
            )
        return kwargs


class PageMoveForm(SpecificErrorsMixin, forms.Form):
    """Rename a page or put it somewhere else in the tree."""

    title = forms.CharField(
        max_length=MAX_TITLE_LENGTH, help_text="Links to the old title and the old address keep working.",
        error_messages={"required": "Enter a title for the page.",
                        "max_length": "Keep the title to %(limit_value)d characters or fewer (it has %(show_value)d)."},
    )
    parent = _parent_field()
    summary = _summary_field()
    loaded_version = loaded_version_field()

    def __init__(self, *args, page, user, **kwargs):
        kwargs.setdefault("initial", {"title": page.title, "parent": page.parent_id, "loaded_version": page.version})
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = selectors.parent_choices(user, page.workspace, exclude=page)

    def clean_title(self):
        return field_error(services.clean_title, "title", self.cleaned_data["title"])
