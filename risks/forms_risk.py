"""The forms of one risk: its details and three scores (selects labelled from the register's
matrix, "4 – Likely"), a status move, a review, a control, an action, a formal acceptance and
its end. The services check again and their refusals come back next to the fields."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from workspaces.kit.forms import SpecificErrorsMixin, people_field, split_people
from workspaces.kit.selectors import members_named
from workspaces.lib.forms import date_input, one_line

from .models import (
    MAX_REASON_LENGTH,
    MAX_TEXT_LENGTH,
    MAX_TITLE_LENGTH,
    SCORES,
    ControlType,
    Proximity,
    Response,
)
from .services import TRANSITIONS
from .services_risk import MAX_DESCRIPTION_LENGTH, NEXT_REVIEW_LATER

SCORE_WORDS = {"inherent": "Inherent (before any control)", "current": "Current (with the controls in place)",
               "target": "Target (once the actions are done)"}
MOVE_WORDS = {("open", "mitigating"): "Start mitigating", ("open", "closed"): "Close the risk",
              ("mitigating", "closed"): "Close the risk", ("mitigating", "open"): "Back to open (stop mitigating)",
              ("closed", "open"): "Reopen the risk"}


def score_choices(labels, what):
    return [("", f"Choose the {what}")] + [(str(n), f"{n} – {label}") for n, label in enumerate(labels, start=1)]


def score_field(matrix, name, part):
    labels = matrix.likelihood_labels if part == "likelihood" else matrix.impact_labels
    return forms.TypedChoiceField(
        label=f"{name.capitalize()} {part}", choices=score_choices(labels, part), coerce=int, empty_value=None,
        required=False,
        error_messages={"invalid_choice": f"Choose {'a' if part == 'likelihood' else 'an'} {part} from 1 to "
                                         f"{matrix.size}."})


def add_score_fields(form, matrix, names=SCORES):
    for name in names:
        for part in ("likelihood", "impact"):
            form.fields[f"{name}_{part}"] = score_field(matrix, name, part)


def scores_of(cleaned, names=SCORES):
    return {name: (cleaned.get(f"{name}_likelihood"), cleaned.get(f"{name}_impact")) for name in names}


class OwnerMixin:
    """A people field naming one member (or nobody)."""

    def _one_member(self, name, *, required=False):
        names = split_people(self.cleaned_data.get(name))
        if not names:
            if required:
                raise ValidationError("Name the owner.")
            return None
        if len(names) > 1:
            raise ValidationError("Name one person.")
        try:
            return members_named(self.workspace, names)[0]
        except ValidationError as exc:
            raise ValidationError(exc.messages) from None


class RiskForm(SpecificErrorsMixin, OwnerMixin, forms.Form):
    title = forms.CharField(max_length=MAX_TITLE_LENGTH, help_text="A short name for the risk.")
    cause = forms.CharField(required=False, max_length=MAX_TEXT_LENGTH, widget=forms.Textarea(attrs={"rows": 3}),
                            help_text="Because of … (what could set it off).")
    event = forms.CharField(required=False, max_length=MAX_TEXT_LENGTH, widget=forms.Textarea(attrs={"rows": 3}),
                            help_text="… this could happen …")
    impact = forms.CharField(label="Effect", required=False, max_length=MAX_TEXT_LENGTH,
                             widget=forms.Textarea(attrs={"rows": 3}), help_text="… with this effect.")
    trigger = forms.CharField(required=False, max_length=500, help_text="The sign that it is happening.")
    category = forms.ModelChoiceField(queryset=None, required=False, empty_label="No category",
                                      error_messages={"invalid_choice": "Choose one of this register's categories."})
    owner = people_field("Owner", "The member who looks after this risk.")
    proximity = forms.ChoiceField(required=False, choices=[("", "Not known")] + list(Proximity.choices),
                                  error_messages={"invalid_choice": "Choose when it could happen from the list."})
    response = forms.ChoiceField(label="Response", required=False,
                                 choices=[("", "Not decided")] + list(Response.choices),
                                 error_messages={"invalid_choice": "Choose tolerate, treat, transfer or terminate."})
    review_by = forms.DateField(label="Next review", required=False, widget=date_input(),
                                help_text="Empty on a new risk: in the register's review period.")
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, data=None, *, register, workspace, risk=None, **kwargs):
        if risk is not None and "initial" not in kwargs:
            kwargs["initial"] = initial_of(risk)
        super().__init__(data, **kwargs)
        self.register, self.workspace, self.risk = register, workspace, risk
        self.matrix = register.matrix()
        self.fields["category"].queryset = register.categories.all()
        self.fields["category"].label_from_instance = category_label
        add_score_fields(self, self.matrix)
        if risk is None:
            self.fields.pop("base_version")

    def clean_title(self):
        title = one_line(self.cleaned_data["title"])
        if not title:
            raise ValidationError("Give the risk a title.")
        return title

    def clean_owner(self):
        return self._one_member("owner")

    def score_pairs(self):
        return [(SCORE_WORDS[name], self[f"{name}_likelihood"], self[f"{name}_impact"]) for name in SCORES]

    def service_kwargs(self):
        data = self.cleaned_data
        kwargs = {name: data.get(name) for name in ("title", "cause", "event", "impact", "trigger", "category",
                                                     "owner", "proximity", "response")}
        kwargs["scores"] = scores_of(data)
        if data.get("review_by"):  # empty: as it was (a new risk: the register's review period)
            kwargs["review_by"] = data["review_by"]
        return kwargs


def category_label(category):
    return f"{category.name} (appetite {category.get_appetite_display().lower()}, up to {category.max_score})"


def initial_of(risk):
    initial = {name: getattr(risk, name) for name in ("title", "cause", "event", "impact", "trigger", "proximity",
                                                       "response", "review_by")}
    initial.update(category=risk.category_id, owner=risk.owner.email if risk.owner_id and risk.owner else "",
                   base_version=risk.version)
    for name in SCORES:
        for part in ("likelihood", "impact"):
            value = getattr(risk, f"{name}_{part}")
            initial[f"{name}_{part}"] = str(value) if value else ""
    return initial


class MoveForm(SpecificErrorsMixin, forms.Form):
    to = forms.ChoiceField(label="Move the risk to", widget=forms.RadioSelect,
                           error_messages={"invalid_choice": "Choose one of the moves offered.",
                                           "required": "Choose where to move the risk."})
    reason = forms.CharField(label="Why", required=False, max_length=MAX_REASON_LENGTH,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="Needed to reopen a closed risk; optional otherwise.")

    def __init__(self, data=None, *, risk, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["to"].choices = moves_from(risk.status)


def moves_from(status):
    return [(to, MOVE_WORDS.get((str(frm), str(to)), str(to))) for (frm, to) in TRANSITIONS if frm == status]


class ReviewForm(SpecificErrorsMixin, forms.Form):
    note = forms.CharField(label="What the review found", required=False, max_length=MAX_REASON_LENGTH,
                           widget=forms.Textarea(attrs={"rows": 3}))
    review_by = forms.DateField(label="Next review", required=False, widget=date_input())

    def __init__(self, data=None, *, risk, **kwargs):
        kwargs.setdefault("initial", {"current_likelihood": str(risk.current_likelihood or ""),
                                      "current_impact": str(risk.current_impact or "")})
        super().__init__(data, **kwargs)
        add_score_fields(self, risk.register.matrix(), names=("current",))
        self.fields["current_likelihood"].label = "Current likelihood, re-checked"
        self.fields["current_impact"].label = "Current impact, re-checked"
        self.fields["review_by"].help_text = (f"Empty: in {risk.register.review_days} days, the register's review "
                                              "period.")

    def clean_review_by(self):
        value = self.cleaned_data.get("review_by")
        if value is not None and value <= timezone.localdate():
            raise ValidationError(NEXT_REVIEW_LATER)
        return value

    def service_kwargs(self):
        data = self.cleaned_data
        return {"note": data.get("note", ""), "review_by": data.get("review_by"),
                "scores": scores_of(data, ("current",))}


class ControlForm(SpecificErrorsMixin, OwnerMixin, forms.Form):
    description = forms.CharField(max_length=MAX_DESCRIPTION_LENGTH, help_text="The control the current score "
                                                                                 "relies on.")
    kind = forms.ChoiceField(label="Type", choices=ControlType.choices,
                             error_messages={"invalid_choice": "Choose preventive, detective, corrective or "
                                                               "directive."})
    owner = people_field("Owner", "Optional: who runs the control.")

    def __init__(self, data=None, *, workspace, **kwargs):
        super().__init__(data, **kwargs)
        self.workspace = workspace

    def clean_owner(self):
        return self._one_member("owner")


class ActionForm(SpecificErrorsMixin, OwnerMixin, forms.Form):
    description = forms.CharField(max_length=MAX_DESCRIPTION_LENGTH, help_text="What will be done.")
    response = forms.ChoiceField(label="Which of the four Ts", choices=Response.choices, initial=Response.TREAT,
                                 error_messages={"invalid_choice": "Choose tolerate, treat, transfer or terminate."})
    owner = people_field("Owner", "Who does it; they are told, and reminded 3 days before it is due.")
    due_on = forms.DateField(label="Due", required=False, widget=date_input())

    def __init__(self, data=None, *, workspace, **kwargs):
        super().__init__(data, **kwargs)
        self.workspace = workspace

    def clean_owner(self):
        return self._one_member("owner")


class AcceptForm(SpecificErrorsMixin, forms.Form):
    justification = forms.CharField(required=False, max_length=MAX_REASON_LENGTH,
                                    widget=forms.Textarea(attrs={"rows": 4}),
                                    help_text="Why the risk is tolerated rather than treated.")
    review_by = forms.DateField(label="Review by", required=False, widget=date_input(),
                                help_text="When the acceptance must be looked at again; you are reminded 7 days "
                                          "before.")


class EndAcceptanceForm(SpecificErrorsMixin, forms.Form):
    reason = forms.CharField(label="Why it ends", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
