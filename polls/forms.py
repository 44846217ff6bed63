"""The vote form (shared by the poll's page and its embed). The service checks the choices
against the poll (services.clean_choices); the form only offers them: radios for one answer,
checkboxes for several, and the "Other" box where the poll offers it."""

from django import forms

from .models import MAX_OTHER_LENGTH, Kind


class VoteForm(forms.Form):
    def __init__(self, *args, poll, **kwargs):
        super().__init__(*args, **kwargs)
        self.poll = poll
        options = [(str(option.pk), option.label) for option in poll.options.all()]
        if poll.kind == Kind.SINGLE:
            self.fields["choices"] = forms.ChoiceField(label=poll.question, choices=options,
                                                       required=not poll.allow_other, widget=forms.RadioSelect)
        else:
            limit = poll.max_choices
            self.fields["choices"] = forms.MultipleChoiceField(
                label=poll.question, choices=options, required=False, widget=forms.CheckboxSelectMultiple,
                help_text=f"Choose up to {limit}." if limit else "Choose all that apply.")
        if poll.allow_other:
            self.fields["other"] = forms.CharField(label="Other (please say)", required=False,
                                                   max_length=MAX_OTHER_LENGTH)

    def service_kwargs(self):
        chosen = self.cleaned_data.get("choices") or []
        return {"choices": [chosen] if isinstance(chosen, str) else list(chosen),
                "other": self.cleaned_data.get("other", "")}
