"""The builder's forms: a survey's settings, a page, a question. The services check again
(a form and a save refuse alike); these give each mistake its field."""

from django import forms

from workspaces.kit.forms import ItemAccessFormMixin, SpecificErrorsMixin, loaded_state_field
from workspaces.kit.questions.kinds import Kind, spec
from workspaces.kit.questions.logic import Operator
from workspaces.kit.questions.models import MAX_CODE_LENGTH, code_validator
from workspaces.kit.services import loaded_state
from workspaces.lib.forms import one_line

from . import building
from .models import Survey
from .models.survey import MAX_PAGE_TITLE_LENGTH

DATETIME_HELP = "For example 15/01/2027 17:00. Leave empty for no limit."


class SurveySettingsForm(ItemAccessFormMixin, forms.ModelForm):
    """Create or edit a survey's settings (managers and its builders)."""

    loaded_state = loaded_state_field()

    class Meta:
        model = Survey
        fields = ["title", "description", "anonymous", "allow_edit", "allow_multiple", "results_published",
                  "closing_message", "opens_at", "closes_at", "view_access", "view_teams", "change_access",
                  "change_teams"]
        labels = {"view_access": "Who can see and answer it", "change_access": "Who else can build it",
                  "description": "Description", "opens_at": "Opens at", "closes_at": "Closes at"}
        help_texts = {"description": "Shown before the first question: what it is for, how long it takes. "
                                     "You can use Markdown.",
                      "opens_at": DATETIME_HELP, "closes_at": DATETIME_HELP}
        error_messages = {"title": {"required": "Enter the survey's title."}}
        widgets = {"description": forms.Textarea(attrs={"rows": 5}),
                   "closing_message": forms.Textarea(attrs={"rows": 3})}

    folded_fields = ("allow_edit", "allow_multiple", "results_published", "closing_message")
    folded_label = "Responses and the closing message"

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_access(workspace)
        if self.instance.pk and not self.is_bound:
            self.initial["loaded_state"] = loaded_state(self.instance, building.SETTINGS_FIELDS)
        if not self.instance.pk:
            self.fields.pop("loaded_state")
        for name in ("opens_at", "closes_at"):
            self.fields[name].widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M"]

    def clean_title(self):
        title = one_line(self.cleaned_data["title"])
        if not title:
            raise forms.ValidationError("Enter the survey's title.")
        return title

    def service_kwargs(self):
        data = self.cleaned_data
        return {name: data[name] for name in building.SETTINGS_FIELDS} | {
            "view_teams": data.get("view_teams") or [], "change_teams": data.get("change_teams") or []}


