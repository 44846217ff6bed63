"""The analysis part's forms: the theme codebook, notes, the responses' filters (a GET form),
a decision on a suggestion, and an offline response with its comments."""

from django import forms
from django.utils import timezone

from workspaces.lib.forms import date_input, one_line

from .models import OFFLINE_CHANNELS, Consent, OrganisationType, RespondentType, Theme
from .models.analysis import MAX_DEFINITION_LENGTH, MAX_NOTE_LENGTH, MAX_THEME_NAME_LENGTH
from .models.responses import MAX_COMMENT_LENGTH, MAX_NAME_LENGTH

OFFLINE_ROWS = 5
MAX_SIGNATURES = 10_000_000


class ThemeForm(forms.Form):
    name = forms.CharField(max_length=MAX_THEME_NAME_LENGTH)
    definition = forms.CharField(required=False, max_length=MAX_DEFINITION_LENGTH,
                                 widget=forms.Textarea(attrs={"rows": 3}),
                                 help_text="What a comment says to get this theme: for everyone who codes.")
    parent = forms.TypedChoiceField(label="Under", required=False, coerce=int, empty_value=None,
                                    help_text="Themes go one level deep: a theme under another groups with it.")

    def __init__(self, *args, consultation, theme=None, **kwargs):
        super().__init__(*args, **kwargs)
        tops = Theme.objects.filter(consultation=consultation, parent__isnull=True).order_by("position", "name")
        if theme is not None:
            tops = tops.exclude(pk=theme.pk)
        self.parents = {t.pk: t for t in tops}
        self.fields["parent"].choices = [("", "Nothing (a top-level theme)"),
                                         *((pk, t.name) for pk, t in self.parents.items())]

    def clean_name(self):
        name = one_line(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError("Enter the theme's name.")
        return name

    def clean_parent(self):
        pk = self.cleaned_data.get("parent")
        return self.parents.get(pk) if pk else None


class NoteForm(forms.Form):
    text = forms.CharField(label="Internal note", max_length=MAX_NOTE_LENGTH, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text="Seen by analysts only: never published.",
                           error_messages={"required": "Write the note."})

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError("Write the note.")
        return text


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", "Accept"), ("reject", "Reject"), ("note", "Note")],
                                 widget=forms.RadioSelect)
    note = forms.CharField(label="Note (optional)", required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}),
                           help_text="Why: the person who suggested it is told.")
    replace = forms.BooleanField(required=False, label="Yes, replace the wording another accepted suggestion set")


def _choices(enum, blank):
    return [("", blank), *enum.choices]


class FilterForm(forms.Form):
    """The responses' filters (GET): a filtered list is an address to share."""

    section = forms.TypedChoiceField(label="Commented on", required=False, coerce=int, empty_value=None)
    theme = forms.TypedChoiceField(label="Theme", required=False, coerce=int, empty_value=None)
    respondent_type = forms.ChoiceField(label="Responding", required=False,
                                        choices=_choices(RespondentType, "Individuals and organisations"))
    organisation_type = forms.ChoiceField(label="Organisation type", required=False,
                                          choices=_choices(OrganisationType, "Any type"))
    channel = forms.ChoiceField(label="Channel", required=False,
                                choices=[("", "Online and offline"), ("online", "Online"), ("offline", "Offline")])
    campaign = forms.ChoiceField(label="Campaigns", required=False,
                                 choices=[("", "In a campaign or not"), ("yes", "In a campaign"),
                                          ("no", "Not in a campaign")])

    def __init__(self, data, *, sections, themes):
        super().__init__(data)
        self.sections = {s.pk: s for s in sections}
        self.themes = {t.pk: t for t, _depth in themes}
        self.fields["section"].choices = [("", "Any section"), *((s.pk, str(s)[:80]) for s in sections)]
        self.fields["theme"].choices = [("", "Any theme"),
                                        *((t.pk, ("— " if depth else "") + t.name) for t, depth in themes)]

    def chosen(self):
        """The valid filters ({} when the form is not valid: its errors are shown)."""
        if not self.is_bound or not self.is_valid():
            return {}
        data = self.cleaned_data
        chosen = {name: data[name] for name in ("respondent_type", "organisation_type", "channel", "campaign")
                  if data.get(name)}
        if data.get("section") in self.sections:
            chosen["section"] = self.sections[data["section"]]
        if data.get("theme") in self.themes:
            chosen["theme"] = self.themes[data["theme"]]
        return chosen


