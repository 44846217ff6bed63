"""Form helpers shared by every app's views."""

import unicodedata

# Characters that show nothing: spaces of every kind, format characters (zero-width spaces and
# joiners, direction marks), controls, unassigned and private-use code points.
_INVISIBLE = {"Zs", "Zl", "Zp", "Cf", "Cc", "Cn", "Co"}


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
