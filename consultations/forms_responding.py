"""The respondent's forms: a comment, a suggested wording, and "Your response" (about you,
publishing consent, confidentiality; the questions are kit.questions fields, read by views)."""

import uuid

from django import forms

from .models import Consent, OrganisationType, RespondentType, Response
from .models.responses import MAX_COMMENT_LENGTH, MAX_NAME_LENGTH, MAX_SUGGESTION_LENGTH

FOI_WARNING = ("We will not publish it or show it to other people. Freedom of information law may still "
               "require us to disclose it.")
MAX_SIGNATURES = 10_000_000


def _length_error(limit, what):
    return f"{what} must be {limit:,} characters or fewer"


class _Confidential(forms.Form):
    confidential = forms.BooleanField(label="Keep this confidential", required=False, help_text=FOI_WARNING)
    client_key = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and not self.initial.get("client_key"):
            self.initial["client_key"] = uuid.uuid4().hex


class CommentForm(_Confidential):
    body = forms.CharField(
        label="Your comment", max_length=MAX_COMMENT_LENGTH, widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Enter your comment",
                        "max_length": _length_error(MAX_COMMENT_LENGTH, "Your comment")},
        help_text="You can use Markdown: *emphasis*, lists, links.",
    )
    field_order = ["body", "confidential", "client_key"]


class SuggestionForm(_Confidential):
    suggested_text = forms.CharField(
        label="Your suggested wording", max_length=MAX_SUGGESTION_LENGTH, widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Enter the wording you suggest",
                        "max_length": _length_error(MAX_SUGGESTION_LENGTH, "The wording")},
        help_text="Change the paragraph's text as you would like it to read.",
    )
    body = forms.CharField(
        label="Why this change? (optional)", required=False, max_length=MAX_COMMENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _length_error(MAX_COMMENT_LENGTH, "Your reason")},
    )
    field_order = ["suggested_text", "body", "confidential", "client_key"]


class DetailsForm(forms.ModelForm):
    """About you, publishing consent and confidentiality (the questions are read separately, so
    the page shows one summary of both: error_summary_in_place)."""

    error_summary_in_place = True

    respondent_type = forms.ChoiceField(label="Are you responding as an individual or for an organisation?",
                                        choices=RespondentType.choices, widget=forms.RadioSelect)
    display_name = forms.CharField(label="Your name", max_length=MAX_NAME_LENGTH, required=False,
                                   help_text="Shown with your response only if you agree below.")
    organisation_name = forms.CharField(label="Organisation name", max_length=MAX_NAME_LENGTH, required=False)
    organisation_type = forms.ChoiceField(label="Type of organisation", required=False,
                                          choices=[("", "Choose a type")] + list(OrganisationType.choices))
    consent = forms.ChoiceField(label="May we publish your response?", choices=Consent.choices,
                                widget=forms.RadioSelect,
                                help_text="We never publish the parts you mark confidential.")
    answers_confidential = forms.BooleanField(label="Keep my answers to the questions confidential",
                                              required=False, help_text=FOI_WARNING)
    signature_count = forms.IntegerField(
        label="How many people does this response speak for?", min_value=1, max_value=MAX_SIGNATURES,
        required=False,
        help_text="Organisations only: for a response sent on behalf of members or supporters, say how many. "
                  "Leave it as 1 otherwise.",
        error_messages={"invalid": "Enter a whole number, like 250",
                        "min_value": "Enter 1 or more", "max_value": f"Enter {MAX_SIGNATURES:,} or fewer"},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "number"}),
    )
    notify_outcome = forms.BooleanField(label="Email me when the outcome is published", required=False)
    client_key = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)

    class Meta:
        model = Response
        fields = ["respondent_type", "display_name", "organisation_name", "organisation_type", "consent",
                  "answers_confidential", "signature_count", "notify_outcome"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and not self.initial.get("client_key"):
            self.initial["client_key"] = uuid.uuid4().hex

    def clean_display_name(self):
        return " ".join(self.cleaned_data.get("display_name", "").split())

    def clean_organisation_name(self):
        return " ".join(self.cleaned_data.get("organisation_name", "").split())

    def clean(self):
        data = super().clean()
        if data.get("respondent_type") == RespondentType.ORGANISATION:
            if not data.get("organisation_name"):
                self.add_error("organisation_name", "Enter the organisation's name")
            if not data.get("organisation_type"):
                self.add_error("organisation_type", "Choose the type of organisation")
        else:
            data["organisation_name"], data["organisation_type"] = "", ""
            data["signature_count"] = 1
        if not data.get("signature_count"):
            data["signature_count"] = 1
        if data.get("consent") == Consent.NAMED and not (
                data.get("display_name") or data.get("organisation_name")):
            self.add_error("display_name", "Enter your name, or choose to be published without it")
        return data

    def details(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
