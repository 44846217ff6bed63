"""Form helpers shared by every app's views."""

import unicodedata

from django.forms import (
    BooleanField,
    ChoiceField,
    DateField,
    DateInput,
    DateTimeField,
    DecimalField,
    EmailField,
    FileField,
    FloatField,
    IntegerField,
    ModelChoiceField,
    URLField,
)
from django.forms.utils import pretty_name

# Characters that show nothing: spaces of every kind, format characters (zero-width spaces and
# joiners, direction marks), controls, unassigned and private-use code points.
_INVISIBLE = {"Zs", "Zl", "Zp", "Cf", "Cc", "Cn", "Co"}


def date_input():
    """A date picker (<input type="date">) showing its value: browsers read only YYYY-MM-DD there,
    not the site's en-GB "14/12/2026", which would leave a saved date looking empty."""
    return DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def one_line(text):
    """A name as typed on one line: runs of whitespace made one space, ends trimmed; "" when
    nothing in it can be seen (only zero-width or other invisible characters)."""
    text = " ".join((text or "").split())
    return text if any(unicodedata.category(char) not in _INVISIBLE for char in text) else ""


def add_service_error(form, error):
    """Put a service's ValidationError on a form: each message next to the field it names when
    the form has that field, the rest at the top. (Form.add_error(None, error) would refuse a
    dict naming a field the form does not have.)

    The form may be unbound (a page whose button posts no fields): it is given an empty
    error list first, so that the refusal is shown rather than the page crashing."""
    form.errors  # noqa: B018 - validates a bound form; gives an unbound one its (empty) errors
    if not hasattr(form, "cleaned_data"):
        form.cleaned_data = {}
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


# --- Specific error messages ("Enter the title", not "This field is required.") ---

EMAIL_EXAMPLE = "Enter an email address like name@example.org."
WEB_ADDRESS_EXAMPLE = "Enter a web address like https://www.example.org/page."
DATE_EXAMPLE = "25/12/2026"


def _lower_first(text):
    # "URL" and "CSV file" keep their capitals; "Title" becomes "title".
    return text if text[:2].isupper() else text[:1].lower() + text[1:]


def field_noun(label):
    """What a field asks for, to put after "Enter" or "Choose": "Title" -> "the title",
    "Your name" -> "your name", a question or a long label quoted as it is shown."""
    text = " ".join(str(label or "").split()).rstrip(":")
    if not text:
        return "a value"
    words = text.split(" ")
    if text.endswith("?"):
        return f"an answer to “{text}”"
    if words[0].lower() in ("who", "what", "which", "when", "where", "why", "how"):
        return _lower_first(text)  # "Who can see this" -> "Choose who can see this."
    if words[0].lower() in ("my", "your"):
        return "your " + " ".join(words[1:])
    if words[0].lower() in ("a", "an", "the"):
        return _lower_first(text)
    if len(words) > 4:
        return f"“{text}”"
    return "the " + _lower_first(text)


def _default_messages(field):
    # Django's generic words only: a field class of ours (or a library's) words its own.
    messages = {}
    for cls in reversed(type(field).__mro__):
        if cls.__module__.startswith("django."):
            messages.update(cls.__dict__.get("default_error_messages", {}))
    return messages


def _kind(field):
    # What kind of answer a field wants (a file field here is only asked its kind: no upload is read).
    for kind, classes in (("file", FileField), ("tick", BooleanField), ("choose", ChoiceField | ModelChoiceField),
                          ("email", EmailField), ("url", URLField), ("number", IntegerField),
                          ("decimal", DecimalField | FloatField), ("date", DateField | DateTimeField)):
        if isinstance(field, classes):
            return kind
    return "enter"


def specific_messages(field, noun):
    """The messages a field gets in place of Django's generic ones, worded from what it asks
    for (`noun`, see field_noun) and its kind."""
    kind = _kind(field)
    subject = noun[:1].upper() + noun[1:]
    required = {
        "file": "Choose a file to upload.",
        "tick": f"Tick the box to confirm: {noun}." if noun.startswith("“") else f"Tick {noun} to go on.",
        "choose": f"Choose {noun}.",
    }.get(kind, f"Enter {noun}.")
    messages = {
        "required": required,
        "max_length": f"{subject} must be %(limit_value)d characters or fewer (it has %(show_value)d).",
        "min_length": f"{subject} must be at least %(limit_value)d characters (it has %(show_value)d).",
        "min_value": f"{subject} must be %(limit_value)s or more.",
        "max_value": f"{subject} must be %(limit_value)s or less.",
        "invalid_choice": f"Choose {noun} from the list.",
        "invalid_list": f"Choose {noun} from the list.",
    }
    invalid = {
        "email": EMAIL_EXAMPLE,
        "url": WEB_ADDRESS_EXAMPLE,
        "number": f"Enter {noun} as a whole number, for example 10.",
        "decimal": f"Enter {noun} as a number, for example 2.5.",
        "date": f"Enter {noun} as a date, for example {DATE_EXAMPLE}.",
        "file": "Choose a file to upload.",
    }.get(kind)
    if invalid:
        messages["invalid"] = invalid
    return messages


def use_specific_messages(form):
    """Replace each field's generic Django messages with specific ones; a message a form sets
    itself (error_messages=..., Meta.error_messages, or in __init__) is kept."""
    nouns = getattr(form, "field_nouns", {})
    for name, field in form.fields.items():
        defaults = _default_messages(field)
        noun = nouns.get(name) or field_noun(field.label if field.label is not None else pretty_name(name))
        for code, text in specific_messages(field, noun).items():
            own = field.error_messages.get(code)
            if own is not None and own is not defaults.get(code):
                continue  # the form's own words (Django's are the very objects of the class defaults)
            field.error_messages[code] = text


class SpecificErrorsMixin:
    """Put first in a form's bases: its fields' errors say what to do ("Enter the title.",
    "Choose the role.", "Enter an email address like name@example.org.", "Choose a file to
    upload."), never "This field is required.". The words come from each field's label and kind
    when the form is validated (so fields added in __init__ are covered too). To word one
    yourself, pass error_messages as usual, or name what the field asks for in
    `field_nouns = {"seats": "the number of seats"}`."""

    field_nouns = {}

    def full_clean(self):
        use_specific_messages(self)
        super().full_clean()
