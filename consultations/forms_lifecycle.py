"""The lifecycle part's forms: publishing (with the reason the period check may ask for) and
extending the close date. The services check again and put their refusals on these fields."""

from django import forms

from .models.consultation import MAX_REASON_LENGTH

DATETIME_HELP = "For example 15/01/2027 17:00."


class PublishForm(forms.Form):
    period_reason = forms.CharField(
        label="Why the period is shorter or falls in a holiday", required=False, max_length=MAX_REASON_LENGTH,
    )

    def __init__(self, *args, flagged=(), **kwargs):
        super().__init__(*args, **kwargs)
        if flagged:
            self.show_reason()
        else:
            self.fields["period_reason"].widget = forms.HiddenInput()

    def show_reason(self):
        field = self.fields["period_reason"]
        field.widget = forms.Textarea(attrs={"rows": 3})
        field.help_text = "Required: say why. Kept in the audit trail."


class ExtendForm(forms.Form):
    closes_at = forms.DateTimeField(
        label="New close date and time", help_text=DATETIME_HELP,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"required": "Enter the new close date and time.",
                        "invalid": "Enter a date and time, for example 15/01/2027 17:00."},
    )
    reason = forms.CharField(
        label="Why the close date moves", max_length=MAX_REASON_LENGTH, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Respondents are told this in the email, and it is kept in the audit trail. If the new period "
                  "is short or takes in a holiday, say why here too.",
        error_messages={"required": "Say why the close date moves."},
    )
