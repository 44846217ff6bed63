"""Forms for the licence pages: pools, assigning one person or many, releasing, filters."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from ..lib import files
from ..lib.dates import format_day
from ..lib.forms import SpecificErrorsMixin
from ..models import LicencePool

UPLOAD_MAX_BYTES = 8 * 1024 * 1024  # about 50,000 lines of email, name, workspace, role
TEXT_MAX_CHARS = 2_000_000
MAX_SEATS = 10_000_000
DORMANT_CHOICES = [("", "Anyone"), ("30", "No sign-in for 30 days"), ("90", "No sign-in for 90 days"),
                   ("180", "No sign-in for 180 days"), ("365", "No sign-in for a year")]
STATE_CHOICES = [("", "Any"), ("current", "Current"), ("lapsed", "Not current (pool ended or not started)")]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class PoolForm(SpecificErrorsMixin, forms.Form):
    field_nouns = {"label": "a name for the pool", "seats": "the number of seats",
                   "valid_from": "the date the licences start", "valid_until": "the date the licences end"}
    label = forms.CharField(label="Name", max_length=200,
                            help_text="For example “e-Conveyancing stakeholders 2027”.")
    seats = forms.IntegerField(label="Seats", min_value=0, max_value=MAX_SEATS,
                               help_text="How many people can hold a licence from this pool at once.")
    valid_from = forms.DateField(label="Valid from", widget=DateInput())
    valid_until = forms.DateField(label="Valid until", widget=DateInput(),
                                  help_text="The last day on which its licences give access.")

    def __init__(self, *args, pool=None, **kwargs):
        self.pool = pool
        if pool is not None:
            kwargs.setdefault("initial", {f: getattr(pool, f) for f in ("label", "seats", "valid_from", "valid_until")})
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", "The pool must end on or after the day it starts.")
        seats = data.get("seats")
        if self.pool is not None and seats is not None and seats < self.pool.seats_used:
            used = self.pool.seats_used
            self.add_error("seats", f"{used} seat{'s are' if used != 1 else ' is'} in use, so the pool cannot "
                                    "have fewer. Release people first, then shrink it.")
        return data


def _open_pools(organisation):
    return LicencePool.objects.filter(organisation=organisation, valid_until__gte=timezone.localdate()).order_by(
        "-valid_until", "label"
    )


class PoolChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, pool):
        return f"{pool.label} ({pool.seats_free} of {pool.seats} free, until {format_day(pool.valid_until)})"


class AssignForm(SpecificErrorsMixin, forms.Form):
    email = forms.EmailField(label="Email address", max_length=254,
                             help_text="If they have no account yet, the seat is kept for them until they sign up.")
    name = forms.CharField(label="Name", max_length=150, required=False)
    pool = PoolChoiceField(label="Pool", queryset=LicencePool.objects.none(), empty_label=None)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pool"].queryset = _open_pools(organisation)
        self.fields["email"].widget.attrs.update(autocomplete="off", spellcheck="false")


class UploadMixin:
    """A pasted list or an uploaded file (text, read by files.read_text), not both; puts the text
    in cleaned_data. `too_large` is request.upload_too_large (files.SizeLimitHandler)."""

    def __init__(self, *args, too_large=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.too_large = bool(too_large and "csv_file" in too_large)

    def clean_csv_file(self):
        if self.too_large:  # dropped as it arrived (files.SizeLimitHandler)
            raise ValidationError(files.text_too_large_message(f"over {files.megabytes(UPLOAD_MAX_BYTES)}",
                                                               UPLOAD_MAX_BYTES))
        upload = self.cleaned_data.get("csv_file")
        if not upload:
            return ""
        return files.read_text(upload, max_bytes=UPLOAD_MAX_BYTES)

    def clean(self):
        data = super().clean()
        if "csv_file" in self.errors or "text" in self.errors:
            return data
        text, file_text = (data.get("text") or "").strip(), data.get("csv_file") or ""
        if text and file_text:
            self.add_error("csv_file", "Paste a list or upload a file, not both.")
        elif not text and not file_text.strip():
            if self.files.get("csv_file"):
                self.add_error("csv_file", "The file is empty.")
            else:
                self.add_error("text", "Paste some lines, or upload a file.")
        data["content"] = file_text or text
        return data


class BulkAssignForm(SpecificErrorsMixin, UploadMixin, forms.Form):
    pool = PoolChoiceField(label="Pool", queryset=LicencePool.objects.none(), empty_label=None)
    csv_file = forms.FileField(
        label="CSV file", required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,text/csv,text/plain"}),
        help_text="Up to 8 MB, saved as “CSV UTF-8” or as Unicode text. First line: the column names email, name, "
        "workspace, role (only email is required).",
    )
    text = forms.CharField(
        label="Or paste the lines", required=False, max_length=TEXT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        help_text="For example: email,name,workspace,role then sam@example.org,Sam Patel,demo-programme,contributor",
    )
    report_csv = forms.BooleanField(label="Give me the report as a CSV file", required=False,
                                    help_text="Handy for long files: one row per line with what happened.")

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pool"].queryset = _open_pools(organisation)


class BulkReleaseForm(SpecificErrorsMixin, UploadMixin, forms.Form):
    text = forms.CharField(
        label="Email addresses", required=False, max_length=TEXT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        help_text="One per line. Their seats become free at once; what they wrote stays.",
    )
    csv_file = forms.FileField(
        label="Or upload a CSV file", required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,text/csv,text/plain"}),
        help_text="Email addresses in the first column; a header row is allowed.",
    )


class LicenseeFilterForm(SpecificErrorsMixin, forms.Form):
    """The licensee table's filters (GET). Invalid values are ignored, never an error page."""

    q = forms.CharField(label="Search", required=False, max_length=100, help_text="Name or email address.")
    pool = forms.TypedChoiceField(label="Pool", required=False, coerce=int, empty_value=None)
    state = forms.ChoiceField(label="Licence", required=False, choices=STATE_CHOICES)
    dormant = forms.TypedChoiceField(label="Last sign-in", required=False, coerce=int, empty_value=None,
                                     choices=DORMANT_CHOICES)

    def __init__(self, *args, pools, **kwargs):
        super().__init__(*args, **kwargs)
        self.pools = {p.pk: p for p in pools}
        self.fields["q"].widget.input_type = "search"
        self.fields["pool"].choices = [("", "All pools")] + [(p.pk, p.label) for p in pools]

    def values(self):
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "q": data["q"].strip(),
            "pool": self.pools.get(data["pool"]),
            "state": data["state"],
            "dormant_days": data["dormant"],
        }

    @property
    def active(self):
        return any(self.values().values())


class OrganisationAdminForm(SpecificErrorsMixin, forms.Form):
    field_nouns = {"email": "the email address of the new organisation admin"}
    email = forms.EmailField(label="Email address of the new organisation admin", max_length=254,
                             help_text="They need an Engage account.")


class LicensingForm(SpecificErrorsMixin, forms.Form):
    licensing_enabled = forms.BooleanField(
        label="Members of this organisation's workspaces need a current licence", required=False,
        help_text="Site admins are exempt; public workspaces stay readable by anyone.",
    )
