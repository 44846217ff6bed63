"""The export's options and the themes' form."""

from django import forms

from workspaces.lib.forms import one_line

from .models import Theme
from .models.themes import MAX_THEME_DESCRIPTION_LENGTH, MAX_THEME_NAME_LENGTH


class ExportForm(forms.Form):
    format = forms.ChoiceField(label="File", choices=[("csv", "CSV (any spreadsheet or statistics program)"),
                                                     ("xlsx", "Excel workbook (.xlsx)")],
                               initial="csv", widget=forms.RadioSelect)
    status = forms.ChoiceField(label="Responses", choices=[("complete", "Complete responses (submitted)"),
                                                          ("partial", "Partial responses (started, not submitted)"),
                                                          ("all", "All responses")],
                               initial="complete", widget=forms.RadioSelect)
    headings = forms.ChoiceField(label="Column headings", choices=[("codes", "Question codes (Q1, Q4_o2)"),
                                                                  ("text", "Question text")],
                                 initial="codes", widget=forms.RadioSelect)
    values = forms.ChoiceField(label="Answers", choices=[("codes", "Option codes (o1, o2)"),
                                                        ("labels", "Option labels (“Yes”, “No”)")],
                               initial="labels", widget=forms.RadioSelect,
                               help_text="Multiple choice questions get one column per option either way: "
                                         "1 chosen, 0 not chosen, empty if the question was not answered.")


class ThemeForm(forms.ModelForm):
    class Meta:
        model = Theme
        fields = ["name", "description", "position"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"description": "What an answer says to get this theme: for everyone who tags.",
                      "position": "Themes are listed in this order."}

    def __init__(self, *args, with_position=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].max_length = MAX_THEME_NAME_LENGTH
        self.fields["description"].max_length = MAX_THEME_DESCRIPTION_LENGTH
        if not with_position:
            del self.fields["position"]

    def clean_name(self):
        name = one_line(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError("Enter the theme's name.")
        return name
