"""The register part's forms: a register's details (and who may see and keep it), its matrix,
its categories with their appetite, and the table's filters. The services check again
(risks.services_register); their refusals come back next to the fields."""

from django import forms

from workspaces.kit.forms import ItemAccessFormMixin, loaded_state_field
from workspaces.kit.services import loaded_state
from workspaces.lib.forms import date_input, one_line

from .matrix import MAX_LABEL_LENGTH, MAX_SIZE, MIN_SIZE
from .models import APPETITE_MAX, MAX_TEXT_LENGTH, Appetite, Category, Register
from .services_register import DETAIL_FIELDS, MAX_REVIEW_DAYS
from .table import SCORE_NAMES, STATUS_FILTERS


class RegisterForm(ItemAccessFormMixin, forms.ModelForm):
    loaded_state = loaded_state_field()

    class Meta:
        model = Register
        fields = ["title", "description", "review_days", "view_access", "view_teams", "change_access",
                  "change_teams"]
        labels = {"title": "Title", "description": "Description", "review_days": "Review each risk every (days)",
                  "view_access": "Who can see it and its risks", "change_access": "Who else keeps it (adds and "
                                                                                   "edits risks)"}
        help_texts = {"title": "For example “Programme risks”.",
                      "description": "Optional: what the register covers. You can use Markdown.",
                      "review_days": "A new risk's next review is set this many days ahead."}
        error_messages = {"title": {"required": "Give the register a title."}}
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_access(workspace)
        self.fields["description"].max_length = MAX_TEXT_LENGTH
        self.fields["review_days"].widget.attrs.update(min=1, max=MAX_REVIEW_DAYS)
        if self.instance.pk:
            if not self.is_bound:
                self.initial["loaded_state"] = loaded_state(self.instance, DETAIL_FIELDS)
        else:  # a new register reviews every 90 days until its details say otherwise
            self.fields.pop("loaded_state")
            self.fields.pop("review_days")

    def clean_title(self):
        title = one_line(self.cleaned_data["title"])
        if not title:
            raise forms.ValidationError("Give the register a title.")
        return title

    def clean_review_days(self):
        days = self.cleaned_data.get("review_days")
        if days is None or not 1 <= days <= MAX_REVIEW_DAYS:
            raise forms.ValidationError(f"Review every 1 to {MAX_REVIEW_DAYS} days.")
        return days

    def service_kwargs(self):
        data = self.cleaned_data
        kwargs = {"title": data["title"], "description": data.get("description", ""),
                  "view_access": data["view_access"], "change_access": data["change_access"],
                  "view_teams": data.get("view_teams") or [], "change_teams": data.get("change_teams") or []}
        if self.instance.pk:
            kwargs["review_days"] = data["review_days"]
            kwargs["loaded_state"] = data.get("loaded_state", "")
        return kwargs


def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class MatrixForm(forms.Form):
    size = forms.TypedChoiceField(label="Matrix size", coerce=int,
                                  choices=[(n, f"{n} × {n}") for n in range(MIN_SIZE, MAX_SIZE + 1)],
                                  help_text="Likelihood and impact each go from 1 to this.")
    likelihood_labels = forms.CharField(label="Likelihood labels", widget=forms.Textarea(attrs={"rows": 6}),
                                        help_text=f"One per line, lowest first; as many as the size, each at most "
                                                  f"{MAX_LABEL_LENGTH} characters.")
    impact_labels = forms.CharField(label="Impact labels", widget=forms.Textarea(attrs={"rows": 6}),
                                    help_text="One per line, lowest first; as many as the size.")
    low_max = forms.IntegerField(label="Highest low score", min_value=1, max_value=35,
                                 help_text="Scores up to this are Low.")
    medium_max = forms.IntegerField(label="Highest medium score", min_value=2, max_value=35,
                                    help_text="Scores above the low band and up to this are Medium; above it, High.")

    def __init__(self, *args, register, **kwargs):
        kwargs.setdefault("prefix", "matrix")
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.update(size=register.size, likelihood_labels="\n".join(register.likelihood_labels),
                                impact_labels="\n".join(register.impact_labels), low_max=register.low_max,
                                medium_max=register.medium_max)

    def service_kwargs(self):
        data = self.cleaned_data
        return {"size": data["size"], "likelihood_labels": _lines(data["likelihood_labels"]),
                "impact_labels": _lines(data["impact_labels"]), "low_max": data["low_max"],
                "medium_max": data["medium_max"]}


class CategoryForm(forms.Form):
    name = forms.CharField(label="Name", max_length=80, error_messages={"required": "Give the category a name."})
    appetite = forms.ChoiceField(label="Appetite", choices=Appetite.choices)
    max_score = forms.IntegerField(label="Highest acceptable score", min_value=0, max_value=36, required=False,
                                   help_text="Empty: the level's usual maximum ("
                                             + ", ".join(f"{Appetite(level).label.lower()} {value}"
                                                         for level, value in APPETITE_MAX.items()) + ").")

    def __init__(self, *args, category=None, **kwargs):
        self.category = category
        kwargs.setdefault("prefix", f"category-{category.pk}" if category else "new")
        super().__init__(*args, **kwargs)
        if category is not None and not self.is_bound:
            self.initial.update(name=category.name, appetite=category.appetite, max_score=category.max_score)

    def service_kwargs(self):
        data = self.cleaned_data
        return {"name": data["name"], "appetite": data["appetite"], "max_score": data.get("max_score")}


def category_forms(register, data=None, posted=None):
    """A form per category (the posted one bound, with its errors)."""
    forms_ = []
    for category in Category.objects.filter(register=register):
        bound = data if posted == category.pk else None
        forms_.append(CategoryForm(bound, category=category))
    return forms_


class FilterForm(forms.Form):
    """The table's filters, as the page shows them (what is applied comes from table.Filters)."""

    status = forms.ChoiceField(label="Status", required=False,
                               choices=[(key, label) for key, (label, _) in STATUS_FILTERS.items()])
    category = forms.ChoiceField(label="Category", required=False)
    band = forms.ChoiceField(label="Level", required=False,
                             choices=[("", "Any level"), ("low", "Low"), ("medium", "Medium"), ("high", "High")])
    owner = forms.ChoiceField(label="Owner", required=False)
    outside = forms.BooleanField(label="Outside appetite only", required=False)
    as_at = forms.DateField(label="As at", required=False, widget=date_input(),
                            help_text="Empty: now. A date rebuilds the register as it stood at the end of that day.")

    def __init__(self, filters, *, categories, owners, **kwargs):
        initial = {"status": filters.status, "category": filters.category or "", "band": filters.band,
                   "owner": filters.owner or "", "outside": filters.outside, "as_at": filters.as_at}
        super().__init__(initial=initial, auto_id="filter-%s", **kwargs)
        self.fields["category"].choices = [("", "Any category"), *[(c.pk, c.name) for c in categories]]
        self.fields["owner"].choices = [("", "Anyone"), *owners]
        self.filter_errors = filters.errors


class MapChoiceForm(forms.Form):
    score = forms.ChoiceField(label="Score", required=False, choices=list(SCORE_NAMES.items()))
    as_at = forms.DateField(label="As at", required=False, widget=date_input(),
                            help_text="Empty: now.")

    def __init__(self, filters, **kwargs):
        super().__init__(initial={"score": filters.score, "as_at": filters.as_at}, auto_id="map-%s", **kwargs)
