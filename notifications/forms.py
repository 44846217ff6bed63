import zoneinfo

from django import forms

from workspaces.lib.forms import SpecificErrorsMixin

from .models import Frequency, Weekday

HOURS = [(h, f"{h:02d}:00") for h in range(24)]
INHERIT = ""


def _zones():
    # The IANA names people recognise (Europe/London); deprecated aliases left out.
    return sorted(z for z in zoneinfo.available_timezones() if "/" in z and not z.startswith(("Etc/", "SystemV/")))


class PreferencesForm(SpecificErrorsMixin, forms.Form):
    field_nouns = {"default_frequency": "how often to email you", "digest_hour": "the hour to send digests at",
                   "digest_weekday": "the day to send the weekly digest on"}
    no_email = forms.BooleanField(
        label="Send me no email at all", required=False,
        help_text="Notifications still appear on the site under the bell.",
    )
    default_frequency = forms.ChoiceField(
        label="Email about my workspaces", choices=Frequency.choices, initial=Frequency.DAILY,
        help_text="Used for every workspace you have not set differently below.",
    )
    timezone = forms.ChoiceField(label="My time zone", choices=[])
    digest_hour = forms.TypedChoiceField(label="Send digests at", choices=HOURS, coerce=int, initial=7)
    digest_weekday = forms.TypedChoiceField(label="Send the weekly digest on", choices=Weekday.choices, coerce=int,
                                            initial=Weekday.MONDAY)

    def __init__(self, *args, workspaces=(), default_zone="Europe/London", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["timezone"].choices = [(z, z.replace("_", " ")) for z in _zones()]
        self.fields["timezone"].initial = default_zone
        self.workspaces = list(workspaces)
        self.field_nouns = {**self.field_nouns, **{
            f"ws_{w.pk}": f"how often to email you about {w.name}" for w in self.workspaces}}
        for workspace in self.workspaces:
            self.fields[f"ws_{workspace.pk}"] = forms.ChoiceField(
                label=workspace.name, required=False,
                choices=[(INHERIT, "As for my workspaces above"), *Frequency.choices],
            )

    def workspace_fields(self):
        return [self[f"ws_{w.pk}"] for w in self.workspaces]

    def service_kwargs(self):
        data = self.cleaned_data
        return {
            "no_email": data["no_email"], "timezone_name": data["timezone"], "digest_hour": data["digest_hour"],
            "digest_weekday": data["digest_weekday"], "default_frequency": data["default_frequency"],
            "workspace_frequencies": {w.pk: data.get(f"ws_{w.pk}", INHERIT) for w in self.workspaces},
        }


class AnnouncementForm(SpecificErrorsMixin, forms.Form):
    field_nouns = {"subject": "a subject for the announcement", "message": "the announcement's message",
                   "audience": "who to send it to"}
    subject = forms.CharField(max_length=150)
    message = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), max_length=5000)
    url = forms.CharField(label="Link to the item", required=False, max_length=500,
                          help_text="A page of this site, starting with /w/ (optional).")
    audience = forms.ChoiceField(
        label="Send to", choices=[("everyone", "Every member of the workspace"), ("teams", "Only the chosen teams")],
        initial="everyone", widget=forms.RadioSelect,
    )
    teams = forms.ModelMultipleChoiceField(queryset=None, required=False, widget=forms.CheckboxSelectMultiple)
    # The item it is about, from its "Email members about this" (the view checks it).
    item_type = forms.IntegerField(required=False, widget=forms.HiddenInput)
    item_id = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, workspace, about=None, teams=None, **kwargs):
        """`about`: the item announced, if any: only those who may see it are offered, and
        `teams` (a queryset) are the teams with someone who may (the view asks the permission
        layer)."""
        super().__init__(*args, **kwargs)
        self.fields["teams"].queryset = (teams if teams is not None else workspace.teams).order_by("name")
        self.workspace = workspace
        if about is not None:
            self.fields["audience"].choices = [("everyone", f"Every member who may see “{about}”"),
                                               ("teams", "Only those of the chosen teams who may see it")]
        if not self.fields["teams"].queryset.exists():  # nothing to choose between
            del self.fields["audience"], self.fields["teams"]

    def clean_url(self):
        url = self.cleaned_data["url"].strip()
        if url and not url.startswith(f"/w/{self.workspace.slug}/"):
            raise forms.ValidationError("Give a page of this workspace, starting with "
                                        f"/w/{self.workspace.slug}/.")
        return url

    def clean(self):
        data = super().clean()
        if "audience" in self.fields and data.get("audience") == "teams" and not data.get("teams"):
            self.add_error("teams", "Choose at least one team, or send to every member.")
        return data
