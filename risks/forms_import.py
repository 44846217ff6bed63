"""The import part's forms: suggesting a risk, and triaging a suggestion (the upload's form is
risks.imports.ImportForm, beside the checks of what arrives). The
services check everything again; the forms put each refusal next to its field."""

import re

from django import forms
from django.core.exceptions import ValidationError

from workspaces.kit.forms import SpecificErrorsMixin, people_field, split_people
from workspaces.kit.selectors import members_named
from workspaces.lib.forms import one_line

from .models import MAX_REASON_LENGTH, MAX_TEXT_LENGTH, MAX_TITLE_LENGTH, Risk, Status

TEXT_ROWS = 3


class SuggestForm(SpecificErrorsMixin, forms.Form):
    title = forms.CharField(label="Title", max_length=MAX_TITLE_LENGTH,
                            help_text="A few words: “Key supplier fails to deliver”.",
                            error_messages={"required": "Give the risk a title."})
    cause = forms.CharField(label="Cause", required=False, max_length=MAX_TEXT_LENGTH,
                            widget=forms.Textarea(attrs={"rows": TEXT_ROWS}),
                            help_text="Because of … (what is there now that could lead to it)")
    event = forms.CharField(label="Event", required=False, max_length=MAX_TEXT_LENGTH,
                            widget=forms.Textarea(attrs={"rows": TEXT_ROWS}),
                            help_text="… this could happen …")
    impact = forms.CharField(label="Effect", required=False, max_length=MAX_TEXT_LENGTH,
                             widget=forms.Textarea(attrs={"rows": TEXT_ROWS}),
                             help_text="… which would lead to … (on the programme, its users, its budget)")
    category = forms.ModelChoiceField(label="Category", queryset=None, required=False, empty_label="Not sure",
                                      error_messages={"invalid_choice": "Choose one of the categories shown."})

    def __init__(self, *args, register, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = register.categories.all()

    def clean_title(self):
        title = one_line(self.cleaned_data["title"])
        if not title:
            raise ValidationError("Give the risk a title.")
        return title


def _score_choices(labels):
    return [("", "—")] + [(str(n), f"{n} – {label}") for n, label in enumerate(labels, start=1)]


class TriageForm(SpecificErrorsMixin, forms.Form):
    """Accept (scores and an owner), merge into another risk (its reference), or decline (a reason)."""

    DECISIONS = [("accept", "Accept it into the register"), ("merge", "Merge it into another risk"),
                 ("decline", "Decline it")]

    decision = forms.ChoiceField(label="Decision", choices=DECISIONS, widget=forms.RadioSelect,
                                 error_messages={"required": "Choose accept, merge or decline."})
    owner = people_field("Owner (to accept)", "The member who owns the risk.")
    category = forms.ModelChoiceField(label="Category", queryset=None, required=False, empty_label="None",
                                      error_messages={"invalid_choice": "Choose one of the categories shown."})
    inherent_likelihood = forms.TypedChoiceField(label="Inherent likelihood", required=False, coerce=int,
                                                 empty_value=None)
    inherent_impact = forms.TypedChoiceField(label="Inherent impact", required=False, coerce=int, empty_value=None)
    current_likelihood = forms.TypedChoiceField(label="Current likelihood", required=False, coerce=int,
                                                empty_value=None)
    current_impact = forms.TypedChoiceField(label="Current impact", required=False, coerce=int, empty_value=None)
    target_likelihood = forms.TypedChoiceField(label="Target likelihood", required=False, coerce=int,
                                               empty_value=None)
    target_impact = forms.TypedChoiceField(label="Target impact", required=False, coerce=int, empty_value=None)
    into = forms.CharField(label="Merge into (reference)", required=False, max_length=20,
                           help_text="The open or mitigating risk it repeats, such as R-3.")
    reason = forms.CharField(label="Reason (to merge or decline)", required=False, max_length=MAX_REASON_LENGTH,
                             widget=forms.Textarea(attrs={"rows": TEXT_ROWS}),
                             help_text="Shown to the person who suggested it.")

    def __init__(self, *args, risk, **kwargs):
        super().__init__(*args, **kwargs)
        self.risk = risk
        register = risk.register
        self.fields["category"].queryset = register.categories.all()
        for name in ("inherent", "current", "target"):
            self.fields[f"{name}_likelihood"].choices = _score_choices(register.likelihood_labels)
            self.fields[f"{name}_impact"].choices = _score_choices(register.impact_labels)
        for name in self.fields:
            if name.endswith(("_likelihood", "_impact")):
                self.fields[name].error_messages["invalid_choice"] = "Choose a value from the list."

    def clean(self):
        data = super().clean()
        decision = data.get("decision")
        if decision == "accept":
            try:
                owners = members_named(self.risk.register.workspace, split_people(data.get("owner")), limit=1)
            except ValidationError as error:
                self.add_error("owner", error)
                owners = None
            if owners == []:
                self.add_error("owner", "Choose who owns the risk: a member of this workspace.")
            data["owner_user"] = owners[0] if owners else None
        elif decision == "merge":
            match = re.fullmatch(r"\s*R\s*-?\s*(\d{1,9})\s*", data.get("into") or "", re.IGNORECASE)
            into = None
            if match:
                into = (Risk.objects.filter(register=self.risk.register_id, number=int(match.group(1)),
                                            status__in=(Status.OPEN, Status.MITIGATING))
                        .exclude(pk=self.risk.pk).first())
            if into is None:
                self.add_error("into", "Give the reference of an open or mitigating risk of this register, such as "
                                       "R-3.")
            data["into_risk"] = into
        return data

    def scores(self):
        data = self.cleaned_data
        return {name: (data.get(f"{name}_likelihood"), data.get(f"{name}_impact"))
                for name in ("inherent", "current", "target")
                if data.get(f"{name}_likelihood") is not None or data.get(f"{name}_impact") is not None}
