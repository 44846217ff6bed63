from django import forms

from workspaces.kit.moderation import MAX_NOTE_LENGTH, MAX_REASON_LENGTH, ReportReason
from workspaces.lib.forms import SpecificErrorsMixin
from workspaces.models import Team

TOO_LONG = "Keep this to %(limit_value)d characters or fewer (it has %(show_value)d)."


class ReportForm(SpecificErrorsMixin, forms.Form):
    reason = forms.ChoiceField(label="What is wrong with it?", choices=ReportReason.choices, widget=forms.RadioSelect,
                               error_messages={"required": "Choose what is wrong with it."})
    note = forms.CharField(
        label="Anything the moderators should know", required=False, max_length=MAX_NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}), error_messages={"max_length": TOO_LONG},
        help_text="Needed for “Something else”. Only the workspace's moderators see your report, and who made it.",
    )

    def clean(self):
        data = super().clean()
        if data.get("reason") == ReportReason.OTHER and not (data.get("note") or "").strip():
            self.add_error("note", "Say what is wrong with it: the moderators read this.")
        return data


class HideForm(SpecificErrorsMixin, forms.Form):
    reason = forms.CharField(
        label="Why it is hidden", max_length=MAX_REASON_LENGTH,
        help_text="Shown in its place to everyone, and sent to its author. For example: "
                  "“It shared someone's phone number.”",
        error_messages={"required": "Say why it is hidden: the reason is shown in its place.", "max_length": TOO_LONG},
    )


class SettingsForm(SpecificErrorsMixin, forms.Form):
    hide_after_reports = forms.IntegerField(
        label="Hide an item until a moderator has looked at it after reports from this many members",
        min_value=1, max_value=100,
        error_messages={"required": "Say after how many members' reports an item is hidden (3, for example).",
                        "min_value": "At least 1.", "max_value": "At most 100.",
                        "invalid": "Write a whole number, such as 3."},
    )
    moderators_team = forms.ModelChoiceField(
        label="Moderators team", required=False, queryset=Team.objects.none(), empty_label="Managers only",
        help_text="Its members moderate with the managers: they work this queue.",
    )
    premoderate = forms.BooleanField(
        label="New comments wait for a moderator before anyone else sees them", required=False,
        help_text="Otherwise comments show at once, and moderators deal with what is reported.",
    )

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["moderators_team"].queryset = Team.objects.filter(workspace=workspace).order_by("name")