class KindForm(SpecificErrorsMixin, forms.Form):
    """The first step of adding a question: its type (the form that follows offers only what it takes)."""

    kind = forms.ChoiceField(label="Type of question", choices=Kind.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Choose the type of question."})


class PageForm(SpecificErrorsMixin, forms.Form):
    title = forms.CharField(label="Page title", required=False, max_length=MAX_PAGE_TITLE_LENGTH,
                            help_text="Shown above the page's questions.")
    intro = forms.CharField(label="Introduction", required=False, max_length=2000,
                            widget=forms.Textarea(attrs={"rows": 3}),
                            help_text="A few sentences before the questions.")

    def __init__(self, *args, earlier=(), page=None, **kwargs):
        super().__init__(*args, **kwargs)
        add_rule_fields(self, earlier, current=page)

    def clean(self):
        data = super().clean()
        clean_rule(self, data)
        return data


class QuestionForm(SpecificErrorsMixin, forms.Form):
    """A question of one kind: only the fields that kind takes (kinds.spec) are offered."""

    kind = forms.ChoiceField(label="Type of question", choices=Kind.choices)
    code = forms.CharField(max_length=MAX_CODE_LENGTH, validators=[code_validator],
                           help_text="A short, stable name used in results and exports (Q1, age_band).",
                           error_messages={"required": "Enter a code for the question."})
    text = forms.CharField(label="Question", max_length=1000, widget=forms.Textarea(attrs={"rows": 2}),
                           error_messages={"required": "Enter the question."})
    help_text = forms.CharField(label="Help text", required=False, max_length=2000,
                                widget=forms.Textarea(attrs={"rows": 2}),
                                help_text="Shown under the question.")
    required = forms.BooleanField(label="An answer is required", required=False)
    options = forms.CharField(label="Options", required=False, widget=forms.Textarea(attrs={"rows": 6}),
                              help_text="One per line: just the label, or “code | label” to choose the code.")
    rows = forms.CharField(label="Rows", required=False, widget=forms.Textarea(attrs={"rows": 4}),
                           help_text="One per line: just the label, or “code | label”.")
    min_value = forms.DecimalField(label="Minimum", required=False, max_digits=18, decimal_places=6)
    max_value = forms.DecimalField(label="Maximum", required=False, max_digits=18, decimal_places=6)
    allow_other = forms.BooleanField(label="Offer “Other (please specify)”", required=False)
    randomise = forms.BooleanField(label="Show the options in a random order to each person", required=False)

    def __init__(self, *args, kind, earlier=(), question=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The kind chosen (posted, or the question's): the fields follow it.
        posted = self.data.get("kind") if self.is_bound else None
        self.kind = Kind(posted) if posted in Kind.values else Kind(kind)
        kind_spec = spec(self.kind)
        if not kind_spec.options:
            self.fields.pop("options")
        else:
            self.fields["options"].required = True
            self.fields["options"].error_messages["required"] = "Give the options, one per line."
        if self.kind == Kind.SCALE:
            self.fields["options"].label = "Scale points (from the lowest)"
            self.fields["options"].help_text = "One per line, valued 1, 2, 3 … in this order."
        elif self.kind == Kind.MATRIX:
            self.fields["options"].label = "Columns (the scale, from the lowest)"
        elif self.kind == Kind.RANKING:
            self.fields["options"].label = "Items to rank"
        if kind_spec.rows:
            self.fields["rows"].required = True
            self.fields["rows"].error_messages["required"] = "Give the rows, one per line."
        else:
            self.fields.pop("rows")
        if not kind_spec.limits:
            self.fields.pop("min_value")
            self.fields.pop("max_value")
        elif kind_spec.limits == "selections":
            self.fields["min_value"].label = "Fewest options to choose"
            self.fields["max_value"].label = "Most options to choose"
            for name in ("min_value", "max_value"):
                self.fields[name].decimal_places = 0
                self.fields[name].help_text = "A whole number."
        if not kind_spec.other:
            self.fields.pop("allow_other")
        if not kind_spec.randomisable:
            self.fields.pop("randomise")
        add_rule_fields(self, earlier, current=question)

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not one_line(text):
            raise forms.ValidationError("Enter the question.")
        return text

    def clean_options(self):
        return _choices(self.cleaned_data.get("options", ""), prefix="c" if self.kind == Kind.MATRIX else "o")

    def clean_rows(self):
        return _choices(self.cleaned_data.get("rows", ""), prefix="r", what="row")

    def clean(self):
        data = super().clean()
        clean_rule(self, data)
        return data

    def service_kwargs(self):
        data = self.cleaned_data
        fields = {name: data.get(name) for name in building.QUESTION_FIELDS}
        fields["help_text"] = fields["help_text"] or ""
        for name in ("required", "allow_other", "randomise"):
            fields[name] = bool(fields[name])
        return {**fields, "options": data.get("options") or [], "rows": data.get("rows") or []}


def _choices(text, *, prefix, what="option"):
    try:
        return building.parse_choices(text, prefix=prefix, what=what)
    except forms.ValidationError as exc:
        raise forms.ValidationError(exc.messages) from None


# --- Show-if rules: a question on an earlier page, an operator, one of its options ---------------

NO_RULE = ("", "Always shown")


def add_rule_fields(form, earlier, *, current=None):
    """The rule's three selects. `earlier`: the questions of earlier pages (options prefetched).
    A rule already saved that points elsewhere (a later page, a deleted question) stays
    selectable, so saving the form never drops it unseen: the logic check names it."""
    questions = [(q.code, f"{q.code}: {q.text[:80]}") for q in earlier]
    # The options grouped under their question (an <optgroup> each), valued "Q1:o2".
    values = [(f"{q.code}: {q.text[:60]}", [(f"{q.code}:{o.code}", o.label[:80]) for o in q.options.all()
                                             if o.role != "row"]) for q in earlier]
    values = [group for group in values if group[1]]
    if current is not None and current.show_if_code:
        if current.show_if_code not in {code for code, _ in questions}:
            questions.append((current.show_if_code, f"{current.show_if_code} (not on an earlier page)"))
        saved = f"{current.show_if_code}:{current.show_if_value}"
        offered = {value for _label, group in values for value, _ in group}
        if current.show_if_value and saved not in offered:
            values.append((saved, f"{current.show_if_code}: {current.show_if_value} (not an option of it now)"))
    form.fields["show_if_code"] = forms.ChoiceField(
        label="Show only if the answer to", required=False, choices=[NO_RULE, *questions],
        help_text="A question on an earlier page.")
    form.fields["show_if_operator"] = forms.ChoiceField(label="Condition", required=False,
                                                        choices=[("", "—"), *Operator.choices])
    form.fields["show_if_value"] = forms.ChoiceField(label="Option", required=False, choices=[("", "—"), *values])
    if current is not None and not form.is_bound:
        form.initial.setdefault("show_if_code", current.show_if_code)
        form.initial.setdefault("show_if_operator", current.show_if_operator)
        if current.show_if_value:
            form.initial.setdefault("show_if_value", f"{current.show_if_code}:{current.show_if_value}")


def clean_rule(form, data):
    """A whole rule or none; its option belongs to its question. Stores just the option code."""
    code, operator, value = data.get("show_if_code"), data.get("show_if_operator"), data.get("show_if_value")
    if not code:
        data["show_if_code"] = data["show_if_operator"] = data["show_if_value"] = ""
        return
    if not operator:
        form.add_error("show_if_operator", "Choose the condition.")
        return
    if operator == Operator.ANSWERED:
        data["show_if_value"] = ""
        return
    of, _colon, option = (value or "").partition(":")
    if not option:
        form.add_error("show_if_value", f"Choose one of {code}'s options.")
    elif of != code:
        form.add_error("show_if_value", f"Choose one of {code}'s options (this is an option of {of}).")
    else:
        data["show_if_value"] = option


def question_initial(question):
    """The form's values for a saved question."""
    initial = {name: getattr(question, name) for name in building.QUESTION_FIELDS}
    options = [o for o in question.options.all() if o.role != "row"]
    rows = [o for o in question.options.all() if o.role == "row"]
    initial.update(options=building.choices_text(options), rows=building.choices_text(rows))
    for name in ("min_value", "max_value"):
        if initial[name] is not None:
            initial[name] = initial[name].normalize()
    return initial


