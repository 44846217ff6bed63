"""The vote form (shared by the poll's page and its embed). The service checks the choices
against the poll (services.clean_choices); the form only offers them: radios for one answer,
checkboxes for several, and the "Other" box where the poll offers it."""

from django import forms
from django.utils import timezone

from workspaces.kit.forms import ItemAccessFormMixin, loaded_state_field
from workspaces.kit.services import loaded_state
from workspaces.lib.forms import one_line

from .models import MAX_OPTIONS, MAX_OTHER_LENGTH, Kind, Poll

DATETIME_HELP = "For example 15/01/2027 17:00 (UK time)."
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y"]


class VoteForm(forms.Form):
    def __init__(self, *args, poll, **kwargs):
        kwargs.setdefault("auto_id", f"poll-{poll.pk}-%s")  # two polls on one page keep their own ids
        super().__init__(*args, **kwargs)
        self.poll = poll
        options = [(str(option.pk), option.label) for option in poll.options.all()]
        if poll.kind == Kind.SINGLE:
            # Not required here: the service says "Choose an answer." (or takes the "Other" box alone).
            self.fields["choices"] = forms.ChoiceField(label=poll.question, choices=options, required=False,
                                                       widget=forms.RadioSelect)
        else:
            limit = poll.max_choices
            self.fields["choices"] = forms.MultipleChoiceField(
                label=poll.question, choices=options, required=False, widget=forms.CheckboxSelectMultiple,
                help_text=f"Choose up to {limit}." if limit else "Choose all that apply.")
        self.fields["choices"].error_messages["invalid_choice"] = "Choose from the answers shown."
        if poll.allow_other:
            self.fields["other"] = forms.CharField(label="Other (please say)", required=False,
                                                   max_length=MAX_OTHER_LENGTH)

    def service_kwargs(self):
        chosen = self.cleaned_data.get("choices") or []
        return {"choices": [chosen] if isinstance(chosen, str) else list(chosen),
                "other": self.cleaned_data.get("other", "")}


class PollForm(ItemAccessFormMixin, forms.ModelForm):
    """Add a poll or change its settings. The answers are typed one per line. The services check
    again (and refuse what votes have fixed: anonymity, the kind, the answers)."""

    options = forms.CharField(
        label="Answers", widget=forms.Textarea(attrs={"rows": 6}),
        help_text=f"One answer per line, from 2 to {MAX_OPTIONS}. They cannot change once people have voted.",
        error_messages={"required": "Give at least two answers to choose from, one per line."})
    loaded_state = loaded_state_field()

    class Meta:
        model = Poll
        fields = ["question", "description", "options", "kind", "max_choices", "allow_other", "opens_at",
                  "closes_at", "results", "anonymous", "sign_in_required", "embed", "view_access", "view_teams",
                  "change_access", "change_teams"]
        labels = {"description": "Description", "kind": "How many answers may each person choose?",
                  "max_choices": "At most how many (several answers)", "opens_at": "Opens for votes at",
                  "closes_at": "Closes for votes at", "results": "Show the results to voters",
                  "anonymous": "Anonymous: nobody, managers included, can see who chose what",
                  "view_access": "Who can see it and vote", "change_access": "Who else can run it"}
        help_texts = {
            "question": "One short question, at most 300 characters.",
            "description": "Optional background, shown under the question. You can use Markdown.",
            "max_choices": "Leave empty for no limit.",
            "opens_at": "Empty: as soon as it is published. " + DATETIME_HELP,
            "closes_at": "Empty: until you close it. " + DATETIME_HELP,
            "anonymous": "Fixed once anyone has voted. An anonymous vote cannot be changed.",
            "sign_in_required": "In a public workspace, visitors may otherwise vote too (counted apart, as "
                                "unverified).",
        }
        error_messages = {"question": {"required": "Enter the question."}}
        widgets = {"description": forms.Textarea(attrs={"rows": 4}), "kind": forms.RadioSelect,
                   "results": forms.RadioSelect}

    folded_fields = ("results", "anonymous", "sign_in_required", "embed")
    folded_label = "Results, anonymity and visitors"

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        from . import services

        self.setup_access(workspace)
        poll = self.instance
        if poll.pk:
            if not self.is_bound:
                self.initial["loaded_state"] = loaded_state(poll, services.SETTINGS_FIELDS)
                self.initial["options"] = "\n".join(option.label for option in poll.options.all())
        else:
            self.fields.pop("loaded_state")
        for name in ("opens_at", "closes_at"):
            self.fields[name].widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
            self.fields[name].input_formats = DATETIME_FORMATS
        self.fields["max_choices"].widget.attrs.update(min=1, max=MAX_OPTIONS)
        self.fields["kind"].choices = list(Kind.choices)

    def clean_question(self):
        question = one_line(self.cleaned_data["question"])
        if not question:
            raise forms.ValidationError("Enter the question.")
        return question

    def clean_options(self):
        from . import services

        lines = [line for line in self.cleaned_data["options"].splitlines()]
        try:
            return services.clean_options(lines)
        except forms.ValidationError as exc:
            raise forms.ValidationError(exc.message_dict["options"]) from None

    def clean(self):
        from . import services

        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", "The close must come after the opening.")
        elif closes and closes <= timezone.now() and closes != self.instance.closes_at:
            self.add_error("closes_at", services.CLOSE_IN_PAST)
        if data.get("kind") == Kind.MULTIPLE and data.get("max_choices") and data.get("options"):
            if data["max_choices"] > len(data["options"]):
                self.add_error("max_choices", f"Choose a number from 1 to {len(data['options'])} (the number of "
                                              "answers), or leave it empty for no limit.")
        return data

    def service_kwargs(self):
        data = self.cleaned_data
        kwargs = {name: data[name] for name in ("question", "description", "options", "kind", "max_choices",
                                                 "allow_other", "results", "anonymous", "sign_in_required", "embed",
                                                 "opens_at", "closes_at", "view_access", "change_access")}
        kwargs["max_choices"] = data["max_choices"] if data["kind"] == Kind.MULTIPLE else None
        kwargs.update(view_teams=list(data.get("view_teams") or []), change_teams=list(data.get("change_teams") or []))
        if "loaded_state" in self.fields:
            kwargs["loaded_state"] = data.get("loaded_state", "")
        return kwargs
