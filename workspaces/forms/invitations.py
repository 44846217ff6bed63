"""Forms for inviting people (one, or many from a list or CSV file) and the invitation list."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from ..lib import files
from ..lib.forms import SpecificErrorsMixin
from ..models import Role, Team
from .members import ROLE_HELP

BULK_UPLOAD_MAX_BYTES = 1024 * 1024
BULK_TEXT_MAX_CHARS = 1_000_000


def _teams_field(label, help_text):
    return forms.ModelMultipleChoiceField(
        label=label, queryset=Team.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple, help_text=help_text,
    )


class TeamsFieldMixin:
    """Limits the `teams` field to the workspace's teams, and drops it when there are none."""

    def setup_teams(self, workspace):
        teams = Team.objects.filter(workspace=workspace).order_by("name")
        if not teams.exists():
            self.fields.pop("teams", None)
        else:
            self.fields["teams"].queryset = teams


class InvitationForm(SpecificErrorsMixin, TeamsFieldMixin, forms.Form):
    email = forms.EmailField(
        label="Email address", max_length=254, help_text="The invitation link is sent to this address."
    )
    role = forms.TypedChoiceField(
        label="Role", coerce=int, choices=Role.choices, initial=Role.READER, widget=forms.RadioSelect,
        help_text=ROLE_HELP,
    )
    teams = _teams_field("Teams", "They join these teams when they accept.")
    message = forms.CharField(
        label="Message", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Added to the invitation email.",
    )

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs.update(autocomplete="off", spellcheck="false")
        self.setup_teams(workspace)


class BulkInvitationForm(SpecificErrorsMixin, TeamsFieldMixin, forms.Form):
    addresses = forms.CharField(
        label="Email addresses", required=False, max_length=BULK_TEXT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false"}),
        help_text="One per line. Add a role after a comma to override the default, "
        "for example: sam@example.org,contributor",
    )
    csv_file = forms.FileField(
        label="Or upload a CSV file", required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,text/csv,text/plain"}),
        help_text="Up to 1 MB, saved as “CSV UTF-8” or as Unicode text. Columns: email, and optionally role. "
        "A header row is allowed.",
    )
    role = forms.TypedChoiceField(
        label="Default role", coerce=int, choices=Role.choices, initial=Role.READER, widget=forms.RadioSelect,
        help_text="For every line that does not name a role.",
    )
    teams = _teams_field("Teams", "Everyone invited joins these teams when they accept.")
    message = forms.CharField(
        label="Message", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Added to every invitation email.",
    )

    def __init__(self, *args, workspace, too_large=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_teams(workspace)
        self.too_large = bool(too_large and "csv_file" in too_large)

    def clean_csv_file(self):
        if self.too_large:  # dropped as it arrived (files.SizeLimitHandler)
            raise ValidationError(files.text_too_large_message(f"over {files.megabytes(BULK_UPLOAD_MAX_BYTES)}",
                                                               BULK_UPLOAD_MAX_BYTES))
        upload = self.cleaned_data.get("csv_file")
        if not upload:
            return ""
        return files.read_text(upload, max_bytes=BULK_UPLOAD_MAX_BYTES)

    def clean(self):
        data = super().clean()
        text, file_text = (data.get("addresses") or "").strip(), data.get("csv_file")
        if "csv_file" in self.errors or "addresses" in self.errors:
            return data
        if text and file_text:
            self.add_error("csv_file", "Paste a list or upload a file, not both.")
        elif not text and not (file_text or "").strip():
            if self.files.get("csv_file"):
                self.add_error("csv_file", "The file is empty.")
            else:
                self.add_error("addresses", "Paste at least one email address, or upload a file.")
        data["text"] = file_text or text
        return data


INVITATION_STATUSES = [
    ("", "All"),
    ("pending", "Pending"),
    ("accepted", "Accepted"),
    ("expired", "Expired"),
    ("revoked", "Withdrawn"),
    ("declined", "Declined"),
]


class InvitationFilterForm(SpecificErrorsMixin, forms.Form):
    status = forms.ChoiceField(label="Status", required=False, choices=INVITATION_STATUSES)
    q = forms.CharField(label="Email address", required=False, max_length=254)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.input_type = "search"

    def filter(self, invitations):
        if not self.is_valid():
            return invitations
        now = timezone.now()
        status, q = self.cleaned_data["status"], self.cleaned_data["q"].strip()
        open_ = Q(accepted_at__isnull=True, revoked_at__isnull=True)
        if status == "pending":
            invitations = invitations.filter(open_, expires_at__gt=now)
        elif status == "accepted":
            invitations = invitations.filter(accepted_at__isnull=False)
        elif status == "expired":
            invitations = invitations.filter(open_, expires_at__lte=now)
        elif status == "revoked":
            invitations = invitations.filter(accepted_at__isnull=True, revoked_at__isnull=False,
                                             declined_at__isnull=True)
        elif status == "declined":
            invitations = invitations.filter(accepted_at__isnull=True, declined_at__isnull=False)
        if q:
            invitations = invitations.filter(email__icontains=q)
        return invitations