def place_choices(sections):
    """The select of places a comment can be about: "2 — The proposals (the whole section)",
    then "2.4 — first words…" for each paragraph. Values "2/" (a section) and "2/4" (its
    paragraph 4): numbers, not ids, so that a form typed against one copy reads the same."""
    choices = [("", "Choose where it is about")]
    for section in sections:
        group = [(f"{section.number}/", f"{section.number} — the whole section")]
        for paragraph in section.paragraphs.all():
            words = " ".join(paragraph.text.split()[:8])
            label = f"{section.number}.{paragraph.number} — {words[:60]}…"
            group.append((f"{section.number}/{paragraph.number}", label))
        choices.append((str(section)[:80], group))
    return choices


class OfflineForm(forms.Form):
    channel = forms.ChoiceField(label="How it came in", widget=forms.RadioSelect,
                                choices=[(c.value, c.label.split(" (")[0]) for c in OFFLINE_CHANNELS])
    received_on = forms.DateField(label="Received on", widget=date_input(),
                                  help_text="For example 2027-03-14.")
    respondent_type = forms.ChoiceField(label="Responding", choices=RespondentType.choices,
                                        widget=forms.RadioSelect, initial=RespondentType.INDIVIDUAL)
    display_name = forms.CharField(label="Name", required=False, max_length=MAX_NAME_LENGTH)
    organisation_name = forms.CharField(label="Organisation name", required=False, max_length=MAX_NAME_LENGTH)
    organisation_type = forms.ChoiceField(label="Organisation type", required=False,
                                          choices=_choices(OrganisationType, "Not an organisation"))
    consent = forms.ChoiceField(label="Publishing", choices=Consent.choices, widget=forms.RadioSelect,
                                initial=Consent.PRIVATE, help_text="What the person or organisation agreed to.")
    signature_count = forms.IntegerField(label="Signatures", min_value=1, max_value=MAX_SIGNATURES, initial=1,
                                         help_text="How many people it speaks for (a petition's signatures).")

    def __init__(self, *args, sections, rows=OFFLINE_ROWS, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        self.places = {}
        for section in sections:
            self.places[f"{section.number}/"] = (section, None)
            for paragraph in section.paragraphs.all():
                self.places[f"{section.number}/{paragraph.number}"] = (section, paragraph)
        choices = place_choices(sections)
        for n in range(1, rows + 1):
            self.fields[f"place_{n}"] = forms.ChoiceField(label=f"Comment {n}: about", required=False,
                                                          choices=choices)
            self.fields[f"text_{n}"] = forms.CharField(label=f"Comment {n}: what was said", required=False,
                                                       max_length=MAX_COMMENT_LENGTH,
                                                       widget=forms.Textarea(attrs={"rows": 4}))

    def about_fields(self):
        return [self[name] for name in ("channel", "received_on", "respondent_type", "display_name",
                                        "organisation_name", "organisation_type", "consent", "signature_count")]

    def comment_rows(self):
        return [(n, self[f"place_{n}"], self[f"text_{n}"]) for n in range(1, self.rows + 1)]

    def clean_received_on(self):
        received = self.cleaned_data["received_on"]
        if received > timezone.localdate():
            raise forms.ValidationError("The date it was received cannot be in the future.")
        return received

    def clean(self):
        data = super().clean()
        if data.get("respondent_type") == RespondentType.ORGANISATION and not one_line(
                data.get("organisation_name", "")):
            self.add_error("organisation_name", "Enter the organisation's name.")
        comments = []
        for n in range(1, self.rows + 1):
            place, text = data.get(f"place_{n}"), (data.get(f"text_{n}") or "").strip()
            if place and not text:
                self.add_error(f"text_{n}", "Type what was said, or leave the place empty.")
            elif text and not place:
                self.add_error(f"place_{n}", "Choose where this comment is about.")
            elif place and text:
                section, paragraph = self.places[place]
                comments.append((section, paragraph, text))
        if not comments and not self.errors:
            self.add_error("place_1", "Add at least one comment: choose where it is about and type what was said.")
        data["comments"] = comments
        return data

