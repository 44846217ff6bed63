"""What a tool's forms are built from.

- ItemAccessFormMixin: "who can see this" / "who can change this" (anyone, members, managers,
  chosen teams) on a WorkspaceItem's ModelForm; pass workspace= and call setup_access().
- markdown_field(): a Markdown textarea; show it with
  `{% include "components/editor.html" with field=form.text prefix="wiki" %}` for the live
  preview, and `{% include "components/editor_preview.html" with prefix="wiki" %}` under the form.
- loaded_version_field(): the hidden version an edit form was loaded with (no lost edits).
- loaded_state_field(): the same for a form of an item's fields, not its text
  (kit.services.loaded_state / check_loaded_state; kit.views.changed_form).
- people_field(): members named by @handle or address, separated by commas (the people pickers:
  static/js/people.js offers the members as one types); read it with split_people() and
  kit.selectors.members_named(), whose errors say who is not a member.
- field_error(): a service's check raising {field: message}, as a plain field error.
- add_service_error(): a service's ValidationError on a form, each message by its field.
- SpecificErrorsMixin: first in every form's bases, so that its errors say what to do ("Enter
  the title.", "Choose a file to upload."), never "This field is required." (workspaces.lib.forms).
"""

import re

from django import forms
from django.core.exceptions import ValidationError

from ..forms import ItemAccessFormMixin
from ..lib.forms import SpecificErrorsMixin, add_service_error

__all__ = ["OUT_OF_DATE", "ItemAccessFormMixin", "SpecificErrorsMixin", "add_service_error", "field_error",
           "loaded_state_field", "loaded_version_field", "markdown_field", "people_field", "split_people",
           "unbound_copy"]

OUT_OF_DATE = "This form is out of date. Reload the page to edit the current version."


def loaded_version_field(required=True):
    return forms.IntegerField(widget=forms.HiddenInput, required=required, min_value=1,
                              error_messages={"required": OUT_OF_DATE})


def loaded_state_field():
    """The hidden kit.services.loaded_state an edit form of an item's fields was loaded with."""
    return forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)


def markdown_field(*, label=None, help_text="", rows=18, css_class="", required=False):
    """A Markdown textarea (kept as typed: no stripping, so a merge sees the same lines)."""
    attrs = {"rows": rows, "spellcheck": "true", "data-markdown": ""}  # static/js: toolbar, @mentions
    if css_class:
        attrs["class"] = css_class
    field = forms.CharField(required=required, strip=False, help_text=help_text, widget=forms.Textarea(attrs=attrs))
    if label is not None:
        field.label = label
    return field


PEOPLE_HELP = ("Start typing a name to choose from the members, or type @handles or email addresses, separated "
               "by commas.")


def people_field(label, help_text="", *, role=""):
    """A list of members typed as @handles or addresses. `role` ("contributor") narrows the
    suggestions; the form's clean still checks it (members_named(min_role=...))."""
    attrs = {"data-people": "", "autocomplete": "off", "spellcheck": "false"}
    if role:
        attrs["data-people-role"] = role
    return forms.CharField(label=label, required=False, max_length=5000, widget=forms.TextInput(attrs=attrs),
                           help_text=" ".join(part for part in (help_text, PEOPLE_HELP) if part))


def split_people(value):
    """The names in a people field: separated by commas, semicolons or spaces."""
    return [part for part in re.split(r"[\s,;]+", value or "") if part.strip("@")]


def field_error(call, name, value):
    """Run a service check that raises ValidationError({name: message}) as a plain field
    error, so a form's clean_<name>() shows the service's own message."""
    try:
        return call(value)
    except ValidationError as exc:
        raise ValidationError(exc.message_dict[name]) from None


def unbound_copy(form, make_form):
    """The values of a posted form in a new unbound form, so that showing them again (after a
    preview) shows no validation errors. make_form(initial=...) builds it."""
    initial = {
        name: field.widget.value_from_datadict(form.data, form.files, form.add_prefix(name))
        for name, field in form.fields.items()
    }
    return make_form(initial=initial)
