"""The publishing part's forms: the publishing list's filters, a decision, a redaction, the
"Publish responses" switch, the published responses' section, and the outcome's editors."""

from django import forms

from workspaces.kit.forms import loaded_version_field

from .models import PublishState
from .models.consultation import MAX_SUMMARY_LENGTH
from .models.responses import MAX_REASON_LENGTH
from .publishing import BODY, SUGGESTION

STATES = [("pending", "Waiting for a decision"), ("approved", "Approved"), ("rejected", "Rejected")]
WHAT = [("comments", "Comments and suggestions"), ("answers", "Answers to questions")]


def section_choices(sections, blank):
    return [("", blank), *((s.pk, f"{s.number} {s.heading}"[:90]) for s in sections)]


class PartsFilter(forms.Form):
    """The publishing list's filters (a GET form: a filtered list is an address)."""

    what = forms.ChoiceField(label="Show", choices=WHAT, required=False)
    state = forms.ChoiceField(label="Decision", choices=STATES, required=False)
    section = forms.TypedChoiceField(label="Section", coerce=int, required=False, empty_value=None)

    def __init__(self, data, *, sections):
        super().__init__(data)
        self.fields["section"].choices = section_choices(sections, "Every section")

    def chosen(self):
        """(what, state, section id): the defaults for whatever is not valid (its error is shown)."""
        valid = self.is_valid()
        data = self.cleaned_data if valid else {}
        return (data.get("what") or "comments", data.get("state") or "pending", data.get("section"))


class DecideForm(forms.Form):
    state = forms.ChoiceField(choices=[(PublishState.APPROVED, "Approve"), (PublishState.REJECTED, "Reject"),
                                       (PublishState.PENDING, "Undecided")])


class RedactForm(forms.Form):
    field = forms.ChoiceField(label="Take it out of", choices=[(BODY, "The comment"), (SUGGESTION, "The wording")],
                              initial=BODY, widget=forms.RadioSelect)
    span = forms.CharField(label="Text to take out", max_length=10_000, strip=False,
                           help_text="Copy it exactly from the text above.",
                           widget=forms.Textarea(attrs={"rows": 3}))
    reason = forms.CharField(label="Why it is taken out", max_length=MAX_REASON_LENGTH,
                             help_text="For example: names a private person; personal contact details.")

    def __init__(self, *args, suggestion=False, **kwargs):
        super().__init__(*args, **kwargs)
        if suggestion:
            self.fields["field"].choices = [(SUGGESTION, "The suggested wording"), (BODY, "The reason given")]
            self.fields["field"].initial = SUGGESTION
        else:
            del self.fields["field"]

    def clean_span(self):
        span = self.cleaned_data["span"].replace("\r\n", "\n")
        if not span.strip():
            raise forms.ValidationError("Enter the text to take out.")
        return span


class ResponsesPublishedForm(forms.Form):
    published = forms.TypedChoiceField(choices=[("1", "On"), ("0", "Off")], coerce=lambda v: v == "1")


class SectionPick(forms.Form):
    section = forms.TypedChoiceField(label="Section", coerce=int, required=False, empty_value=None)

    def __init__(self, data, *, sections):
        super().__init__(data)
        self.fields["section"].choices = section_choices(sections, "Every section")


class OutcomeForm(forms.Form):
    outcome_summary = forms.CharField(
        label="What we did", required=False, max_length=MAX_SUMMARY_LENGTH,
        help_text="The overall outcome, in plain words: what you decided and why. Markdown.",
        widget=forms.Textarea(attrs={"rows": 12}))
    loaded_version = loaded_version_field()


class SectionOutcomeForm(forms.Form):
    response_text = forms.CharField(label="Our response", required=False, max_length=MAX_SUMMARY_LENGTH,
                                    help_text="What you make of what people said about this section. Markdown.",
                                    widget=forms.Textarea(attrs={"rows": 8}))
    changes_text = forms.CharField(label="What changed", required=False, max_length=MAX_SUMMARY_LENGTH,
                                   help_text="What is different in the final text, and why. Markdown.",
                                   widget=forms.Textarea(attrs={"rows": 6}))
    quoted = forms.TypedMultipleChoiceField(
        label="Quotes to show", coerce=int, required=False, widget=forms.CheckboxSelectMultiple,
        help_text="Only approved comments whose authors agreed to publication can be chosen.")
    loaded_version = loaded_version_field()

    def __init__(self, *args, paragraphs, quotable, **kwargs):
        super().__init__(*args, **kwargs)
        self.paragraphs = paragraphs
        for paragraph in paragraphs:
            self.fields[f"final_{paragraph.pk}"] = forms.CharField(
                label=f"Final wording of paragraph {paragraph.number}", required=False, max_length=20_000,
                help_text="Leave blank (or as it was) if it does not change.",
                widget=forms.Textarea(attrs={"rows": 4}))
        self.fields["quoted"].choices = [
            (c.pk, f"{c.response.published_name} ({c.response.public_id}): "
                   f"{(c.published_body or c.published_suggestion)[:140]}")
            for c in quotable]

    def final_fields(self):
        return [(p, self[f"final_{p.pk}"]) for p in self.paragraphs]

    def final_texts(self):
        return {p.pk: self.cleaned_data.get(f"final_{p.pk}", "") for p in self.paragraphs}
