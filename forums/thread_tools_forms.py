"""The forms of the moderators' thread tools (forums.thread_tools). Each posts with its own
`tool` name to the thread's moderation page, so one page holds them all and an error shows
next to the field of the form it belongs to."""

from django import forms

from .models import MAX_REASON_LENGTH, MAX_TITLE_LENGTH, Board

SLOW_MODE_CHOICES = [(0, "Off"), (1, "1 minute"), (5, "5 minutes"), (10, "10 minutes"), (15, "15 minutes"),
                     (30, "30 minutes"), (60, "1 hour"), (120, "2 hours"), (360, "6 hours"), (1440, "1 day")]


def _reason(label, help_text):
    return forms.CharField(label=label, help_text=help_text, required=False, max_length=MAX_REASON_LENGTH,
                           error_messages={"max_length": f"Keep it to {MAX_REASON_LENGTH} characters or fewer."})


class LockForm(forms.Form):
    tool = "lock"
    reason = _reason("Why it is locked", "Shown at the top of the thread.")


class SlowModeForm(forms.Form):
    tool = "slow_mode"
    minutes = forms.TypedChoiceField(label="Each person may post once every", choices=SLOW_MODE_CHOICES, coerce=int)
    reason = _reason("Why", "Shown on the thread and kept with your name.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A reason is needed to turn slow mode on, not to turn it off.
        turning_off = self.is_bound and self.data.get(self.add_prefix("minutes")) == "0"
        self.fields["reason"].required = not turning_off
        self.fields["reason"].error_messages["required"] = "Say why: people reading the thread see it."


class CloseForm(forms.Form):
    tool = "close"
    until = forms.DateTimeField(
        label="Closed until", input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="The thread opens again by itself at this time (your time zone).",
        error_messages={"required": "Say until when the thread is closed.",
                        "invalid": "Enter a date and time, such as 2027-01-15 17:00."},
    )
    reason = _reason("Why", "Shown at the top of the thread while it is closed.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = True
        self.fields["reason"].error_messages["required"] = "Say why: people reading the thread see it."


class MoveForm(forms.Form):
    board = forms.ModelChoiceField(queryset=Board.objects.none(), label="Move to the board",
                                   empty_label=None, error_messages={"invalid_choice": "Choose one of the boards."})

    def __init__(self, *args, boards, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["board"].queryset = boards


class SplitForm(forms.Form):
    first = forms.IntegerField(label="From post number", min_value=2, max_value=2**31 - 1,
                               error_messages={"required": "Say which post the new thread starts with.",
                                               "min_value": "Start from post 2 or later: the first post stays."})
    last = forms.IntegerField(label="To post number (optional)", required=False, min_value=2, max_value=2**31 - 1,
                              help_text="Leave empty to move every post from there to the end.")
    title = forms.CharField(label="Title of the new thread", max_length=MAX_TITLE_LENGTH,
                            error_messages={"required": "Give the new thread a title.",
                                            "max_length": f"Keep the title to {MAX_TITLE_LENGTH} characters or fewer."})
    board = forms.ModelChoiceField(queryset=Board.objects.none(), label="On the board", empty_label=None,
                                   required=False, help_text="The same board unless you choose another.",
                                   error_messages={"invalid_choice": "Choose one of the boards."})

    def __init__(self, *args, boards, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["board"].queryset = boards
